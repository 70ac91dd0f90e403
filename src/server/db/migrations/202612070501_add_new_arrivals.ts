import { sql, type Kysely } from 'kysely'

const STATEMENTS = [
  // A tenant who arrives without one of our health codes may register all the same: the
  // registration says so, and the health code text is no longer required.
  `ALTER TABLE house_registration ALTER COLUMN health_code_format DROP NOT NULL`,
  `ALTER TABLE house_registration ADD COLUMN new_arrival boolean NOT NULL DEFAULT false`,
  // A person who put themselves in the registry (a new arrival, once their phone is confirmed)
  // stays 待核实 until a grid worker has checked them; null for everyone staff registered.
  `ALTER TABLE person ADD COLUMN pending_since timestamptz`,
  `CREATE INDEX person_pending_idx ON person (area_id, pending_since) WHERE pending_since IS NOT NULL`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite runs parameterised (extended-protocol) queries only.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX person_pending_idx').execute(db)
  await sql.raw('ALTER TABLE person DROP COLUMN pending_since').execute(db)
  await sql.raw('ALTER TABLE house_registration DROP COLUMN new_arrival').execute(db)
  await sql.raw(`UPDATE house_registration SET health_code_format = 'none' WHERE health_code_format IS NULL`).execute(db)
  await sql.raw('ALTER TABLE house_registration ALTER COLUMN health_code_format SET NOT NULL').execute(db)
}
