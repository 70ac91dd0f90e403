import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { login } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from './demo.ts'
import { ROLES } from '../../shared/roles.ts'

describe(`demo data on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
    expect(await loadDemoData(ctx.deps, { onlyIfEmpty: true })).toBe(true)
  }, 120_000)
  afterAll(() => ctx.close())

  it('shows the demo grid worker the Lihuiyao figures of the report', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'gridworker', DEMO_PASSWORD)
    const response = await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })
    expect(response.json()).toMatchObject({
      area: { name: '蛎灰窑经合社', level: 'village' },
      totals: { residents: 2500, newResidents: 1300, stayedOverHoliday: 265, landlords: 120, rentalRooms: 600 },
    })
    await app.close()
  })

  it('has one demo account per role', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES))
  })

  it('is not loaded twice', async () => {
    expect(await loadDemoData(ctx.deps, { onlyIfEmpty: true })).toBe(false)
  })
})
