import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { login } from '../../../../test/factories.ts'
import { PROBLEM_STATES } from '../../../shared/schemas/enterprise-problem.ts'
import { buildApp } from '../../app.ts'
import { DEMO_PASSWORD, loadDemoData } from '../../seed/demo.ts'
import { sweepProblemDeadlines } from './problem-sweep.ts'

describe(`enterprise demo data on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  const cookies: Record<string, string> = {}
  const get = async (who: string, url: string) =>
    (await app.inject({ method: 'GET', url: `/api/enterprise${url}`, headers: { cookie: cookies[who]! } })).json()

  beforeAll(async () => {
    ctx = await createTestContext()
    await loadDemoData(ctx.deps)
    app = await buildApp(ctx.deps, { logger: false })
    for (const who of ['liaison', 'leader', 'enterprise', 'expert', 'desai']) cookies[who] = await login(app, who, DEMO_PASSWORD)
  }, 120_000)
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('has the report’s Ouhai enterprises, Desai with its 300-odd staff from other provinces', async () => {
    const desai = await get('desai', '/registry/mine')
    expect(desai).toMatchObject({
      name: '浙江德赛集团有限公司',
      staffOtherProvince: 312,
      aboveScale: true,
      owner: { displayName: '驻企服务员 潘磊', teamName: '德赛集团"1+1+3"助企服务小组' },
    })
    const wanchao = (await get('liaison', `/registry?q=${encodeURIComponent('浙江万超')}`)).items[0]
    expect(wanchao).toMatchObject({ industry: 'electrical', owner: { teamName: '瞿溪街道万超"1+N"服务专班' } })
    expect((await get('enterprise', '/registry/mine')).name).toBe('温州市瓯海眼镜有限公司')
  })

  it('has Lucheng’s 8 industry and 10 expert service teams, with experts', async () => {
    const teams = await get('expert', '/teams')
    const lucheng = teams.filter((t: { areaName: string }) => t.areaName === '鹿城区')
    expect(lucheng.filter((t: { kind: string }) => t.kind === 'industry')).toHaveLength(8)
    const expertTeams = lucheng.filter((t: { kind: string }) => t.kind === 'expert')
    expect(expertTeams).toHaveLength(10)
    expect(new Set(expertTeams.map((t: { field: string }) => t.field)).size).toBe(10)
    for (const team of expertTeams) expect(team.members.length).toBeGreaterThanOrEqual(2)
    expect((await get('expert', '/experts/slots?available=yes')).length).toBeGreaterThan(0)
  })

  it('has problems in every state, and the liaison’s work list sorted by deadline', async () => {
    const rows = await ctx.deps.db.selectFrom('problem').select('state').execute()
    for (const state of PROBLEM_STATES)
      expect(
        rows.some((r) => r.state === state),
        state,
      ).toBe(true)
    const work = (await get('liaison', '/problems?view=mine&sort=deadline&pageSize=100')).items
    expect(work[0].state).toBe('reported')
    const due = work
      .filter((p: { dueOn: string | null; state: string }) => p.dueOn && p.state !== 'resolved')
      .map((p: { dueOn: string }) => p.dueOn)
    expect(due).toEqual([...due].sort())
  })

  it('shows the board of Ouhai per street, with resumption and ratings', async () => {
    const board = await get('leader', '/problems/board')
    expect(board.area.name).toBe('温州市')
    expect(board.byArea.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['瓯海区', '鹿城区']))
    expect(board.totals.avgSatisfaction).toBeGreaterThan(3)
    expect(board.resumption.resumed).toBeGreaterThan(0)
    const ouhai = await get('liaison', '/problems/board')
    expect(ouhai.byArea.map((a: { name: string }) => a.name)).toEqual(['瞿溪街道', '娄桥街道', '潘桥街道'])
  })

  it('escalates the overdue demo problems on the first sweep, once', async () => {
    const first = await sweepProblemDeadlines(ctx.deps.db)
    expect(first.escalated).toBeGreaterThan(0)
    expect((await sweepProblemDeadlines(ctx.deps.db)).escalated).toBe(0)
    const oulong = (await ctx.deps.db.selectFrom('problem').select('id').where('title', 'like', '海外订单%').executeTakeFirstOrThrow()).id
    const levels = await ctx.deps.db.selectFrom('problem_escalation').select('level').where('problem_id', '=', oulong).execute()
    // Street first, then district and city as working days pass (fewer right after a long holiday).
    const order = ['street', 'district', 'city']
    const reached = levels.map((l) => l.level).sort((a, b) => order.indexOf(a) - order.indexOf(b))
    expect(reached).toEqual(order.slice(0, reached.length))
    expect(reached.length).toBeGreaterThan(0)
  })
})
