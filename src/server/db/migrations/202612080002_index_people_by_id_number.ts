import { sql, type Kysely } from 'kysely'

/**
 * A search by full ID number or phone is `id_number_index = ANY(…) OR phone_index = ANY(…)`. The
 * phone had an index; the ID number only led a unique constraint behind city_area_id, so the OR
 * read every person in scope (0.4–0.9 s at a million people). With both, it is a bitmap OR of two
 * index look-ups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX person_id_number_index_idx ON person (id_number_index)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX person_id_number_index_idx`.execute(db)
}
