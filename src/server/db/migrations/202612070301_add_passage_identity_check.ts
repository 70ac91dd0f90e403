import { sql, type Kysely } from 'kysely'

/**
 * The guard's identity check on a passage (issue 13): 本人核验 (confirmed) or 非本人
 * (not_holder); NULL for passages before this, for codes refused at the scan step and for
 * scanners that do not ask.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE passage ADD COLUMN identity_check text CHECK (identity_check IN ('confirmed','not_holder'))`).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE passage DROP COLUMN IF EXISTS identity_check`).execute(db)
}
