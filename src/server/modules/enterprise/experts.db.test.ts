import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, creditCode, sessionCookie } from '../../../../test/enterprise-factories.ts'
import { createTestAccount } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'

describe(`expert service teams on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>
  let lawyer: { id: string }
  let colleague: { id: string }
  let trader: { id: string }
  /** Enterprises C…J in village A, each with its own account, to book in parallel. */
  const bookers: { cookie: string; enterpriseId: string }[] = []

  const post = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/enterprise${url}`, headers: { cookie }, payload })
  const inDays = (days: number, hour = 9) => new Date(Date.now() + days * 86_400_000 + hour * 3_600_000).toISOString()

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
    const team = await post(world.cookies.admin, '/teams', {
      name: '法律专家服务团',
      kind: 'expert',
      field: 'law',
      areaId: world.tree.district.id,
      members: [
        { name: '金律师', role: 'expert', title: '律师', accountId: await world.accountId('expert') },
        { name: '曹律师', role: 'expert', title: '律师' },
      ],
    })
    expect(team.statusCode, team.body).toBe(201)
    await post(world.cookies.admin, '/teams', {
      name: '商贸专家服务团',
      kind: 'expert',
      field: 'trade',
      areaId: world.tree.district.id,
      members: [{ name: '曾经理', role: 'expert' }],
    })
    const teams = (
      await app.inject({ method: 'GET', url: '/api/enterprise/teams?kind=expert', headers: { cookie: world.cookies.admin } })
    ).json()
    const members = teams.flatMap((t: { members: { id: string; name: string }[] }) => t.members)
    lawyer = members.find((m: { name: string }) => m.name === '金律师')
    colleague = members.find((m: { name: string }) => m.name === '曹律师')
    trader = members.find((m: { name: string }) => m.name === '曾经理')
    for (let i = 0; i < 8; i++) {
      const created = await post(world.cookies.liaison, '/registry', {
        name: `预约企业${i}`,
        creditCode: creditCode(),
        industry: 'apparel',
        areaId: world.tree.villageA.id,
      })
      expect(created.statusCode, created.body).toBe(201)
      await createTestAccount(ctx.deps, `booker-${i}`, 'enterprise', world.tree.villageA.id)
      await ctx.deps.db.updateTable('account').set({ enterprise_id: created.json().id }).where('username', '=', `booker-${i}`).execute()
      bookers.push({ cookie: await sessionCookie(ctx.deps, `booker-${i}`), enterpriseId: created.json().id })
    }
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const slot = async (memberId: string, days: number, cookie = world.cookies.expert) => {
    const response = await post(cookie, '/experts/slots', { memberId, startsAt: inDays(days), endsAt: inDays(days, 10), mode: 'visit' })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as { id: string }
  }

  describe('slots', () => {
    it('lets an expert open their own slots and refuses someone else’s calendar', async () => {
      const startsAt = inDays(1)
      const first = await post(world.cookies.expert, '/experts/slots', { memberId: lawyer.id, startsAt, endsAt: inDays(1, 10) })
      expect(first.json()).toMatchObject({ expertName: '金律师', field: 'law', booked: false })
      const other = await post(world.cookies.expert, '/experts/slots', { memberId: colleague.id, startsAt, endsAt: inDays(1, 10) })
      expect(other.statusCode).toBe(403)
      expect(other.json().code).toBe('EXPERT_NOT_MEMBER')
      const twice = await post(world.cookies.expert, '/experts/slots', { memberId: lawyer.id, startsAt, endsAt: inDays(1, 11) })
      expect(twice.json().code).toBe('EXPERT_SLOT_DUPLICATE')
      const backwards = await post(world.cookies.expert, '/experts/slots', {
        memberId: lawyer.id,
        startsAt: inDays(2, 10),
        endsAt: inDays(2, 9),
      })
      expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'endsAt', code: 'slot.endsBeforeStart' })])
    })

    it('offers a district’s slots to the enterprises below it, not to another district', async () => {
      const mine = await app.inject({
        method: 'GET',
        url: '/api/enterprise/experts/slots?field=law',
        headers: { cookie: world.cookies.entA },
      })
      expect(mine.json().length).toBeGreaterThan(0)
      const other = await app.inject({
        method: 'GET',
        url: '/api/enterprise/experts/slots',
        headers: { cookie: world.cookies.liaisonOther },
      })
      expect(other.json()).toEqual([])
    })
  })

  describe('booking a visit (预约出诊)', () => {
    it('refuses a double booking of one slot when eight enterprises book it at the same moment', async () => {
      const { id } = await slot(lawyer.id, 3)
      const responses = await Promise.all(bookers.map((b) => post(b.cookie, '/experts/bookings', { slotId: id, topic: '合同纠纷咨询' })))
      const codes = responses.map((r) => r.statusCode).sort()
      expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
      for (const r of responses.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('EXPERT_SLOT_TAKEN')
      const live = await ctx.deps.db
        .selectFrom('expert_booking')
        .select('id')
        .where('slot_id', '=', id)
        .where('status', '<>', 'cancelled')
        .execute()
      expect(live).toHaveLength(1)
    })

    it('dispatches by field to the earliest free slots, each to one enterprise, until none is left', async () => {
      await slot(trader.id, 4, world.cookies.admin)
      await slot(trader.id, 5, world.cookies.admin)
      const answers = await Promise.all(
        bookers.slice(0, 3).map((x) => post(x.cookie, '/experts/bookings', { field: 'trade', topic: '出口订单延期' })),
      )
      const [a, b, c] = [answers[0]!, answers[1]!, answers[2]!]
      const ok = [a, b, c].filter((r) => r.statusCode === 201)
      expect(ok).toHaveLength(2)
      expect(new Set(ok.map((r) => r.json().slot.id)).size).toBe(2)
      expect([a, b, c].find((r) => r.statusCode !== 201)!.json().code).toBe('EXPERT_NO_SLOT_AVAILABLE')
    })

    it('frees the slot on cancel, and lets the booked expert record the visit', async () => {
      const { id } = await slot(lawyer.id, 6)
      const first = await post(world.cookies.entA, '/experts/bookings', { slotId: id, topic: '劳动合同' })
      expect(first.statusCode).toBe(201)
      expect((await post(world.cookies.entB, '/experts/bookings', { slotId: id, topic: '劳动合同' })).statusCode).toBe(409)
      expect((await post(world.cookies.entB, `/experts/bookings/${first.json().id}/cancel`, {})).statusCode).toBe(404)
      expect((await post(world.cookies.entA, `/experts/bookings/${first.json().id}/cancel`, {})).json().status).toBe('cancelled')
      const second = await post(world.cookies.entB, '/experts/bookings', { slotId: id, topic: '劳动合同' })
      expect(second.statusCode).toBe(201)
      const visit = await post(world.cookies.expert, `/experts/bookings/${second.json().id}/visit`, {
        record: '上门审阅合同，给出书面意见',
      })
      expect(visit.json()).toMatchObject({ status: 'visited', visitRecord: '上门审阅合同，给出书面意见' })
      expect((await post(world.cookies.expert, `/experts/bookings/${second.json().id}/visit`, { record: '再记一次' })).json().code).toBe(
        'EXPERT_BOOKING_STATE',
      )
      const mine = await app.inject({ method: 'GET', url: '/api/enterprise/experts/bookings', headers: { cookie: world.cookies.entB } })
      expect(mine.json().items.map((b: { id: string }) => b.id)).toEqual([second.json().id])
    })

    it('refuses a slot in the past', async () => {
      const past = await ctx.deps.db
        .insertInto('expert_slot')
        .values({
          team_id: (
            await ctx.deps.db.selectFrom('service_team_member').select('team_id').where('id', '=', lawyer.id).executeTakeFirstOrThrow()
          ).team_id,
          member_id: lawyer.id,
          area_id: world.tree.district.id,
          starts_at: new Date(Date.now() - 86_400_000),
          ends_at: new Date(Date.now() - 80_000_000),
          mode: 'visit',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const response = await post(world.cookies.entA, '/experts/bookings', { slotId: past.id, topic: 'x' })
      expect(response.json().code).toBe('EXPERT_SLOT_PAST')
    })
  })

  describe('consultations', () => {
    it('convenes a panel of several experts on a hard case and records its conclusion and actions', async () => {
      const problem = await post(world.cookies.entA, '/problems', {
        category: 'legal',
        title: '海外订单违约纠纷',
        description: '外商主张违约金',
        expertField: 'law',
      })
      expect(problem.json().expertTeamName).toBe('法律专家服务团')
      const alone = await post(world.cookies.liaison, '/experts/consultations', {
        kind: 'panel',
        enterpriseId: world.enterpriseA.id,
        topic: '会诊',
        scheduledAt: inDays(1),
        memberIds: [lawyer.id],
      })
      expect(alone.json().errors[0].code).toBe('consultation.panelNeedsTwo')
      const panel = await post(world.cookies.liaison, '/experts/consultations', {
        kind: 'panel',
        enterpriseId: world.enterpriseA.id,
        problemId: problem.json().id,
        topic: '违约纠纷集中会诊',
        scheduledAt: inDays(1),
        memberIds: [lawyer.id, colleague.id, trader.id],
      })
      expect(panel.statusCode, panel.body).toBe(201)
      const concluded = await post(world.cookies.expert, `/experts/consultations/${panel.json().id}/conclusion`, {
        conclusion: '属不可抗力，先申请事实性证明',
        actions: [{ description: '申请不可抗力证明', ownerAccountId: await world.accountId('liaison') }],
      })
      expect(concluded.json()).toMatchObject({ status: 'concluded', actions: [{ description: '申请不可抗力证明', ownerName: 'liaison' }] })
      expect(concluded.json().members).toHaveLength(3)
      expect(
        (await post(world.cookies.expert, `/experts/consultations/${panel.json().id}/conclusion`, { conclusion: '再来' })).json().code,
      ).toBe('CONSULTATION_CONCLUDED')
      const history = (
        await app.inject({ method: 'GET', url: `/api/enterprise/problems/${problem.json().id}`, headers: { cookie: world.cookies.entA } })
      ).json().history
      expect(history.at(-1)).toMatchObject({ action: 'panel_consultation', note: '属不可抗力，先申请事实性证明' })
    })
  })
})
