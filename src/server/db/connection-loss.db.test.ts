import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { openDatabase, type DatabaseHandle } from './database.ts'

/**
 * PostgreSQL ends connections in real life (a restart, a failover, an admin): the process must
 * survive it and the next query must work. Statements and abandoned transactions are bounded.
 * Only meaningful on a real server, so PGlite skips these.
 */
describe.runIf(testDatabaseKind() === 'postgres')('database connection edge on postgres', () => {
  let ctx: TestContext
  let handle: DatabaseHandle
  let url: string
  const lost: Error[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(ctx.deps.db)).rows[0]!.name
    const target = new URL(process.env.DATABASE_URL!)
    target.pathname = `/${name}`
    url = target.toString()
    handle = await openDatabase({
      databaseUrl: url,
      poolSize: 3,
      timeouts: { statementMs: 300, idleInTransactionMs: 300 },
      onConnectionError: (error) => lost.push(error),
    })
  })
  afterAll(async () => {
    await handle.close()
    await ctx.close()
  })

  const terminateOthers = async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const result = await admin.query(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    )
    await admin.end()
    return result.rows[0].n as number
  }

  it('survives the server ending idle pooled connections, and the next query works', async () => {
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(handle.db)))
    expect(await terminateOthers()).toBeGreaterThanOrEqual(3)
    await expect.poll(() => lost.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1)
    const after = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db)
    expect(after.rows[0]!.one).toBe(1)
  })

  it('ends a statement that runs past the bound with PostgreSQL’s cancel code', async () => {
    await expect(sql`SELECT pg_sleep(3)`.execute(handle.db)).rejects.toMatchObject({ code: '57014' })
  })

  it('ends a transaction left idle, releasing what it held', async () => {
    const failed = handle.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      await sql`SELECT 1`.execute(trx)
    })
    await expect(failed).rejects.toThrow()
    const after = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db)
    expect(after.rows[0]!.one).toBe(1)
  })
})
