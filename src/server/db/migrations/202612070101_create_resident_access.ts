import { sql, type Kysely } from 'kysely'

/**
 * A resident's own codes on their phone (/me): personal links staff issue, the phone's session
 * (no staff account), the people it holds with each one's consent, and one-time codes.
 * Tokens and codes are stored as keyed hashes only.
 */
const STATEMENTS = [
  // One live link per person: re-issuing revokes the previous row in the same transaction.
  `CREATE TABLE resident_link (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    token_hash text NOT NULL UNIQUE,
    issued_by uuid REFERENCES account(id),
    issued_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  )`,
  `CREATE UNIQUE INDEX resident_link_one_live ON resident_link (person_id) WHERE revoked_at IS NULL`,
  `CREATE INDEX resident_link_area_idx ON resident_link (area_id)`,
  `CREATE TABLE resident_session (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
  )`,
  // The people a phone holds; removed rows stay as the consent's history.
  `CREATE TABLE resident_session_person (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid NOT NULL REFERENCES resident_session(id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    consent_method text NOT NULL CHECK (consent_method IN ('phone_otp', 'personal_link')),
    consent_at timestamptz NOT NULL,
    link_id uuid REFERENCES resident_link(id),
    removed_at timestamptz,
    removed_reason text CHECK (removed_reason IN ('removed', 'link_reissued', 'signed_out'))
  )`,
  `CREATE UNIQUE INDEX resident_session_person_live ON resident_session_person (session_id, person_id) WHERE removed_at IS NULL`,
  `CREATE INDEX resident_session_person_person_idx ON resident_session_person (person_id)`,
  `CREATE INDEX resident_session_person_link_idx ON resident_session_person (link_id) WHERE link_id IS NOT NULL`,
  // A one-time code is kept for unknown phones too (never sent), so both answer alike.
  `CREATE TABLE resident_otp (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    phone_index text NOT NULL,
    otp_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX resident_otp_phone_idx ON resident_otp (phone_index, created_at DESC)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['resident_otp', 'resident_session_person', 'resident_session', 'resident_link']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
}
