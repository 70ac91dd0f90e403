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

  it('gives Lihuiyao’s 120 properties house codes and its 1,300 new residents a home within capacity', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'gridworker', DEMO_PASSWORD)
    const overview = (await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })).json()
    expect(overview.totals).toMatchObject({ rentalProperties: 120, codedProperties: 120, occupants: 1300, pendingApplications: 0, pendingRegistrations: 3 })
    const full = await ctx.deps.db.selectFrom('rental_property').select((eb) => eb.fn.countAll<number>().as('n')).whereRef('occupants', '>', 'capacity').executeTakeFirstOrThrow()
    expect(Number(full.n)).toBe(0)
    const landlord = await login(app, 'landlord', DEMO_PASSWORD)
    const mine = (await app.inject({ method: 'GET', url: '/api/housing/properties', headers: { cookie: landlord } })).json()
    expect(mine.items).toEqual([expect.objectContaining({ landlordName: '郑阿福', status: 'code_issued' })])
    const waiting = await app.inject({ method: 'GET', url: `/api/housing/properties/${mine.items[0].id}/registrations?status=pending`, headers: { cookie: landlord } })
    expect(waiting.json()).toHaveLength(3)
    const admin = await login(app, 'admin', DEMO_PASSWORD)
    const groups = (await app.inject({ method: 'GET', url: '/api/housing/group-rentals', headers: { cookie: admin } })).json()
    expect(groups).toEqual([expect.objectContaining({ streetName: '瞿溪街道', properties: 6, occupants: 216 })])
    await app.close()
  })

  it('shows the Ouhai leader subsidies paid and the 20 recruitment teams against their 2,000-hire quotas', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'policy', DEMO_PASSWORD)
    const { programmes } = (await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })).json()
    const paid = await ctx.deps.db
      .selectFrom('subsidy_application')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.val('0')).as('fen'))
      .where('state', '=', 'paid')
      .executeTakeFirstOrThrow()
    expect(programmes.subsidies.paidFen).toBe(Number(paid.fen))
    expect(programmes.subsidies.paidFen).toBeGreaterThan(0)
    expect(programmes.recruitment).toMatchObject({ teams: 20, quota: 40_000 })
    expect(programmes.recruitment.hires).toBeGreaterThan(0)
    expect(programmes.recruitment.hires).toBeLessThan(programmes.recruitment.signups)
    await app.close()
  })

  it('has one demo account per role', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES))
  })

  it('is not loaded twice', async () => {
    expect(await loadDemoData(ctx.deps, { onlyIfEmpty: true })).toBe(false)
  })
})
