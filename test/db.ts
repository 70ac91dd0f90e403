import { randomBytes } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { loadConfig } from '../src/server/config.ts'
import { FieldCipher } from '../src/server/crypto/field-cipher.ts'
import { openDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import type { Deps } from '../src/server/deps.ts'

export interface TestContext {
  deps: Deps
  close(): Promise<void>
}

/** Which database this test run uses: vitest.config.ts sets it per project. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.GRIDLINE_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
}

/**
 * A fresh, migrated database of the project's kind: an in-memory PGlite, or a new database
 * named gl_test_<random> on the DATABASE_URL server, dropped again by close().
 * @param env more settings, e.g. `{ PUBLIC_URL: 'http://gate.example.test:8080' }`; a DATA_KEY
 *   given here is the key of the data (a restored snapshot's)
 * @param options.pglite an opened PGlite to use (a restored snapshot) instead of an empty one
 */
export async function createTestContext(env: Record<string, string> = {}, options: { pglite?: PGlite } = {}): Promise<TestContext> {
  const dataKey = env.DATA_KEY ? Buffer.from(env.DATA_KEY, 'hex') : randomBytes(32)
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATA_KEY: dataKey.toString('hex'),
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    ...env,
  })
  if (testDatabaseKind() === 'postgres') {
    const scratch = await createScratchDatabase()
    const handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 })
    await migrateToLatest(handle.db)
    return {
      deps: { db: handle.db, dbKind: 'postgres', cipher: new FieldCipher(dataKey), config },
      close: async () => {
        await handle.close()
        await scratch.drop()
      },
    }
  }
  const handle = await openDatabase(options.pglite ? { pglite: options.pglite } : { dataDir: 'memory://' })
  await migrateToLatest(handle.db)
  return {
    deps: { db: handle.db, dbKind: 'pglite', cipher: new FieldCipher(dataKey), config },
    close: () => handle.close(),
  }
}

/**
 * A new, empty database named gl_test_<random> on the DATABASE_URL server (not migrated).
 * @returns its URL, and `drop()`, which removes it even with connections still open
 */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL
  if (!base) throw new Error('a PostgreSQL test database needs DATABASE_URL')
  const name = `gl_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: base })
      await dropper.connect()
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await dropper.end()
    },
  }
}
