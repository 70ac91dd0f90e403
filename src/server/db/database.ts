import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { AreaTable } from '../modules/area/area.table.ts'
import type { AccountTable, AccountTotpTable, LoginThrottleTable, SessionTable, TotpRecoveryCodeTable } from '../modules/auth/auth.table.ts'
import type { AuditLogTable } from '../modules/audit/audit.table.ts'
import type { PersonTable } from '../modules/people/person.table.ts'
import type { AccountLandlordLink, HousingTables, RentalPropertyTable } from '../modules/housing/housing.table.ts'
import type {
  ApiClientTable,
  HealthStatusEventTable,
  HealthStatusTable,
  IssuedCodeTable,
  IssuerKeyTable,
} from '../modules/codes/codes.table.ts'
import type { CheckpointTable, PassageTable } from '../modules/gate/gate.table.ts'
import type { IsolationOrderTable } from '../modules/isolation/isolation.table.ts'
import type { AlertTable } from '../modules/alerts/alerts.table.ts'
import type { NotificationTable } from '../modules/notify/notify.table.ts'
import type { AlertEventTable } from '../modules/alerts/alert-event.table.ts'
import type { ReturneeReportTable, ReturneeTable, SelfServiceLinkTable } from '../modules/returnees/returnees.table.ts'
import type { DeviceBindingTable, DeviceReadingTable, DeviceTable } from '../modules/devices/devices.table.ts'
import type { AnnouncementDeliveryTable, AnnouncementTable } from '../modules/broadcast/broadcast.table.ts'
import type { ConsultationTable, VideoServiceTable } from '../modules/consultation/consultation.table.ts'
import type { AccountEnterpriseLink, EnterpriseTables } from '../modules/enterprise/enterprise.table.ts'
import type { SubsidyTables } from '../modules/subsidies/subsidies.table.ts'
import type { RecruitmentTables } from '../modules/recruitment/recruitment.table.ts'
import type { NoticeTable } from '../modules/notices/notices.table.ts'
import type { ResidentTables } from '../modules/resident/resident.table.ts'
import type { AreaTallyTable } from '../modules/overview/overview.table.ts'
import type { HealthPlatformTable, PendingVerificationTable } from '../modules/platforms/platforms.table.ts'
import { createListener, type Listen, type ListenOptions } from './listen.ts'

/** Every table, for Kysely's types. Each module owns its own table file. */
export interface Database {
  area: AreaTable
  area_tally: AreaTallyTable
  account: AccountTable & AccountEnterpriseLink & AccountLandlordLink
  session: SessionTable
  account_totp: AccountTotpTable
  totp_recovery_code: TotpRecoveryCodeTable
  login_throttle: LoginThrottleTable
  audit_log: AuditLogTable
  person: PersonTable
  rental_property: RentalPropertyTable
  issuer_key: IssuerKeyTable
  health_status: HealthStatusTable
  health_status_event: HealthStatusEventTable
  issued_code: IssuedCodeTable
  api_client: ApiClientTable
  checkpoint: CheckpointTable
  passage: PassageTable
  health_platform: HealthPlatformTable
  pending_verification: PendingVerificationTable
  isolation_order: IsolationOrderTable
  alert: AlertTable
  notification: NotificationTable
  alert_event: AlertEventTable
  returnee: ReturneeTable
  returnee_report: ReturneeReportTable
  self_service_link: SelfServiceLinkTable
  device: DeviceTable
  device_binding: DeviceBindingTable
  device_reading: DeviceReadingTable
  announcement: AnnouncementTable
  announcement_delivery: AnnouncementDeliveryTable
  consultation: ConsultationTable
  video_service: VideoServiceTable
  enterprise: EnterpriseTables['enterprise']
  service_team: EnterpriseTables['service_team']
  service_team_member: EnterpriseTables['service_team_member']
  service_assignment: EnterpriseTables['service_assignment']
  resumption_application: EnterpriseTables['resumption_application']
  problem: EnterpriseTables['problem']
  problem_event: EnterpriseTables['problem_event']
  problem_escalation: EnterpriseTables['problem_escalation']
  problem_attachment: EnterpriseTables['problem_attachment']
  work_calendar_year: EnterpriseTables['work_calendar_year']
  work_calendar_day: EnterpriseTables['work_calendar_day']
  expert_slot: EnterpriseTables['expert_slot']
  expert_booking: EnterpriseTables['expert_booking']
  expert_consultation: EnterpriseTables['expert_consultation']
  expert_consultation_member: EnterpriseTables['expert_consultation_member']
  expert_panel_action: EnterpriseTables['expert_panel_action']
  house_event: HousingTables['house_event']
  house_inspection: HousingTables['house_inspection']
  house_file: HousingTables['house_file']
  house_registration: HousingTables['house_registration']
  house_occupancy: HousingTables['house_occupancy']
  notice: NoticeTable
  recruitment_team: RecruitmentTables['recruitment_team']
  recruitment_team_member: RecruitmentTables['recruitment_team_member']
  recruitment_region: RecruitmentTables['recruitment_region']
  job_posting: RecruitmentTables['job_posting']
  collection_point: RecruitmentTables['collection_point']
  bus: RecruitmentTables['bus']
  recruitment_signup: RecruitmentTables['recruitment_signup']
  bus_seat: RecruitmentTables['bus_seat']
  recruitment_hire: RecruitmentTables['recruitment_hire']
  subsidy_policy: SubsidyTables['subsidy_policy']
  subsidy_policy_version: SubsidyTables['subsidy_policy_version']
  subsidy_application: SubsidyTables['subsidy_application']
  subsidy_application_event: SubsidyTables['subsidy_application_event']
  subsidy_document: SubsidyTables['subsidy_document']
  subsidy_payout_batch: SubsidyTables['subsidy_payout_batch']
  subsidy_payment: SubsidyTables['subsidy_payment']
  subsidy_bank_result_import: SubsidyTables['subsidy_bank_result_import']
  resident_link: ResidentTables['resident_link']
  resident_session: ResidentTables['resident_session']
  resident_session_person: ResidentTables['resident_session_person']
  resident_otp: ResidentTables['resident_otp']
}

export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** A repository function accepts either the pool or an open transaction. */
export type DbOrTrx = Db | Trx

const LISTENERS = new WeakMap<Db, Listen>()

/**
 * LISTEN on a channel of the database behind `db` (PostgreSQL NOTIFY; PGlite has it too).
 * NOTIFY is transactional: a notice sent inside a transaction arrives only once it commits,
 * which is what lets alerts raised by any process reach every app server's live channel.
 * Resolves even while PostgreSQL is away (it listens once it is back): pass `onReconnect` to
 * re-read what changed while notices could not arrive.
 * @returns a function that stops listening
 * @throws when `db` was not opened by openDatabase
 */
export function listenOn(
  db: Db,
  channel: string,
  handler: (payload: string) => void,
  options?: ListenOptions,
): Promise<() => Promise<void>> {
  const listen = LISTENERS.get(db)
  if (!listen) throw new Error('listenOn: this database was not opened by openDatabase')
  return listen(channel, handler, options)
}

/** Bounds on waiting for PostgreSQL; 0 turns a bound off. */
export interface DatabaseTimeouts {
  connectMs: number
  statementMs: number
  idleInTransactionMs: number
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 60_000, idleInTransactionMs: 60_000 }

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
  timeouts?: Partial<DatabaseTimeouts>
  /** A pooled connection failed while idle (the server restarted, the network dropped it). */
  onConnectionError?: (error: Error) => void
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts }
    // int8 (count, bigserial) as string is pg's default; our queries cast counts to int.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A partition must become an error, not a hang: give up connecting, and let the server end a
      // statement or an abandoned transaction (which would hold row locks) after a bound.
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs || undefined,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs || undefined,
      // …and the client gives up on a server that never answers (statement_timeout cannot fire then).
      query_timeout: timeouts.statementMs ? timeouts.statementMs + 5_000 : undefined,
      keepAlive: true,
    })
    // Without a listener, an idle connection's error (a PostgreSQL restart) is thrown by the
    // EventEmitter and ends the process. The pool drops that client; the next query gets a new one.
    const onConnectionError =
      options.onConnectionError ??
      ((error: Error) => process.stderr.write(`database connection lost: ${(error as { code?: string }).code ?? error.message}\n`))
    pool.on('error', onConnectionError)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    const listener = createListener({ connectionString: options.databaseUrl, connectTimeoutMs: timeouts.connectMs || undefined })
    LISTENERS.set(db, listener.listen)
    // pool.end() resolves before its sockets have closed: wait for them, so whoever drops the
    // database next (tests) does not kill a connection that is still saying goodbye.
    const open = new Set<pg.PoolClient>()
    pool.on('connect', (client) => {
      open.add(client)
      // The pool listens only while a client is idle: one checked out for a transaction that the
      // server ends (idle-in-transaction timeout, restart) would otherwise throw from its emitter.
      // The query in flight still rejects, and the pool drops the dead client on release.
      client.on('error', (error) => {
        // While idle the pool's own listener reports it (through pool 'error'): report once.
        if (client.listenerCount('error') === 1) onConnectionError(error)
      })
      client.once('end', () => open.delete(client))
    })
    return {
      db,
      kind: 'postgres',
      close: async () => {
        await listener.close()
        await db.destroy()
        const closing = [...open].map((client) => new Promise((resolve) => client.once('end', resolve)))
        await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
      },
    }
  }
  let pglite = options.pglite
  if (!pglite) {
    const dir = options.dataDir ?? 'memory://'
    if (dir !== 'memory://') mkdirSync(dir, { recursive: true })
    pglite = await PGlite.create(dir === 'memory://' ? undefined : join(dir, 'pgdata'))
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  const instance = pglite
  LISTENERS.set(db, createListener({ pglite: instance }).listen)
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy()
      if (!instance.closed) await instance.close()
    },
  }
}
