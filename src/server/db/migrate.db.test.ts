import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import type { Database } from './database.ts'
import { migrateToLatest } from './migrate.ts'

/** Every table the modules declare to Kysely; the type below fails to compile when one is missing. */
const DECLARED_TABLES = [
  'account',
  'account_totp',
  'alert',
  'alert_event',
  'area_tally',
  'announcement',
  'announcement_delivery',
  'api_client',
  'area',
  'audit_log',
  'bus',
  'bus_seat',
  'checkpoint',
  'collection_point',
  'consultation',
  'device',
  'device_binding',
  'device_reading',
  'enterprise',
  'expert_booking',
  'expert_consultation',
  'expert_consultation_member',
  'expert_panel_action',
  'expert_slot',
  'health_platform',
  'health_status',
  'health_status_event',
  'house_event',
  'house_file',
  'house_inspection',
  'house_occupancy',
  'house_registration',
  'isolation_order',
  'issued_code',
  'issuer_key',
  'job_posting',
  'login_throttle',
  'notice',
  'notification',
  'passage',
  'pending_verification',
  'person',
  'problem',
  'problem_attachment',
  'problem_escalation',
  'problem_event',
  'recruitment_hire',
  'recruitment_region',
  'recruitment_signup',
  'recruitment_team',
  'recruitment_team_member',
  'rental_property',
  'resident_link',
  'resident_otp',
  'resident_session',
  'resident_session_person',
  'resumption_application',
  'returnee',
  'returnee_report',
  'self_service_link',
  'service_assignment',
  'service_team',
  'service_team_member',
  'session',
  'subsidy_application',
  'subsidy_application_event',
  'subsidy_bank_result_import',
  'subsidy_document',
  'subsidy_payment',
  'subsidy_payout_batch',
  'subsidy_policy',
  'subsidy_policy_version',
  'totp_recovery_code',
  'video_service',
  'work_calendar_day',
  'work_calendar_year',
] as const satisfies readonly (keyof Database)[]
type Undeclared = Exclude<keyof Database, (typeof DECLARED_TABLES)[number]>
const everyTableListed: [Undeclared] extends [never] ? true : Undeclared = true

const MIGRATIONS = join(import.meta.dirname, 'migrations')

describe(`migrations on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    // from an empty database, not the run's migrated snapshot: this is the test of the migrations
    ctx = await createTestContext({}, { fromScratch: true })
  })
  afterAll(() => ctx.close())

  it('creates every table the modules declare, and no other', async () => {
    expect(everyTableListed).toBe(true)
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(ctx.deps.db)
    const migrationBookkeeping = ['kysely_migration', 'kysely_migration_lock']
    expect(rows.map((r) => r.table_name).filter((name) => !migrationBookkeeping.includes(name))).toEqual([...DECLARED_TABLES].sort())
  })

  it('does nothing when run again', async () => {
    const result = await migrateToLatest(ctx.deps.db)
    expect(result.results).toEqual([])
  })

  it('keeps the audit log append-only in the database itself', async () => {
    await ctx.deps.db.insertInto('audit_log').values({ action: 'read', entity_type: 'person' }).execute()
    await expect(ctx.deps.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/)
    await expect(ctx.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    const rows = await ctx.deps.db.selectFrom('audit_log').select('action').execute()
    expect(rows).toEqual([{ action: 'read' }])
  })
})

describe('merged migrations', () => {
  // A migration that already ran somewhere is never edited: a database migrated with the old
  // text would silently differ from one migrated with the new. Change the schema in a new file.
  it('are byte for byte what was merged (src/server/db/migrations.sha256)', () => {
    const recorded = new Map(
      readFileSync(join(import.meta.dirname, 'migrations.sha256'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).reverse() as [string, string]),
    )
    for (const file of readdirSync(MIGRATIONS).sort()) {
      const hash = createHash('sha256')
        .update(readFileSync(join(MIGRATIONS, file)))
        .digest('hex')
      expect(
        recorded.get(file),
        `${file}: a merged migration must not change (put the change in a new file); a new one is recorded with (cd src/server/db/migrations && sha256sum *.ts > ../migrations.sha256)`,
      ).toBe(hash)
    }
    expect([...recorded.keys()].sort()).toEqual(readdirSync(MIGRATIONS).sort())
  })
})
