import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind } from '../../../test/db.ts'
import { createAreaTree, residentId } from '../../../test/factories.ts'
import { FieldCipher } from '../crypto/field-cipher.ts'
import type { Deps } from '../deps.ts'
import { sealIdentity } from '../modules/people/person.service.ts'
import { backupDatabase, BackupError, restoreDatabase } from './backup.ts'
import { openDatabase, type Db } from './database.ts'
import { migrateToLatest } from './migrate.ts'

/** A few areas and two people with sealed ID numbers: what a restore must bring back exactly. */
async function seed(deps: Pick<Deps, 'db' | 'cipher'>) {
  const tree = await createAreaTree(deps as Deps)
  const idNumbers = [residentId(), residentId()]
  await deps.db
    .insertInto('person')
    .values(
      idNumbers.map((idNumber, i) => ({
        area_id: tree.gridA.id,
        city_area_id: tree.city.id,
        name: `备份${i}`,
        kind: 'resident' as const,
        id_type: 'resident_id' as const,
        ...sealIdentity(deps.cipher, idNumber, null),
        origin: null,
        employer: null,
        address: null,
        created_by: null,
      })),
    )
    .execute()
  return idNumbers
}

/** The rows compared before and after: areas, and people with their sealed ID numbers. */
async function snapshot(db: Db) {
  return {
    areas: await db.selectFrom('area').select(['id', 'code', 'name', 'path']).orderBy('code').execute(),
    people: await db.selectFrom('person').select(['id', 'name', 'id_number_enc', 'id_number_index']).orderBy('name').execute(),
  }
}

const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ['--version'])
    return true
  } catch {
    return false
  }
}

describe.runIf(testDatabaseKind() === 'pglite')('backup and restore of the embedded database (data folder)', () => {
  // Made in beforeAll: a skipped describe still runs its body, but never its hooks.
  let dir: string
  const cipher = new FieldCipher(randomBytes(32))
  let before: Awaited<ReturnType<typeof snapshot>>
  let idNumbers: string[]
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-backup-'))
    const handle = await openDatabase({ dataDir: join(dir, 'live') })
    try {
      await migrateToLatest(handle.db)
      idNumbers = await seed({ db: handle.db, cipher })
      before = await snapshot(handle.db)
    } finally {
      await handle.close()
    }
  })

  it('refuses to back up a folder the server has open (it would copy a moving target)', async () => {
    const open = await openDatabase({ dataDir: join(dir, 'live') })
    try {
      await expect(backupDatabase({ dataDir: join(dir, 'live') }, join(dir, 'refused.tar.gz'))).rejects.toThrow(BackupError)
    } finally {
      await open.close()
    }
  })

  it('restores a stopped data folder into a fresh one with the same rows, readable with the same key', async () => {
    const file = join(dir, 'backup.tar.gz')
    expect(await backupDatabase({ dataDir: join(dir, 'live') }, file)).toBeGreaterThan(0)
    const { sealedSample } = await restoreDatabase({ dataDir: join(dir, 'restored') }, file)
    expect(idNumbers).toContain(cipher.open(sealedSample!))
    const restored = await openDatabase({ dataDir: join(dir, 'restored') })
    try {
      expect(await snapshot(restored.db)).toEqual(before)
      // Already at the latest migration: the server starts on it as it is.
      expect((await migrateToLatest(restored.db)).results).toEqual([])
    } finally {
      await restored.close()
    }
  })

  it('refuses to restore over a folder that holds a database', async () => {
    await expect(restoreDatabase({ dataDir: join(dir, 'live') }, join(dir, 'backup.tar.gz'))).rejects.toThrow(/already holds a database/)
    const live = await openDatabase({ dataDir: join(dir, 'live') })
    try {
      expect(await snapshot(live.db)).toEqual(before)
    } finally {
      await live.close()
    }
  })
})

const pgTools = hasTool('pg_dump') && hasTool('pg_restore')
if (testDatabaseKind() === 'postgres' && !pgTools)
  console.warn('backup.db.test: pg_dump/pg_restore not installed (postgresql-client): PostgreSQL backup not tested')

describe.runIf(testDatabaseKind() === 'postgres' && pgTools)('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  let dir: string
  const fresh = `gl_test_${randomBytes(6).toString('hex')}`
  let ctx: Awaited<ReturnType<typeof createTestContext>>
  let sourceUrl: string
  let freshUrl: string
  let idNumbers: string[]

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    await client.query(statement)
    await client.end()
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-backup-'))
    ctx = await createTestContext()
    idNumbers = await seed(ctx.deps)
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(ctx.deps.db)).rows[0]!.name
    const url = new URL(process.env.DATABASE_URL!)
    url.pathname = `/${name}`
    sourceUrl = url.toString()
    url.pathname = `/${fresh}`
    freshUrl = url.toString()
    await admin(`CREATE DATABASE ${fresh}`)
  })
  afterAll(async () => {
    await ctx.close()
    await admin(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`)
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('restores a pg_dump of a seeded database into a fresh one with the same rows', async () => {
    const file = join(dir, 'gridline.dump')
    expect(await backupDatabase({ databaseUrl: sourceUrl, dataDir: dir }, file)).toBeGreaterThan(0)
    const { sealedSample } = await restoreDatabase({ databaseUrl: freshUrl, dataDir: dir }, file)
    expect(idNumbers).toContain(ctx.deps.cipher.open(sealedSample!))
    const restored = await openDatabase({ databaseUrl: freshUrl, poolSize: 1 })
    try {
      expect(await snapshot(restored.db)).toEqual(await snapshot(ctx.deps.db))
      expect((await migrateToLatest(restored.db)).results).toEqual([])
    } finally {
      await restored.close()
    }
  })

  it('refuses to restore into a database that is not empty', async () => {
    await expect(restoreDatabase({ databaseUrl: sourceUrl, dataDir: dir }, join(dir, 'gridline.dump'))).rejects.toThrow(/not empty/)
  })
})
