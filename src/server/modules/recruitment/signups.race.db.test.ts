import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { creditCode } from '../../../../test/enterprise-factories.ts'
import { createAreaTree, createTestAccount, login } from '../../../../test/factories.ts'
import type { Trx } from '../../db/database.ts'
import { createArea } from '../area/area.service.ts'
import { buildApp } from '../../app.ts'

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Staff and the enterprise change one sign-up at the same time: a withdrawal against a seat or a
 * hire, a match against a hire. Each write locks the sign-up and re-reads it, so the later one
 * sees what the earlier one did. On PostgreSQL the test holds a lock of its own (a bus or posting
 * row) to stop the first call half-way, starts the second one, and lets go: the order is fixed,
 * not left to chance.
 */
describe(`sign-up writes racing each other on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  const cookies: Record<string, string> = {}
  let regionId: string
  let busA: string
  let busB: string
  let postingA: string
  let postingB: string
  let serial = 0

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who]!, 'accept-language': 'zh-CN' }, ...(payload ? { payload } : {}) })
  /** A fresh sign-up (each from its own address: the public form is limited per address). */
  const newSignup = async (extra: object = {}) => {
    serial++
    const response = await app.inject({
      method: 'POST',
      url: '/api/public/recruitment/signups',
      remoteAddress: `10.8.0.${serial}`,
      payload: { name: `工人${serial}`, phone: `1370000${String(1000 + serial)}`, regionId, ...extra },
    })
    expect(response.statusCode, response.body).toBe(201)
    return (await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', `工人${serial}`).executeTakeFirstOrThrow())
      .id
  }
  const signupRow = (id: string) =>
    ctx.deps.db.selectFrom('recruitment_signup').select(['state', 'job_posting_id']).where('id', '=', id).executeTakeFirstOrThrow()
  const seatOf = async (id: string) =>
    (await ctx.deps.db.selectFrom('bus_seat').select('bus_id').where('signup_id', '=', id).executeTakeFirst())?.bus_id ?? null
  const hireOf = (id: string) => ctx.deps.db.selectFrom('recruitment_hire').select('job_posting_id').where('signup_id', '=', id).execute()

  /** Takes a row lock in a transaction of its own and keeps it until released. */
  async function holdLock(lock: (trx: Trx) => Promise<unknown>) {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    const done = ctx.deps.db.transaction().execute(async (trx) => {
      await lock(trx)
      locked()
      await released
    })
    await isLocked
    return async () => {
      release()
      await done
    }
  }

  /** Waits until `n` sessions of this database wait for a lock (or `settled` says a call finished). */
  async function lockWaiters(n: number, settled: () => boolean = () => false) {
    for (let i = 0; i < 400; i++) {
      const { rows } = await sql<{
        n: number
      }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(
        ctx.deps.db,
      )
      if (rows[0]!.n >= n || settled()) return
      await sleep(10)
    }
    throw new Error(`never saw ${n} sessions waiting for a lock`)
  }

  /** Starts a request and notes when it has answered. */
  function start(request: ReturnType<typeof call>) {
    const state = { settled: false }
    const promise = request.finally(() => (state.settled = true))
    return { promise, settled: () => state.settled }
  }

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    const street = await createArea(ctx.deps.db, null, {
      code: '330304005000',
      name: '瞿溪街道',
      level: 'street',
      parentCode: '330304000000',
    })
    await createTestAccount(ctx.deps, 'recruiter', 'recruiter', tree.otherDistrict.id)
    await createTestAccount(ctx.deps, 'ent-a', 'enterprise', street.id)
    await createTestAccount(ctx.deps, 'ent-b', 'enterprise', street.id)
    for (const name of ['recruiter', 'ent-a', 'ent-b']) cookies[name] = await login(app, name)
    for (const [name, account] of [
      ['温州硕而博科技有限公司', 'ent-a'],
      ['浙江万超电器有限公司', 'ent-b'],
    ] as const) {
      const { id } = await ctx.deps.db
        .insertInto('enterprise')
        .values({ area_id: street.id, name, credit_code: creditCode('330304'), industry: 'electronics' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await ctx.deps.db.updateTable('account').set({ enterprise_id: id }).where('username', '=', account).execute()
    }
    const team = await call('recruiter', 'POST', '/api/recruitment/teams', {
      name: '瓯海区第一外出招工专班',
      areaId: tree.otherDistrict.id,
      leaderName: '邹金伟',
      memberNames: [],
      startsOn: '2020-02-15',
      regions: [{ province: '江西省', city: '鹰潭市', name: '江西省鹰潭市' }],
    })
    expect(team.statusCode, team.body).toBe(201)
    regionId = team.json().regions[0].id
    const point = await call('recruiter', 'POST', '/api/recruitment/points', {
      regionId,
      name: '鹰潭集合点',
      address: '鹰潭市人力资源市场门口',
      meetsAt: inDays(2),
    })
    expect(point.statusCode, point.body).toBe(201)
    const bus = async (plate: string) => {
      const response = await call('recruiter', 'POST', '/api/recruitment/buses', {
        pointId: point.json().id,
        plate,
        departsAt: inDays(3),
        seats: 45,
        destination: '瓯海区人力资源市场',
      })
      expect(response.statusCode, response.body).toBe(201)
      return (response.json().buses as { id: string; plate: string }[]).find((b) => b.plate === plate)!.id
    }
    busA = await bus('浙C10001')
    busB = await bus('浙C10002')
    const posting = async (who: string, title: string) => {
      const response = await call(who, 'POST', '/api/recruitment/postings', {
        title,
        positions: 100,
        wageMinFen: 550000,
        wageMaxFen: 700000,
        location: '瓯海区',
      })
      expect(response.statusCode, response.body).toBe(201)
      return response.json().id as string
    }
    postingA = await posting('ent-a', 'SMT 操作员')
    postingB = await posting('ent-b', '电器装配工')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('refuses to seat a withdrawn sign-up or to rematch a hired one, and audits a match', async () => {
    const withdrawn = await newSignup()
    expect((await call('recruiter', 'POST', `/api/recruitment/signups/${withdrawn}/state`, { state: 'withdrawn' })).statusCode).toBe(200)
    const seat = await call('recruiter', 'PUT', `/api/recruitment/signups/${withdrawn}/seat`, { busId: busA })
    expect(seat.statusCode).toBe(409)
    expect(seat.json().code).toBe('RECRUIT_SIGNUP_WITHDRAWN')
    expect(await seatOf(withdrawn)).toBeNull()

    const hired = await newSignup({ jobPostingId: postingA })
    expect((await call('ent-a', 'POST', `/api/recruitment/signups/${hired}/hire`)).statusCode).toBe(200)
    const rematch = await call('recruiter', 'PUT', `/api/recruitment/signups/${hired}/posting`, { jobPostingId: postingB })
    expect(rematch.statusCode).toBe(409)
    expect(rematch.json().code).toBe('RECRUIT_STATE_TRANSITION')
    expect(await signupRow(hired)).toMatchObject({ state: 'hired', job_posting_id: postingA })

    const matched = await newSignup()
    expect(
      (await call('recruiter', 'PUT', `/api/recruitment/signups/${matched}/posting`, { jobPostingId: postingB })).json().jobTitle,
    ).toBe('电器装配工')
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'username'])
      .where('entity_id', '=', matched)
      .where('action', '=', 'update')
      .execute()
    expect(audit).toEqual([{ action: 'update', username: 'recruiter' }])
  })

  describe.runIf(testDatabaseKind() === 'postgres')('in parallel transactions', () => {
    it('does not seat a sign-up that is being withdrawn: the seat call waits and answers 409', async () => {
      const id = await newSignup({ busId: busA })
      // The withdrawal stops at freeing the seat on bus A, holding the sign-up.
      const release = await holdLock((trx) => sql`SELECT id FROM bus WHERE id = ${busA} FOR UPDATE`.execute(trx))
      const withdraw = start(call('recruiter', 'POST', `/api/recruitment/signups/${id}/state`, { state: 'withdrawn' }))
      await lockWaiters(1, withdraw.settled)
      const move = start(call('recruiter', 'PUT', `/api/recruitment/signups/${id}/seat`, { busId: busB }))
      await lockWaiters(2, move.settled)
      await release()
      const [withdrawn, moved] = await Promise.all([withdraw.promise, move.promise])
      expect(withdrawn.statusCode, withdrawn.body).toBe(200)
      expect(moved.statusCode, moved.body).toBe(409)
      expect(moved.json().code).toBe('RECRUIT_SIGNUP_WITHDRAWN')
      expect(await signupRow(id)).toMatchObject({ state: 'withdrawn' })
      expect(await seatOf(id)).toBeNull()
    })

    it('does not hire a sign-up that is being withdrawn: the hire waits and answers 409', async () => {
      const id = await newSignup({ busId: busA, jobPostingId: postingA })
      const release = await holdLock((trx) => sql`SELECT id FROM bus WHERE id = ${busA} FOR UPDATE`.execute(trx))
      const withdraw = start(call('recruiter', 'POST', `/api/recruitment/signups/${id}/state`, { state: 'withdrawn' }))
      await lockWaiters(1, withdraw.settled)
      const hire = start(call('ent-a', 'POST', `/api/recruitment/signups/${id}/hire`))
      await lockWaiters(2, hire.settled)
      await release()
      const [withdrawn, hired] = await Promise.all([withdraw.promise, hire.promise])
      expect(withdrawn.statusCode, withdrawn.body).toBe(200)
      expect(hired.statusCode, hired.body).toBe(409)
      expect(hired.json().code).toBe('RECRUIT_SIGNUP_WITHDRAWN')
      expect(await signupRow(id)).toMatchObject({ state: 'withdrawn' })
      expect(await hireOf(id)).toEqual([])
    })

    it('refuses a match while the enterprise confirms the hire: the hire and the sign-up name the same posting', async () => {
      const id = await newSignup({ jobPostingId: postingA })
      // The hire stops at its reference to posting A, holding the sign-up.
      const release = await holdLock((trx) => sql`SELECT id FROM job_posting WHERE id = ${postingA} FOR UPDATE`.execute(trx))
      const hire = start(call('ent-a', 'POST', `/api/recruitment/signups/${id}/hire`))
      await lockWaiters(1, hire.settled)
      const match = start(call('recruiter', 'PUT', `/api/recruitment/signups/${id}/posting`, { jobPostingId: postingB }))
      await lockWaiters(2, match.settled)
      await release()
      const [hired, matched] = await Promise.all([hire.promise, match.promise])
      expect(hired.statusCode, hired.body).toBe(200)
      expect(matched.statusCode, matched.body).toBe(409)
      expect(await signupRow(id)).toMatchObject({ state: 'hired', job_posting_id: postingA })
      expect(await hireOf(id)).toEqual([{ job_posting_id: postingA }])
    })

    it('refuses the old enterprise’s hire while staff move the sign-up to another posting', async () => {
      const id = await newSignup({ jobPostingId: postingA })
      // The match stops at its reference to posting B, holding the sign-up.
      const release = await holdLock((trx) => sql`SELECT id FROM job_posting WHERE id = ${postingB} FOR UPDATE`.execute(trx))
      const match = start(call('recruiter', 'PUT', `/api/recruitment/signups/${id}/posting`, { jobPostingId: postingB }))
      await lockWaiters(1, match.settled)
      const hire = start(call('ent-a', 'POST', `/api/recruitment/signups/${id}/hire`))
      await lockWaiters(2, hire.settled)
      await release()
      const [matched, hired] = await Promise.all([match.promise, hire.promise])
      expect(matched.statusCode, matched.body).toBe(200)
      expect(hired.statusCode, hired.body).toBe(404)
      expect(await signupRow(id)).toMatchObject({ state: 'signed_up', job_posting_id: postingB })
      expect(await hireOf(id)).toEqual([])
    })
  })
})
