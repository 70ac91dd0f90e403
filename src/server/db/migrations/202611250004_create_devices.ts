import { sql, type Kysely } from 'kysely'

/** Calendar days are 'YYYY-MM-DD' text in China Standard Time: no time-zone shifts through drivers. */
const DAY = `text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`

const STATEMENTS = [
  // Alerts (shared with the gate): escalation grid worker → village cadre → street, and their history.
  `ALTER TABLE alert ADD COLUMN escalation_level integer NOT NULL DEFAULT 0`,
  `ALTER TABLE alert ADD COLUMN escalated_at timestamptz`,
  `CREATE INDEX alert_escalation_idx ON alert (escalation_level, created_at) WHERE status = 'open'`,
  `CREATE TABLE alert_event (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    alert_id uuid NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    action text NOT NULL CHECK (action IN ('acknowledged','handled','escalated')),
    account_id uuid REFERENCES account(id),
    escalation_level integer,
    note text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, at)`,
  // Isolation orders (shared with the gate): who released one.
  `ALTER TABLE isolation_order ADD COLUMN released_by uuid REFERENCES account(id)`,
  // Returnee follow-up (三返人员): 14 days of temperatures before return, then 14 days of daily reports.
  `CREATE TABLE returnee (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    address text,
    came_from text NOT NULL,
    arrived_on text NOT NULL CHECK (arrived_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    observation_ends_on text NOT NULL CHECK (observation_ends_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    status text NOT NULL CHECK (status IN ('observing','completed','cancelled')),
    responsible_account_id uuid REFERENCES account(id),
    registered_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX returnee_one_observing ON returnee (person_id) WHERE status = 'observing'`,
  `CREATE INDEX returnee_area_idx ON returnee (area_id, status)`,
  `CREATE TABLE returnee_report (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    returnee_id uuid NOT NULL REFERENCES returnee(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    phase text NOT NULL CHECK (phase IN ('before','observation')),
    day ${DAY},
    temperature numeric(4,1),
    symptoms text NOT NULL DEFAULT '',
    reported_by text NOT NULL CHECK (reported_by IN ('staff','landlord','self')),
    account_id uuid REFERENCES account(id),
    reported_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (returnee_id, phase, day)
  )`,
  // The person's own phone page: a random link per returnee or isolation order (hash stored).
  `CREATE TABLE self_service_link (
    token_hash text PRIMARY KEY,
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    returnee_id uuid REFERENCES returnee(id) ON DELETE CASCADE,
    isolation_order_id uuid REFERENCES isolation_order(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Devices (三电一通 + public areas). The master secret is sealed; MQTT password and signing key derive from it.
  // Room left in each page so the ingestion's last_seen_at/battery updates stay HOT (no index writes).
  `CREATE TABLE device (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    serial text NOT NULL UNIQUE CHECK (serial ~ '^[A-Za-z0-9_-]{1,64}$'),
    kind text NOT NULL CHECK (kind IN ('bracelet','door_seal','door_camera','public_camera','speaker')),
    label text,
    group_name text,
    stream_url text,
    report_interval_s integer NOT NULL DEFAULT 60 CHECK (report_interval_s BETWEEN 1 AND 86400),
    secret_enc text NOT NULL,
    status text NOT NULL CHECK (status IN ('active','retired')),
    battery integer,
    last_seen_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  ) WITH (fillfactor = 70)`,
  `CREATE INDEX device_area_idx ON device (area_id, kind)`,
  `CREATE TABLE device_binding (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    device_id uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
    isolation_order_id uuid NOT NULL REFERENCES isolation_order(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    bound_at timestamptz NOT NULL,
    unbound_at timestamptz,
    bound_by uuid REFERENCES account(id)
  )`,
  `CREATE UNIQUE INDEX device_binding_one_active ON device_binding (device_id) WHERE unbound_at IS NULL`,
  `CREATE INDEX device_binding_order_idx ON device_binding (isolation_order_id)`,
  // Telemetry: tens of thousands of rows a second, so no foreign key (devices are retired, never deleted)
  // and (device, seq) as the key: a message delivered twice is stored once.
  `CREATE TABLE device_reading (
    device_id uuid NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    measured_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    value numeric(5,1),
    snapshot_ref text,
    battery smallint,
    PRIMARY KEY (device_id, seq)
  )`,
  // Public-area loudspeakers (应急喇叭): announcements, one delivery per speaker, acknowledged over MQTT.
  `CREATE TABLE announcement (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    body text NOT NULL,
    group_name text,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX announcement_area_idx ON announcement (area_id, created_at DESC)`,
  `CREATE TABLE announcement_delivery (
    announcement_id uuid NOT NULL REFERENCES announcement(id) ON DELETE CASCADE,
    device_id uuid NOT NULL REFERENCES device(id),
    area_id uuid NOT NULL REFERENCES area(id),
    sent_at timestamptz,
    acked_at timestamptz,
    PRIMARY KEY (announcement_id, device_id)
  )`,
  `CREATE INDEX announcement_delivery_unsent_idx ON announcement_delivery (announcement_id) WHERE sent_at IS NULL`,
  // Remote consultation (微医通): a queue per area that doctors take from.
  `CREATE TABLE consultation (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    isolation_order_id uuid REFERENCES isolation_order(id) ON DELETE SET NULL,
    requested_via text NOT NULL CHECK (requested_via IN ('self','staff')),
    requested_by uuid REFERENCES account(id),
    reason text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued','in_progress','closed','cancelled')),
    doctor_account_id uuid REFERENCES account(id),
    taken_at timestamptz,
    closed_at timestamptz,
    video_url text,
    notes text,
    outcome text CHECK (outcome IN ('advice','observe','refer_hospital','no_issue')),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX consultation_queue_idx ON consultation (area_id, status, created_at)`,
  `CREATE UNIQUE INDEX consultation_one_waiting ON consultation (person_id) WHERE status IN ('queued','in_progress')`,
  // The video service an area uses for consultations; the nearest ancestor's applies.
  `CREATE TABLE video_service (
    area_id uuid PRIMARY KEY REFERENCES area(id),
    url_template text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
]

/** Returnees, devices and readings, announcements, consultations; escalation columns on alerts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['video_service', 'consultation', 'announcement_delivery', 'announcement', 'device_reading', 'device_binding', 'device', 'self_service_link', 'returnee_report', 'returnee', 'alert_event']
  for (const table of tables) await sql.raw(`DROP TABLE ${table}`).execute(db)
  await sql.raw('ALTER TABLE isolation_order DROP COLUMN released_by').execute(db)
  await sql.raw('DROP INDEX alert_escalation_idx').execute(db)
  await sql.raw('ALTER TABLE alert DROP COLUMN escalated_at').execute(db)
  await sql.raw('ALTER TABLE alert DROP COLUMN escalation_level').execute(db)
}
