import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'

/**
 * Every data test file needs an empty, migrated database of its own. Creating a PGlite
 * (initdb) and running every migration costs ~3 s per file (13 s under load); restoring a
 * data folder that was migrated once costs ~0.5 s. On PostgreSQL the copy is
 * `CREATE DATABASE … TEMPLATE`. This global set-up migrates once per run and provides the
 * snapshot to createTestContext (test/db.ts); files still never share a database.
 */
export type MigratedSnapshot = { kind: 'pglite'; file: string } | { kind: 'postgres'; template: string }

declare module 'vitest' {
  export interface ProvidedContext {
    migratedSnapshot: MigratedSnapshot | null
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.config.env?.GRIDLINE_TEST_DB === 'postgres') return postgresTemplate(project)
  return pgliteSnapshot(project)
}

async function pgliteSnapshot(project: TestProject): Promise<() => Promise<void>> {
  const pglite = await PGlite.create()
  const handle = await openDatabase({ pglite })
  await migrateToLatest(handle.db)
  const dump = await pglite.dumpDataDir('none')
  await handle.close()
  const file = join(tmpdir(), `gridline-migrated-${process.pid}-${randomBytes(4).toString('hex')}.tar`)
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('migratedSnapshot', { kind: 'pglite', file })
  return async () => rmSync(file, { force: true })
}

async function postgresTemplate(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.DATABASE_URL
  if (!base) throw new Error('the postgres project needs DATABASE_URL')
  const template = `gl_template_${randomBytes(6).toString('hex')}`
  await adminQuery(base, `CREATE DATABASE ${template}`)
  const url = new URL(base)
  url.pathname = `/${template}`
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 })
  try {
    await migrateToLatest(handle.db)
  } finally {
    // a template must have no connection left while it is copied
    await handle.close()
  }
  project.provide('migratedSnapshot', { kind: 'postgres', template })
  return () => adminQuery(base, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)
}

export async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}
