import { sql, type Kysely } from 'kysely'

const APPLICATION_STATES = `'submitted','returned','rejected','withdrawn','approved','paying','paid','payment_failed'`
const LIVE_STATES = `'submitted','returned','approved','paying','paid','payment_failed'`

/** Subsidy fulfilment (惠企政策兑现): policies with versions, applications, approvals, payouts. */
const STATEMENTS = [
  `CREATE TABLE subsidy_policy (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the issuing node: enterprises of this subtree may apply
    area_id uuid NOT NULL REFERENCES area(id),
    code text NOT NULL CONSTRAINT subsidy_policy_code_unique UNIQUE,
    state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published','closed')),
    current_version integer NOT NULL DEFAULT 1,
    budget_fen bigint NOT NULL CHECK (budget_fen >= 0),
    -- approved amounts, paid or not: raised in the approving transaction, never past the budget
    committed_fen bigint NOT NULL DEFAULT 0,
    paid_fen bigint NOT NULL DEFAULT 0,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subsidy_policy_budget_not_overcommitted CHECK (committed_fen >= 0 AND committed_fen <= budget_fen),
    CONSTRAINT subsidy_policy_paid_within_committed CHECK (paid_fen >= 0 AND paid_fen <= committed_fen)
  )`,
  `CREATE INDEX subsidy_policy_area_idx ON subsidy_policy (area_id, state)`,
  `CREATE TABLE subsidy_policy_version (
    policy_id uuid NOT NULL REFERENCES subsidy_policy(id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version >= 1),
    -- the whole policyVersionInputSchema value: title, rules, formula, documents, levels…
    data jsonb NOT NULL,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_id, version)
  )`,
  `CREATE SEQUENCE subsidy_application_number_seq`,
  `CREATE TABLE subsidy_application (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number text NOT NULL CONSTRAINT subsidy_application_number_unique UNIQUE,
    policy_id uuid NOT NULL REFERENCES subsidy_policy(id),
    policy_version integer NOT NULL,
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    -- the enterprise's area node, copied for scoping
    area_id uuid NOT NULL REFERENCES area(id),
    period text NOT NULL,
    state text NOT NULL CHECK (state IN (${APPLICATION_STATES})),
    -- approval level waiting for a decision, 1-based; null outside 'submitted'
    pending_level integer,
    levels integer NOT NULL CHECK (levels >= 1),
    -- approval round: 1 at submission, one more for each resubmission after a return
    round integer NOT NULL DEFAULT 1,
    inputs jsonb NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    payee_account_name text NOT NULL,
    payee_bank_name text NOT NULL,
    payee_account_no text NOT NULL,
    -- rule outcomes and facts at submission, for the approver
    precheck jsonb NOT NULL,
    note text,
    idempotency_key text,
    submitted_by uuid REFERENCES account(id),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    approved_at timestamptz,
    paid_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'submitted') = (pending_level IS NOT NULL))
  )`,
  // One application per enterprise, policy and period while it is alive (a rejected or withdrawn one may be filed again).
  `CREATE UNIQUE INDEX subsidy_application_one_per_period ON subsidy_application (policy_id, enterprise_id, period) WHERE state IN (${LIVE_STATES})`,
  `CREATE UNIQUE INDEX subsidy_application_idempotency ON subsidy_application (enterprise_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX subsidy_application_area_idx ON subsidy_application (area_id, state)`,
  `CREATE INDEX subsidy_application_policy_idx ON subsidy_application (policy_id, state)`,
  `CREATE INDEX subsidy_application_enterprise_idx ON subsidy_application (enterprise_id, submitted_at DESC)`,
  `CREATE TABLE subsidy_application_event (
    id bigserial PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES subsidy_application(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    -- submit, precheck, approve, return, reject, resubmit, withdraw, batch, paid, payment_failed, retry
    action text NOT NULL,
    round integer NOT NULL,
    level integer,
    actor_account_id uuid REFERENCES account(id),
    at timestamptz NOT NULL DEFAULT now(),
    note text
  )`,
  `CREATE INDEX subsidy_application_event_app_idx ON subsidy_application_event (application_id, id)`,
  // Four eyes: one officer approves at most one level of an application in a round.
  `CREATE UNIQUE INDEX subsidy_application_event_one_level_per_officer ON subsidy_application_event (application_id, round, actor_account_id) WHERE action = 'approve'`,
  // Each level of a round is approved once, even when two officers press approve together.
  `CREATE UNIQUE INDEX subsidy_application_event_level_once ON subsidy_application_event (application_id, round, level) WHERE action = 'approve'`,
  `CREATE TABLE subsidy_document (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES subsidy_application(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    document_key text NOT NULL,
    file_name text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    content bytea NOT NULL,
    uploaded_by uuid REFERENCES account(id),
    uploaded_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX subsidy_document_app_idx ON subsidy_document (application_id)`,
  `CREATE SEQUENCE subsidy_batch_number_seq`,
  `CREATE TABLE subsidy_payout_batch (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number text NOT NULL CONSTRAINT subsidy_payout_batch_number_unique UNIQUE,
    -- the paying office's node (the creating officer's)
    area_id uuid NOT NULL REFERENCES area(id),
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','exported','reconciled')),
    note text,
    idempotency_key text,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    exported_at timestamptz,
    file_sha256 text,
    -- a client's retry key is its own: two officers may happen to pick the same one
    CONSTRAINT subsidy_payout_batch_idempotency_unique UNIQUE (created_by, idempotency_key)
  )`,
  `CREATE TABLE subsidy_payment (
    -- the instruction id in the bank file: the bank's idempotency key for this attempt
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES subsidy_application(id),
    batch_id uuid NOT NULL REFERENCES subsidy_payout_batch(id),
    area_id uuid NOT NULL REFERENCES area(id),
    attempt integer NOT NULL CHECK (attempt >= 1),
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','exported','paid','failed')),
    bank_reference text,
    failure_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    settled_at timestamptz,
    UNIQUE (application_id, attempt)
  )`,
  // Never paid twice: at most one paid payment per application, and at most one attempt in flight.
  `CREATE UNIQUE INDEX subsidy_payment_paid_once ON subsidy_payment (application_id) WHERE state = 'paid'`,
  `CREATE UNIQUE INDEX subsidy_payment_one_in_flight ON subsidy_payment (application_id) WHERE state IN ('pending','exported')`,
  `CREATE INDEX subsidy_payment_batch_idx ON subsidy_payment (batch_id)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['subsidy_payment', 'subsidy_payout_batch', 'subsidy_document', 'subsidy_application_event', 'subsidy_application', 'subsidy_policy_version', 'subsidy_policy']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
  await sql.raw('DROP SEQUENCE IF EXISTS subsidy_batch_number_seq').execute(db)
  await sql.raw('DROP SEQUENCE IF EXISTS subsidy_application_number_seq').execute(db)
}
