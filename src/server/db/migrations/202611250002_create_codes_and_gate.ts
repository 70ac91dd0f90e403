import { sql, type Kysely } from 'kysely'

const STATEMENTS = [
  // Signing keys: private halves sealed with the data key; one active key per purpose.
  `CREATE TABLE issuer_key (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kid text NOT NULL UNIQUE,
    purpose text NOT NULL CHECK (purpose IN ('code','trust_list')),
    alg text NOT NULL DEFAULT 'ES256',
    public_key text NOT NULL,
    private_key_enc text NOT NULL,
    status text NOT NULL CHECK (status IN ('active','retired')),
    not_before timestamptz NOT NULL DEFAULT now(),
    -- codes issued after this instant are refused; codes issued before keep verifying
    not_after timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX issuer_key_one_active ON issuer_key (purpose) WHERE status = 'active'`,
  `CREATE TABLE health_status (
    person_id uuid PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    colour text NOT NULL CHECK (colour IN ('green','yellow','red')),
    source text NOT NULL CHECK (source IN ('officer','import','api')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES account(id)
  )`,
  `CREATE TABLE issued_code (
    cti text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('health','house')),
    person_id uuid REFERENCES person(id) ON DELETE CASCADE,
    property_id uuid REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    kid text NOT NULL,
    colour text,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoke_reason text
  )`,
  `CREATE INDEX issued_code_person_idx ON issued_code (person_id) WHERE revoked_at IS NULL`,
  `CREATE INDEX issued_code_revoked_idx ON issued_code (expires_at) WHERE revoked_at IS NOT NULL`,
  `CREATE TABLE checkpoint (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    address text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE passage (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the scanner's own id for the scan: the same scan uploaded twice is one passage
    client_scan_id uuid NOT NULL UNIQUE,
    checkpoint_id uuid NOT NULL REFERENCES checkpoint(id),
    area_id uuid NOT NULL REFERENCES area(id),
    device_id text NOT NULL,
    scanned_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    code_format text NOT NULL,
    code_reason text NOT NULL,
    person_id uuid REFERENCES person(id) ON DELETE SET NULL,
    colour text,
    temperature numeric(4,1),
    property_id uuid REFERENCES rental_property(id) ON DELETE SET NULL,
    decision text NOT NULL CHECK (decision IN ('admit','admit_escort','home_isolation','centralised_isolation','refuse')),
    reasons text NOT NULL,
    guard_account_id uuid REFERENCES account(id)
  )`,
  `CREATE INDEX passage_checkpoint_idx ON passage (checkpoint_id, scanned_at DESC)`,
  `CREATE INDEX passage_area_idx ON passage (area_id, scanned_at DESC)`,
  // Shared with the home-isolation module: one open order per person.
  `CREATE TABLE isolation_order (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    kind text NOT NULL CHECK (kind IN ('home','centralised')),
    status text NOT NULL CHECK (status IN ('open','released')),
    source text NOT NULL CHECK (source IN ('gate','manual')),
    passage_id uuid REFERENCES passage(id),
    address text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    responsible_account_id uuid REFERENCES account(id),
    released_at timestamptz,
    release_note text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX isolation_order_one_open ON isolation_order (person_id) WHERE status = 'open'`,
  // Alerts of every module; dedupe_key keeps one unhandled alert per subject and kind (no floods).
  `CREATE TABLE alert (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    kind text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('info','warning','critical')),
    person_id uuid REFERENCES person(id) ON DELETE CASCADE,
    subject_ref text,
    dedupe_key text NOT NULL,
    status text NOT NULL CHECK (status IN ('open','acknowledged','handled')),
    occurrences integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    acknowledged_by uuid REFERENCES account(id),
    handled_at timestamptz,
    handled_by uuid REFERENCES account(id),
    note text
  )`,
  `CREATE UNIQUE INDEX alert_one_unhandled ON alert (dedupe_key) WHERE status <> 'handled'`,
  `CREATE INDEX alert_area_idx ON alert (area_id, status, created_at DESC)`,
  // The platform's outbox: in-app notices now, an SMS adapter reads the same rows.
  `CREATE TABLE notification (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    recipient_account_id uuid REFERENCES account(id),
    recipient_person_id uuid REFERENCES person(id) ON DELETE CASCADE,
    kind text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
  )`,
  `CREATE INDEX notification_person_idx ON notification (recipient_person_id, created_at DESC)`,
  `CREATE TABLE api_client (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    area_id uuid NOT NULL REFERENCES area(id),
    scope text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  )`,
]

/** Signed codes (keys, health status, issued codes), the gate (checkpoints, passages), isolation orders, alerts, notifications. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_client', 'notification', 'alert', 'isolation_order', 'passage', 'checkpoint', 'issued_code', 'health_status', 'issuer_key']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db)
  }
}
