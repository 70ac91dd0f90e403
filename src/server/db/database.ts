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
import type { ApiClientTable, HealthStatusTable, IssuedCodeTable, IssuerKeyTable } from '../modules/codes/codes.table.ts'
import type { CheckpointTable, PassageTable } from '../modules/gate/gate.table.ts'
import type { IsolationOrderTable } from '../modules/isolation/isolation.table.ts'
import type { AlertTable } from '../modules/alerts/alerts.table.ts'
import type { NotificationTable } from '../modules/notify/notify.table.ts'

/** Every table, for Kysely's types. Each module owns its own table file. */
export interface Database {
  area: AreaTable
  account: AccountTable
  session: SessionTable
  audit_log: AuditLogTable
  person: PersonTable
  rental_property: RentalPropertyTable
  issuer_key: IssuerKeyTable
  health_status: HealthStatusTable
  issued_code: IssuedCodeTable
  api_client: ApiClientTable
  checkpoint: CheckpointTable
  passage: PassageTable
  isolation_order: IsolationOrderTable
  alert: AlertTable
  notification: NotificationTable
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
