import { sql, type Kysely } from 'kysely'

/**
 * The history of health colours (卫健专员 screens): one row per change, whoever made it — an
 * officer with a reason, an import file (name, line), or an external system's API client.
 * Codes keep their own history in issued_code; revoked_by says who revoked one by hand.
 */
const STATEMENTS = [
  `CREATE TABLE health_status_event (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    from_colour text CHECK (from_colour IN ('green','yellow','red')),
    to_colour text NOT NULL CHECK (to_colour IN ('green','yellow','red')),
    source text NOT NULL CHECK (source IN ('officer','import','api')),
    account_id uuid REFERENCES account(id),
    api_client_id uuid REFERENCES api_client(id),
    -- one import file or one API push: its rows share the batch id
    batch_id uuid,
    file_name text,
    line integer,
    reason text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX health_status_event_person_idx ON health_status_event (person_id, at DESC)`,
  `ALTER TABLE issued_code ADD COLUMN revoked_by uuid REFERENCES account(id)`,
  `CREATE INDEX issued_code_person_all_idx ON issued_code (person_id, issued_at DESC) WHERE person_id IS NOT NULL`,
  // Colours set before the history existed get one row each, so no current colour lacks a start.
  `INSERT INTO health_status_event (person_id, from_colour, to_colour, source, account_id, at)
   SELECT person_id, NULL, colour, source, updated_by, updated_at FROM health_status`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX issued_code_person_all_idx').execute(db)
  await sql.raw('ALTER TABLE issued_code DROP COLUMN revoked_by').execute(db)
  await sql.raw('DROP TABLE health_status_event').execute(db)
}
