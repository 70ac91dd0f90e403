import { sql, type Kysely } from 'kysely'

/**
 * A returnee's phone-page link can be re-issued (lost phone, link forwarded to the wrong
 * person): the old one is marked revoked rather than deleted, so its page can say "replaced"
 * (410) instead of "unknown" (404) and the person knows to ask for the new one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE self_service_link ADD COLUMN revoked_at timestamptz`.execute(db)
  await sql`CREATE INDEX self_service_link_returnee_idx ON self_service_link (returnee_id) WHERE returnee_id IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX self_service_link_returnee_idx`.execute(db)
  await sql`ALTER TABLE self_service_link DROP COLUMN revoked_at`.execute(db)
}
