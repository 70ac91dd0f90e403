import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CuttableLink } from '../../../test/cuttable-link.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { createAreaTree, createTestAccount, TEST_PASSWORD } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'
import { openDatabase, type DatabaseHandle } from '../db/database.ts'

describe.runIf(testDatabaseKind() === 'postgres')('the API while PostgreSQL is away', () => {
  let ctx: TestContext
  let handle: DatabaseHandle
  let app: FastifyInstance
  let link: CuttableLink

  beforeAll(async () => {
    ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'guard1', 'guard', tree.villageA.id)
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(ctx.deps.db)).rows[0]!.name
    const real = new URL(process.env.DATABASE_URL!)
    link = new CuttableLink({ host: real.hostname, port: Number(real.port || 5432) })
    await link.open()
    const viaLink = new URL(real)
    viaLink.port = String(link.port)
    viaLink.pathname = `/${name}`
    handle = await openDatabase({
      databaseUrl: viaLink.toString(),
      poolSize: 3,
      timeouts: { connectMs: 1_000 },
      onConnectionError: () => {},
    })
    app = await buildApp({ ...ctx.deps, db: handle.db }, { logger: false })
  })
  afterAll(async () => {
    await app?.close()
    await handle?.close()
    await ctx.close()
  })

  const signIn = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'guard1', password: TEST_PASSWORD },
    })

  it('answers 503 with Retry-After while the database is away, and serves again once it is back', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
    await link.cut()

    const away = await signIn()
    expect(away.statusCode).toBe(503)
    expect(away.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(away.headers['retry-after']).toBe('5')
    expect(away.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', title: expect.stringMatching(/briefly unavailable/) })
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503)

    await link.open()
    await expect.poll(async () => (await signIn()).statusCode, { timeout: 10_000, interval: 250 }).not.toBe(503)
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
  })
})
