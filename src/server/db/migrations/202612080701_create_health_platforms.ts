import { sql, type Kysely } from 'kysely'

/**
 * Issue 20: other provinces' health-code platforms as trust anchors, the checkpoint's policy when
 * a platform cannot answer, and the queue of scans to verify again when it answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE health_platform (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        region_codes text NOT NULL,
        code_prefix text UNIQUE,
        endpoint text NOT NULL,
        app_id text NOT NULL,
        secret_sealed text NOT NULL,
        timeout_ms integer NOT NULL DEFAULT 3000 CHECK (timeout_ms BETWEEN 200 AND 5000),
        cache_seconds integer NOT NULL DEFAULT 60 CHECK (cache_seconds BETWEEN 0 AND 600),
        signing_scheme text NOT NULL DEFAULT 'hmac-sha256-v1' CHECK (signing_scheme IN ('hmac-sha256-v1')),
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    )
    .execute(db)
  await sql.raw(`ALTER TABLE checkpoint ADD COLUMN unverified_policy text NOT NULL DEFAULT 'refuse' CHECK (unverified_policy IN ('refuse','admit_manual'))`).execute(db)
  await sql.raw(`ALTER TABLE passage ADD COLUMN verified_online_by text`).execute(db)
  await sql.raw(`ALTER TABLE passage ADD COLUMN manual_proof text CHECK (manual_proof IN ('paper','phone'))`).execute(db)
  await sql
    .raw(
      `CREATE TABLE pending_verification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        passage_id uuid NOT NULL UNIQUE REFERENCES passage(id),
        platform_id uuid NOT NULL REFERENCES health_platform(id),
        area_id uuid NOT NULL REFERENCES area(id),
        code_sealed text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        outcome text
      )`,
    )
    .execute(db)
  await sql.raw(`CREATE INDEX pending_verification_open ON pending_verification (created_at) WHERE resolved_at IS NULL`).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS pending_verification`).execute(db)
  await sql.raw(`ALTER TABLE passage DROP COLUMN IF EXISTS manual_proof`).execute(db)
  await sql.raw(`ALTER TABLE passage DROP COLUMN IF EXISTS verified_online_by`).execute(db)
  await sql.raw(`ALTER TABLE checkpoint DROP COLUMN IF EXISTS unverified_policy`).execute(db)
  await sql.raw(`DROP TABLE IF EXISTS health_platform`).execute(db)
}
