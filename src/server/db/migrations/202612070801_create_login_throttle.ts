import { sql, type Kysely } from 'kysely'

/**
 * Sign-in throttling by (username, address), by username and by address, replacing the account
 * lock that anyone could trigger (decision 69). Keys are hashes: no address or name is stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL CHECK (failures >= 0),
    blocked_until timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  // Old rows are forgotten by the sweep-free rule in the service (a failure after a quiet hour starts again).
  await sql`ALTER TABLE account DROP COLUMN failed_logins, DROP COLUMN locked_until`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE account ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`.execute(db)
  await sql`DROP TABLE login_throttle`.execute(db)
}
