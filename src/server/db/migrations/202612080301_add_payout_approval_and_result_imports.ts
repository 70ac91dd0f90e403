import { sql, type Kysely } from 'kysely'

/**
 * Four eyes on the money going out: a payout batch's bank file is released only after a second
 * policy officer, not its creator, approves it (the CHECK is the last guard if a code path
 * forgets). Each import of the bank's result file is kept with who imported it and the file's
 * SHA-256, so the batch history shows which file changed which payments.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE subsidy_payout_batch
    ADD COLUMN approved_by uuid REFERENCES account(id),
    ADD COLUMN approved_at timestamptz,
    ADD CONSTRAINT subsidy_payout_batch_four_eyes CHECK (approved_by IS NULL OR (approved_by IS DISTINCT FROM created_by AND approved_at IS NOT NULL))`.execute(db)
  await sql`CREATE TABLE subsidy_bank_result_import (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    batch_id uuid NOT NULL REFERENCES subsidy_payout_batch(id),
    imported_by uuid REFERENCES account(id),
    imported_at timestamptz NOT NULL DEFAULT now(),
    file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    rows integer NOT NULL,
    paid integer NOT NULL,
    failed integer NOT NULL,
    unchanged integer NOT NULL,
    errors integer NOT NULL
  )`.execute(db)
  await sql`CREATE INDEX subsidy_bank_result_import_batch_idx ON subsidy_bank_result_import (batch_id, imported_at)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE subsidy_bank_result_import`.execute(db)
  await sql`ALTER TABLE subsidy_payout_batch DROP CONSTRAINT subsidy_payout_batch_four_eyes, DROP COLUMN approved_at, DROP COLUMN approved_by`.execute(db)
}
