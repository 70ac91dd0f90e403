import { sql, type Kysely } from 'kysely'

/**
 * One audit row per request: a list read names the records it showed in target_ids (and their
 * areas in target_area_ids, so each area's admin still sees that its people were listed) instead
 * of writing one row per record. detail holds the query's shape, never personal data.
 * The append-only trigger stays: these are new columns, old rows keep NULL.
 */
const STATEMENTS = [
  `ALTER TABLE audit_log
    ADD COLUMN target_ids text[],
    ADD COLUMN target_count integer CHECK (target_count >= 0),
    ADD COLUMN target_area_ids uuid[],
    ADD COLUMN detail jsonb`,
  `CREATE INDEX audit_log_target_ids_idx ON audit_log USING gin (target_ids)`,
  `CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS audit_log_action_idx').execute(db)
  await sql.raw('DROP INDEX IF EXISTS audit_log_target_ids_idx').execute(db)
  await sql.raw('ALTER TABLE audit_log DROP COLUMN target_ids, DROP COLUMN target_count, DROP COLUMN target_area_ids, DROP COLUMN detail').execute(db)
}
