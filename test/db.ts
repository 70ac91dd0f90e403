import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { inject } from 'vitest'
import { loadConfig } from '../src/server/config.ts'
import { FieldCipher } from '../src/server/crypto/field-cipher.ts'
import { openDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import type { Deps } from '../src/server/deps.ts'
import { adminQuery, type MigratedSnapshot } from './migrated-snapshot.ts'

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
 * @param options.fromScratch run every migration on an empty database instead of copying the
 *   run's migrated one (the migrations' own test)
 */
export async function createTestContext(
  env: Record<string, string> = {},
  options: { pglite?: PGlite; fromScratch?: boolean } = {},
): Promise<TestContext> {
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
    const snapshot = options.fromScratch ? null : migratedSnapshot()
    const scratch = await createScratchDatabase(snapshot?.kind === 'postgres' ? snapshot.template : undefined)
    const handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 })
    // a no-op on the run's migrated template; the whole migration without one
    await migrateToLatest(handle.db)
    return {
      deps: { db: handle.db, dbKind: 'postgres', cipher: new FieldCipher(dataKey), config },
      close: async () => {
        await handle.close()
        await scratch.drop()
      },
    }
  }
  const snapshot = options.fromScratch ? null : migratedSnapshot()
  const pglite =
    options.pglite ??
    (snapshot?.kind === 'pglite' ? await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot.file)]) }) : undefined)
  const handle = await openDatabase(pglite ? { pglite } : { dataDir: 'memory://' })
  await migrateToLatest(handle.db)
  return {
    deps: { db: handle.db, dbKind: 'pglite', cipher: new FieldCipher(dataKey), config },
    close: () => handle.close(),
  }
}

/** The run's migrated database (test/migrated-snapshot.ts), or null outside a Vitest worker (benchmarks). */
function migratedSnapshot(): MigratedSnapshot | null {
  try {
    return inject('migratedSnapshot') ?? null
  } catch {
    return null
  }
}

/**
 * A new database named gl_test_<random> on the DATABASE_URL server: empty, or a copy of a template.
 * @param template a database to copy (the run's migrated one); none for an empty, unmigrated one
 * @returns its URL, and `drop()`, which removes it even with connections still open
 */
export async function createScratchDatabase(template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL
  if (!base) throw new Error('a PostgreSQL test database needs DATABASE_URL')
  const name = `gl_test_${randomBytes(6).toString('hex')}`
  await adminQuery(base, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
