import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { AreaTable } from '../modules/area/area.table.ts'
import type { AccountTable, SessionTable } from '../modules/auth/auth.table.ts'
import type { AuditLogTable } from '../modules/audit/audit.table.ts'
import type { PersonTable } from '../modules/people/person.table.ts'
import type { RentalPropertyTable } from '../modules/housing/housing.table.ts'

/** Every table, for Kysely's types. Each module owns its own table file. */
export interface Database {
  area: AreaTable
  account: AccountTable
  session: SessionTable
  audit_log: AuditLogTable
  person: PersonTable
  rental_property: RentalPropertyTable
}

export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** A repository function accepts either the pool or an open transaction. */
export type DbOrTrx = Db | Trx

export interface DatabaseHandle {
  db: Db
  /** 'postgres' on DATABASE_URL, 'pglite' for the embedded database. */
  kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

/**
 * Opens the system of record: PostgreSQL when a URL is given, else PGlite in `dataDir/pgdata`
 * (or in memory when dataDir is 'memory://').
 * @param options.pglite an already opened PGlite instance (tests restore snapshots this way)
 */
export async function openDatabase(options: {
  databaseUrl?: string
  dataDir?: string
  pglite?: PGlite
  poolSize?: number
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // int8 (count, bigserial) as string is pg's default; our queries cast counts to int.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  let pglite = options.pglite
  if (!pglite) {
    const dir = options.dataDir ?? 'memory://'
    if (dir !== 'memory://') mkdirSync(dir, { recursive: true })
    pglite = await PGlite.create(dir === 'memory://' ? undefined : join(dir, 'pgdata'))
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  const instance = pglite
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy()
      if (!instance.closed) await instance.close()
    },
  }
}
