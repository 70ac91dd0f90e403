import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld } from '../../../../test/enterprise-factories.ts'
import { RESUMPTION_CHECKLIST, type ResumptionInput } from '../../../shared/schemas/enterprise-resumption.ts'
import { buildApp } from '../../app.ts'

function application(complete: boolean): ResumptionInput {
  const part = (items: readonly string[], ok = true) => Object.fromEntries(items.map((i) => [i, ok]))
  return {
    checklist: {
      entry: part(RESUMPTION_CHECKLIST.entry),
      workshop: part(RESUMPTION_CHECKLIST.workshop),
      canteen: part(RESUMPTION_CHECKLIST.canteen),
      dormitory: part(RESUMPTION_CHECKLIST.dormitory, complete),
    } as ResumptionInput['checklist'],
    staffPlan: { returningLocal: 40, returningOtherProvince: 300, firstDay: '2020-02-18' },
    ppe: { masks: 3000, thermometers: 10, disinfectantLitres: 50 },
    vehiclePasses: [{ plate: '浙c 12345', route: '湖南—瓯海 返岗直通车' }],
  }
}

describe(`resumption applications on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const submit = (cookie: string, payload: object) =>
    app.inject({ method: 'POST', url: '/api/enterprise/resumption', headers: { cookie }, payload })
  const decide = (cookie: string, id: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/enterprise/resumption/${id}/decision`, headers: { cookie }, payload })
  const board = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/enterprise/problems/board?areaId=${world.tree.street.id}`,
        headers: { cookie: world.cookies.leader },
      })
    ).json()

  it('is filed by the enterprise, returned when the checklist is incomplete, and approved once fixed', async () => {
    const first = await submit(world.cookies.entA, application(false))
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toMatchObject({ status: 'submitted', checklistComplete: false, vehiclePasses: [{ plate: '浙C12345' }] })
    // One pending application at a time.
    expect((await submit(world.cookies.entA, application(true))).json().code).toBe('RESUMPTION_PENDING_EXISTS')
    // The office cannot approve with open items, and must say what to fix when returning.
    expect((await decide(world.cookies.liaison, first.json().id, { decision: 'approve' })).json().code).toBe(
      'RESUMPTION_CHECKLIST_INCOMPLETE',
    )
    expect((await decide(world.cookies.liaison, first.json().id, { decision: 'return' })).json().errors[0].code).toBe(
      'resumption.returnReasonRequired',
    )
    const returned = await decide(world.cookies.liaison, first.json().id, { decision: 'return', note: '宿舍未设隔离观察室' })
    expect(returned.json()).toMatchObject({ status: 'returned', decisionNote: '宿舍未设隔离观察室', decidedBy: 'liaison' })
    expect((await decide(world.cookies.liaison, first.json().id, { decision: 'return', note: '再退' })).json().code).toBe(
      'RESUMPTION_NOT_PENDING',
    )

    const before = await board()
    const second = await submit(world.cookies.entA, application(true))
    // The enterprise cannot decide its own application.
    expect((await decide(world.cookies.entA, second.json().id, { decision: 'approve' })).statusCode).toBe(403)
    const approved = await decide(world.cookies.liaison, second.json().id, { decision: 'approve' })
    expect(approved.json()).toMatchObject({ status: 'approved', checklistComplete: true })
    const mine = await app.inject({ method: 'GET', url: '/api/enterprise/registry/mine', headers: { cookie: world.cookies.entA } })
    expect(mine.json().resumedAt).not.toBeNull()
    const after = await board()
    expect(after.resumption.resumed).toBe(before.resumption.resumed + 1)
    expect(after.resumption.aboveScaleResumed).toBe(before.resumption.aboveScaleResumed + 1)
  })

  it('keeps applications within scope: another district’s liaison sees 404, another enterprise sees nothing', async () => {
    const filed = await submit(world.cookies.entB, application(true))
    expect((await decide(world.cookies.liaisonOther, filed.json().id, { decision: 'approve' })).statusCode).toBe(404)
    const listA = await app.inject({ method: 'GET', url: '/api/enterprise/resumption', headers: { cookie: world.cookies.entA } })
    expect(listA.json().items.every((a: { enterpriseId: string }) => a.enterpriseId === world.enterpriseA.id)).toBe(true)
    const queue = await app.inject({
      method: 'GET',
      url: '/api/enterprise/resumption?status=submitted',
      headers: { cookie: world.cookies.liaison },
    })
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(filed.json().id)
  })

  it('lets exactly one of two officers deciding at once win', async () => {
    const filed = await submit(world.cookies.liaison, { ...application(true), enterpriseId: world.enterpriseOther.id })
    expect(filed.statusCode).toBe(404) // not in this liaison's district
    const own = await submit(world.cookies.liaisonOther, { ...application(true), enterpriseId: world.enterpriseOther.id })
    const [a, b] = await Promise.all([
      decide(world.cookies.liaisonOther, own.json().id, { decision: 'approve' }),
      decide(world.cookies.admin, own.json().id, { decision: 'return', note: '补材料' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
  })

  it('checks the plate number with its own message', async () => {
    const bad = await submit(world.cookies.entA, { ...application(true), vehiclePasses: [{ plate: '12345', route: 'x' }] })
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'vehiclePasses.0.plate', code: 'plate.format' })])
  })
})
