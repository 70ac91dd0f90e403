import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'

/**
 * While the database cannot keep up (here: the passage table is locked by another session), gate
 * scans wait in the group-commit queue; beyond GROUP_COMMIT_MAX_QUEUE a scan is answered 503 with
 * Retry-After, which the scanner keeps queued and sends again. Needs a second session holding a
 * lock while the app reads, so it runs on PostgreSQL only (PGlite has one session).
 */
describe.runIf(testDatabaseKind() === 'postgres')('gate scans when the write queue is full', () => {
  let ctx: TestContext
  let app: FastifyInstance
  let url: string
  let guard: string
  let checkpointId: string
  let code: string

  beforeAll(async () => {
    ctx = await createTestContext({ GROUP_COMMIT_MAX_QUEUE: '2' })
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'guard', 'guard', tree.villageA.id)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'health', 'health_officer', tree.district.id)
    guard = await login(app, 'guard')
    const worker = await login(app, 'worker')
    const health = await login(app, 'health')
    checkpointId = (
      await app.inject({
        method: 'POST',
        url: '/api/gate/checkpoints',
        headers: { cookie: worker },
        payload: { areaId: tree.villageA.id, name: '东门卡口' },
      })
    ).json().id
    const personId = (
      await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(tree.villageA.id) })
    ).json().id
    await app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${personId}`,
      headers: { cookie: health },
      payload: { colour: 'green', reason: 'test' },
    })
    code = (await app.inject({ method: 'POST', url: `/api/codes/health/${personId}`, headers: { cookie: worker } })).json().code
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(ctx.deps.db)).rows[0]!.name
    const target = new URL(process.env.DATABASE_URL!)
    target.pathname = `/${name}`
    url = target.toString()
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const scan = () =>
    app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: { cookie: guard, 'accept-language': 'en' },
      payload: { clientScanId: randomUUID(), checkpointId, deviceId: 'phone-1', temperature: 36.5, healthCode: code },
    })
  const passages = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM passage`.execute(ctx.deps.db)).rows[0]!.n)

  it('answers 503 with Retry-After beyond the cap, and writes the queued scans once the database keeps up', async () => {
    const before = await passages()
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    try {
      await blocker.query('BEGIN')
      await blocker.query('LOCK TABLE passage IN EXCLUSIVE MODE')
      const first = scan()
      // The first scan's batch is now waiting on the lock: one place of two taken.
      await expect
        .poll(
          async () =>
            (
              await blocker.query(
                `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'passage' AND NOT l.granted`,
              )
            ).rows[0].n,
          { timeout: 10_000 },
        )
        .toBe(1)
      // Two more scans for the one place left: whichever comes second is refused at once, the
      // other waits in the queue.
      const answered: Awaited<ReturnType<typeof scan>>[] = []
      const more = [scan(), scan()].map((p) =>
        p.then((r) => {
          answered.push(r)
          return r
        }),
      )
      await expect.poll(() => answered.length, { timeout: 10_000 }).toBe(1)
      const refused = answered[0]!
      expect(refused.statusCode).toBe(503)
      expect(refused.headers['retry-after']).toMatch(/^[1-9][0-9]*$/)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(refused.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' })
      await blocker.query('COMMIT')
      const admitted = [await first, ...(await Promise.all(more)).filter((r) => r !== refused)]
      expect(admitted.map((r) => [r.statusCode, r.json().decision])).toEqual([
        [200, 'admit'],
        [200, 'admit'],
      ])
      expect(await passages()).toBe(before + 2)
      // Retried later, the refused scan is taken.
      expect((await scan()).statusCode).toBe(200)
    } finally {
      await blocker.end()
    }
  })
})
