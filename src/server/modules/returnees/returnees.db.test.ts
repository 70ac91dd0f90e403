import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput, residentId } from '../../../../test/factories.ts'
import { addDays, chinaDay } from '../../../shared/schemas/returnees.ts'
import { buildApp } from '../../app.ts'

describe(`returnees on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: string
  let landlord: string
  let otherLandlord: string
  let neighbour: string
  const today = chinaDay(new Date())

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'landlord', 'landlord', tree.villageA.id)
    await createTestAccount(ctx.deps, 'landlord2', 'landlord', tree.villageA.id)
    await createTestAccount(ctx.deps, 'neighbour', 'grid_worker', tree.villageB.id)
    ;[worker, landlord, otherLandlord, neighbour] = (await Promise.all(
      ['worker', 'landlord', 'landlord2', 'neighbour'].map((u) => login(app, u)),
    )) as [string, string, string, string]
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const register = (cookie: string, overrides: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/returnees',
      headers: { cookie },
      payload: {
        person: { name: '刘洋', idType: 'resident_id', idNumber: residentId('522101'), phone: '13912345678' },
        areaId: tree.gridA.id,
        cameFrom: '贵州遵义',
        arrivedOn: addDays(today, -3),
        address: '蛎灰窑出租房 3 号',
        beforeReturn: [1, 2, 3].map((d) => ({ day: addDays(today, -3 - d), temperature: 36.4 })),
        ...overrides,
      },
    })

  it('lets a landlord register a returnee, registering the person, and gives the phone-page link once', async () => {
    const response = await register(landlord)
    expect(response.statusCode).toBe(201)
    const created = response.json()
    expect(created).toMatchObject({
      personName: '刘洋',
      status: 'observing',
      arrivedOn: addDays(today, -3),
      observationEndsOn: addDays(today, 10),
      reportedToday: false,
    })
    expect(created.reports.filter((r: { phase: string }) => r.phase === 'before')).toHaveLength(3)
    expect(created.selfServicePath).toMatch(/^\/self\/[A-Za-z0-9_-]{32}$/)
    const person = await ctx.deps.db
      .selectFrom('person')
      .select(['kind', 'origin', 'area_id'])
      .where('id', '=', created.personId)
      .executeTakeFirstOrThrow()
    expect(person).toEqual({ kind: 'new_resident', origin: '贵州遵义', area_id: tree.gridA.id })
    const again = await register(landlord, { personId: created.personId, person: undefined })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('RETURNEE_ALREADY_OBSERVED')
  })

  it('shows a landlord only the returnees they registered, the grid worker all of the village, the neighbour none', async () => {
    await register(otherLandlord)
    const mine = (await app.inject({ method: 'GET', url: '/api/returnees', headers: { cookie: landlord } })).json()
    const all = (await app.inject({ method: 'GET', url: '/api/returnees', headers: { cookie: worker } })).json()
    const none = (await app.inject({ method: 'GET', url: '/api/returnees', headers: { cookie: neighbour } })).json()
    expect(mine).toHaveLength(1)
    expect(all.length).toBeGreaterThanOrEqual(2)
    expect(none).toEqual([])
    expect((await app.inject({ method: 'GET', url: `/api/returnees/${all[0].id}`, headers: { cookie: neighbour } })).statusCode).toBe(404)
  })

  it('refuses a person registered in another village the caller cannot see', async () => {
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: neighbour },
      payload: personInput(tree.villageB.id),
    })
    const idNumber = personInput(tree.villageB.id).idNumber
    await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: neighbour },
      payload: personInput(tree.villageB.id, { idNumber }),
    })
    expect(elsewhere.statusCode).toBe(201)
    const response = await register(worker, { person: { name: '某人', idType: 'resident_id', idNumber } })
    expect(response.statusCode).toBe(409)
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'person.idNumber', code: 'RETURNEE_PERSON_ELSEWHERE' })])
  })

  it('takes the daily report from the person’s phone page and raises fever and abnormal-report alerts', async () => {
    const created = (await register(worker)).json()
    const token = created.selfServicePath.split('/').pop()
    const view = await app.inject({ method: 'GET', url: `/api/self/${token}` })
    expect(view.json()).toEqual({
      greetingName: '刘',
      returnee: { observationEndsOn: addDays(today, 10), reportedToday: false },
      isolation: null,
      consultation: null,
    })
    expect(
      (await app.inject({ method: 'POST', url: `/api/self/${token}/reports`, payload: { temperature: 37.6, symptoms: ['cough'] } }))
        .statusCode,
    ).toBe(204)
    expect((await app.inject({ method: 'GET', url: `/api/self/${token}` })).json().returnee.reportedToday).toBe(true)
    const alerts = await ctx.deps.db
      .selectFrom('alert')
      .select(['kind', 'subject_ref'])
      .where('person_id', '=', created.personId)
      .orderBy('kind')
      .execute()
    expect(alerts).toEqual([
      { kind: 'fever', subject_ref: created.id },
      { kind: 'report_abnormal', subject_ref: created.id },
    ])
    const detail = (await app.inject({ method: 'GET', url: `/api/returnees/${created.id}`, headers: { cookie: worker } })).json()
    expect(detail.reports.find((r: { phase: string }) => r.phase === 'observation')).toMatchObject({
      day: today,
      temperature: 37.6,
      symptoms: ['cough'],
      reportedBy: 'self',
    })
    expect((await app.inject({ method: 'GET', url: '/api/self/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404)
  })

  it('refuses a report for a day outside the observation', async () => {
    const created = (await register(worker)).json()
    const response = await app.inject({
      method: 'POST',
      url: `/api/returnees/${created.id}/reports`,
      headers: { cookie: worker },
      payload: { day: addDays(today, -10), temperature: 36.5 },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().code).toBe('REPORT_DAY_OUTSIDE_OBSERVATION')
    const ok = await app.inject({
      method: 'POST',
      url: `/api/returnees/${created.id}/reports`,
      headers: { cookie: worker },
      payload: { temperature: 36.5 },
    })
    expect(ok.json()).toMatchObject({ reportedToday: true, lastTemperature: 36.5 })
  })
})
