import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld } from '../../../../test/enterprise-factories.ts'
import { buildApp } from '../../app.ts'
import type { Actor } from '../auth/actor.ts'
import { sweepProblemDeadlines } from './problem-sweep.ts'
import { reportProblem, transitionProblem } from './problems.service.ts'

/** 10:00 in Beijing on a date of the 2020 epidemic Spring Festival. */
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`)

describe(`SLA sweep on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>
  let liaison: Actor
  let enterprise: Actor

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
    const actorOf = async (username: string): Promise<Actor> => {
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: username === 'liaison' ? world.cookies.liaison : world.cookies.entA },
      })
      return { account: me.json(), areaPath: me.json().areaPath, ip: 'test' }
    }
    liaison = await actorOf('liaison')
    enterprise = await actorOf('ent-a')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  /** A supplies problem (3 working days) accepted on Wednesday 22 Jan 2020, the eve of the holiday. */
  async function acceptedBeforeTheHoliday() {
    const problem = await reportProblem(
      ctx.deps,
      enterprise,
      { category: 'supplies', title: '口罩缺口', description: '买不到口罩' },
      at('2020-01-22', '09:00'),
    )
    return transitionProblem(ctx.deps, liaison, problem.id, { action: 'accept' }, at('2020-01-22'))
  }

  const escalations = (problemId: string) =>
    ctx.deps.db
      .selectFrom('problem_escalation')
      .innerJoin('area', 'area.id', 'problem_escalation.area_id')
      .select(['problem_escalation.level', 'problem_escalation.round', 'area.name'])
      .where('problem_id', '=', problemId)
      .orderBy('problem_escalation.at')
      .execute()
  const events = async (problemId: string, action: string) =>
    (
      await ctx.deps.db
        .selectFrom('problem_event')
        .select('note')
        .where('problem_id', '=', problemId)
        .where('action', '=', action)
        .execute()
    ).map((e) => e.note)
  const sweepOnly = async (problemId: string, now: Date) => {
    await sweepProblemDeadlines(ctx.deps.db, now)
    return escalations(problemId)
  }

  it('counts the deadline in working days across the extended 2020 Spring Festival', async () => {
    const problem = await acceptedBeforeTheHoliday()
    // 23 Jan is day 1; 24 Jan – 2 Feb are holidays (1 Feb included, by the extension); 3 and 4 Feb are days 2 and 3.
    expect(problem.dueOn).toBe('2020-02-04')
  })

  it('warns the owner once when the deadline is near, and escalates street → district → city as working days pass', async () => {
    const problem = await acceptedBeforeTheHoliday()
    // Over the holiday the deadline is still 2 working days away: nothing happens.
    expect(await sweepOnly(problem.id, at('2020-01-31'))).toEqual([])
    // Monday 3 Feb: one working day left — the owner is warned, once however often the sweep runs.
    expect(await sweepOnly(problem.id, at('2020-02-03'))).toEqual([{ level: 'warning', round: 1, name: '蛎灰窑经合社' }])
    await sweepProblemDeadlines(ctx.deps.db, at('2020-02-03', '15:00'))
    await sweepProblemDeadlines(ctx.deps.db, at('2020-02-04'))
    expect(await escalations(problem.id)).toHaveLength(1)
    const notices = await ctx.deps.db
      .selectFrom('notification')
      .select(['kind', 'recipient_account_id'])
      .where('kind', '=', 'enterprise_problem_due')
      .execute()
    expect(notices.filter((n) => n.recipient_account_id === liaison.account.id).length).toBeGreaterThanOrEqual(1)
    // Wednesday 5 Feb: one working day late → the street.
    expect((await sweepOnly(problem.id, at('2020-02-05'))).map((e) => e.level)).toEqual(['warning', 'street'])
    // Friday 7 Feb: three working days late → the district; the street is not told twice.
    expect((await sweepOnly(problem.id, at('2020-02-07'))).map((e) => `${e.level}:${e.name}`)).toEqual([
      'warning:蛎灰窑经合社',
      'street:城东街道',
      'district:乐清市',
    ])
    // The weekend adds no working days.
    expect(await sweepOnly(problem.id, at('2020-02-09'))).toHaveLength(3)
    // Tuesday 11 Feb: five working days late → the city. Then nothing more, ever.
    expect((await sweepOnly(problem.id, at('2020-02-11'))).map((e) => e.level)).toEqual(['warning', 'street', 'district', 'city'])
    expect(await sweepOnly(problem.id, at('2020-03-31'))).toHaveLength(4)
    expect(await events(problem.id, 'escalate')).toEqual(['street:城东街道', 'district:乐清市', 'city:温州市'])
    expect(await events(problem.id, 'warn')).toEqual(['2020-02-04'])
    // Each level raised one alert at its own node.
    const alerts = await ctx.deps.db
      .selectFrom('alert')
      .innerJoin('area', 'area.id', 'alert.area_id')
      .select(['area.name', 'alert.severity'])
      .where('alert.subject_ref', 'like', `problem:${problem.id}:%`)
      .orderBy('alert.created_at')
      .execute()
    expect(alerts).toEqual([
      { name: '城东街道', severity: 'warning' },
      { name: '乐清市', severity: 'warning' },
      { name: '温州市', severity: 'critical' },
    ])
    // The API shows it overdue and escalated to the city.
    const shown = await app.inject({
      method: 'GET',
      url: `/api/enterprise/problems/${problem.id}`,
      headers: { cookie: world.cookies.liaison },
    })
    expect(shown.json()).toMatchObject({ overdue: true, escalatedTo: 'city' })
  })

  it('never records a level twice when sweeps run at the same moment (several servers)', async () => {
    const problem = await acceptedBeforeTheHoliday()
    const results = await Promise.all([1, 2, 3, 4].map(() => sweepProblemDeadlines(ctx.deps.db, at('2020-02-11'))))
    expect(await escalations(problem.id)).toHaveLength(3) // late already: street, district, city; no warning
    expect(await events(problem.id, 'escalate')).toHaveLength(3)
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBeGreaterThanOrEqual(3)
  })

  it('stops once the problem is resolved, and starts a fresh round when it is reopened', async () => {
    const problem = await acceptedBeforeTheHoliday()
    await transitionProblem(ctx.deps, liaison, problem.id, { action: 'start' }, at('2020-02-03'))
    await transitionProblem(ctx.deps, liaison, problem.id, { action: 'resolve', note: '已送达' }, at('2020-02-05', '09:00'))
    await sweepProblemDeadlines(ctx.deps.db, at('2020-02-05', '10:00'))
    expect(await escalations(problem.id)).toEqual([])
    const reopened = await transitionProblem(ctx.deps, enterprise, problem.id, { action: 'reopen', note: '数量不够' }, at('2020-02-06'))
    expect(reopened).toMatchObject({ round: 2, dueOn: '2020-02-11' })
    await sweepProblemDeadlines(ctx.deps.db, at('2020-02-12'))
    expect(await escalations(problem.id)).toEqual([{ level: 'street', round: 2, name: '城东街道' }])
  })

  it('is refused to everyone but an admin through the API', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/api/enterprise/problems/sweep', headers: { cookie: world.cookies.liaison } })).statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url: '/api/enterprise/problems/sweep', headers: { cookie: world.cookies.admin } })).statusCode,
    ).toBe(200)
  })
})
