import { sql, type Kysely } from 'kysely'

/**
 * Account security (issue 14): the browser a session was opened from, so a user can tell their
 * sessions apart; and the optional TOTP second factor with its one-time recovery codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE session ADD COLUMN user_agent text`.execute(db)
  await sql`CREATE TABLE account_totp (
    account_id uuid PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
    -- the base32 secret sealed with the data key (field-cipher.ts)
    secret_sealed text NOT NULL,
    -- null while enrolment waits for the first code
    confirmed_at timestamptz,
    -- the last time step accepted: a code of this step or earlier is a replay
    last_used_step integer,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  await sql`CREATE TABLE totp_recovery_code (
    account_id uuid NOT NULL REFERENCES account_totp(account_id) ON DELETE CASCADE,
    -- keyed hash (blind index) of the normalised code; the code itself is shown once
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (account_id, code_hash)
  )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE totp_recovery_code`.execute(db)
  await sql`DROP TABLE account_totp`.execute(db)
  await sql`ALTER TABLE session DROP COLUMN user_agent`.execute(db)
}
