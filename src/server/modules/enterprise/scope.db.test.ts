import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, enterpriseInput } from '../../../../test/enterprise-factories.ts'
import { RESUMPTION_CHECKLIST } from '../../../shared/schemas/enterprise-resumption.ts'
import { buildApp } from '../../app.ts'

describe(`enterprise routes and the area scope on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>
  const routes: string[] = []
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false, onRoute: (route) => routes.push(`${route.method} ${route.url}`) })
    world = await createEnterpriseWorld(ctx.deps, app)
    const post = async (url: string, cookie: string, payload: object) => {
      const response = await app.inject({ method: 'POST', url: `/api/enterprise${url}`, headers: { cookie }, payload })
      expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300)
      return response.json()
    }
    // Everything below belongs to enterprise A, in village A of the street.
    ids.problem = (await post('/problems', world.cookies.entA, { category: 'finance', title: '贷款', description: '周转' })).id
    ids.attachment = (
      await post(`/problems/${ids.problem}/attachments`, world.cookies.entA, {
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4 合同').toString('base64'),
      })
    ).id
    const part = (items: readonly string[]) => Object.fromEntries(items.map((i) => [i, true]))
    ids.resumption = (
      await post('/resumption', world.cookies.entA, {
        checklist: {
          entry: part(RESUMPTION_CHECKLIST.entry),
          workshop: part(RESUMPTION_CHECKLIST.workshop),
          canteen: part(RESUMPTION_CHECKLIST.canteen),
          dormitory: part(RESUMPTION_CHECKLIST.dormitory),
        },
        staffPlan: { returningLocal: 1, returningOtherProvince: 1, firstDay: '2020-02-18' },
        ppe: { masks: 1, thermometers: 1, disinfectantLitres: 1 },
      })
    ).id
    await post('/teams', world.cookies.admin, {
      name: '财会专家服务团',
      kind: 'expert',
      field: 'accounting',
      areaId: world.tree.street.id,
      members: [{ name: '林会计师', role: 'expert' }],
    })
    const team = (
      await app.inject({ method: 'GET', url: '/api/enterprise/teams?kind=expert', headers: { cookie: world.cookies.admin } })
    ).json()[0]
    const start = new Date(Date.now() + 86_400_000)
    const slot = await post('/experts/slots', world.cookies.admin, {
      memberId: team.members[0].id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    })
    ids.booking = (await post('/experts/bookings', world.cookies.entA, { slotId: slot.id, topic: '税务' })).id
    ids.consultation = (
      await post('/experts/consultations', world.cookies.liaison, {
        kind: 'remote',
        enterpriseId: world.enterpriseA.id,
        topic: '远程',
        scheduledAt: start.toISOString(),
        memberIds: [team.members[0].id],
      })
    ).id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  // Every route that names a record, tried by the liaison officer of another district.
  const attempts: Record<string, () => { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }> = {
    'GET /api/enterprise/registry/:id': () => ({ method: 'GET', url: `/api/enterprise/registry/${world.enterpriseA.id}` }),
    'PUT /api/enterprise/registry/:id': () => ({
      method: 'PUT',
      url: `/api/enterprise/registry/${world.enterpriseA.id}`,
      payload: enterpriseInput(world.tree.otherDistrict.id),
    }),
    'PUT /api/enterprise/registry/:id/owner': () => ({
      method: 'PUT',
      url: `/api/enterprise/registry/${world.enterpriseA.id}/owner`,
      payload: { ownerAccountId: world.enterpriseA.id },
    }),
    'GET /api/enterprise/registry/:id/owners': () => ({ method: 'GET', url: `/api/enterprise/registry/${world.enterpriseA.id}/owners` }),
    'GET /api/enterprise/resumption/:id': () => ({ method: 'GET', url: `/api/enterprise/resumption/${ids.resumption}` }),
    'POST /api/enterprise/resumption/:id/decision': () => ({
      method: 'POST',
      url: `/api/enterprise/resumption/${ids.resumption}/decision`,
      payload: { decision: 'approve' },
    }),
    'GET /api/enterprise/problems/:id': () => ({ method: 'GET', url: `/api/enterprise/problems/${ids.problem}` }),
    'POST /api/enterprise/problems/:id/transitions': () => ({
      method: 'POST',
      url: `/api/enterprise/problems/${ids.problem}/transitions`,
      payload: { action: 'accept' },
    }),
    'POST /api/enterprise/problems/:id/attachments': () => ({
      method: 'POST',
      url: `/api/enterprise/problems/${ids.problem}/attachments`,
      payload: { fileName: 'b.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0xLjQ=' },
    }),
    'GET /api/enterprise/problems/:id/attachments/:attachmentId': () => ({
      method: 'GET',
      url: `/api/enterprise/problems/${ids.problem}/attachments/${ids.attachment}`,
    }),
    'POST /api/enterprise/experts/bookings/:id/visit': () => ({
      method: 'POST',
      url: `/api/enterprise/experts/bookings/${ids.booking}/visit`,
      payload: { record: 'x' },
    }),
    'POST /api/enterprise/experts/bookings/:id/cancel': () => ({
      method: 'POST',
      url: `/api/enterprise/experts/bookings/${ids.booking}/cancel`,
    }),
    'POST /api/enterprise/experts/consultations/:id/conclusion': () => ({
      method: 'POST',
      url: `/api/enterprise/experts/consultations/${ids.consultation}/conclusion`,
      payload: { conclusion: 'x' },
    }),
  }

  it.each(Object.keys(attempts))('answers 404 to a liaison officer of another district on %s', async (route) => {
    const request = attempts[route]!()
    const response = await app.inject({ ...request, headers: { cookie: world.cookies.liaisonOther } })
    expect(response.statusCode, response.body).toBe(404)
  })

  it.each([
    'GET /api/enterprise/registry/:id',
    'GET /api/enterprise/problems/:id',
    'GET /api/enterprise/resumption/:id',
    'GET /api/enterprise/problems/:id/attachments/:attachmentId',
  ])('answers 404 to another enterprise of the same street on %s, and 200 to the enterprise itself', async (route) => {
    const request = attempts[route]!()
    expect((await app.inject({ ...request, headers: { cookie: world.cookies.entB } })).statusCode).toBe(404)
    expect((await app.inject({ ...request, headers: { cookie: world.cookies.entA } })).statusCode).toBe(200)
  })

  it('serves an attachment as a download, never inline', async () => {
    const response = await app.inject({
      ...attempts['GET /api/enterprise/problems/:id/attachments/:attachmentId']!(),
      headers: { cookie: world.cookies.liaison },
    })
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''a\.pdf$/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.body).toBe('%PDF-1.4 合同')
  })

  it('covers every enterprise route that names a record', () => {
    const named = [...new Set(routes)].filter((r) => r.includes('/api/enterprise/') && r.includes('/:') && !r.includes('/calendar/'))
    for (const route of named) expect(Object.keys(attempts), `route without a scope test: ${route}`).toContain(route)
  })
})
