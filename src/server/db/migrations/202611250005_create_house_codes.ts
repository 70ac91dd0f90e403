import { sql, type Kysely } from 'kysely'

const PROPERTY_STATUSES = `'draft','submitted','under_inspection','passed','returned','code_issued','suspended','revoked'`

const STATEMENTS = [
  // A landlord account acts for one landlord person (their properties, their notices).
  `ALTER TABLE account ADD COLUMN person_id uuid REFERENCES person(id) ON DELETE SET NULL`,
  // The application lives on the property itself: one house, one application state, one code.
  `ALTER TABLE rental_property ADD COLUMN status text NOT NULL DEFAULT 'draft' CHECK (status IN (${PROPERTY_STATUSES}))`,
  `ALTER TABLE rental_property ADD COLUMN capacity integer NOT NULL DEFAULT 0 CHECK (capacity >= 0)`,
  // Kept in step with the open occupancies in the same transaction; the CHECK is the last word
  // on "never over capacity", whatever races the application code loses.
  `ALTER TABLE rental_property ADD COLUMN occupants integer NOT NULL DEFAULT 0`,
  `ALTER TABLE rental_property ADD CONSTRAINT rental_property_occupancy_within_capacity CHECK (occupants >= 0 AND occupants <= capacity)`,
  // Inspection round: a returned application comes back for a fresh set of three sign-offs.
  `ALTER TABLE rental_property ADD COLUMN round integer NOT NULL DEFAULT 1`,
  `ALTER TABLE rental_property ADD COLUMN submitted_at timestamptz`,
  `ALTER TABLE rental_property ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,
  // The signed house code currently valid for the property (printed on the poster) and its id.
  `ALTER TABLE rental_property ADD COLUMN house_code text`,
  `ALTER TABLE rental_property ADD COLUMN house_code_cti text`,
  `ALTER TABLE rental_property ADD COLUMN code_issued_at timestamptz`,
  `ALTER TABLE rental_property ADD COLUMN code_expires_at timestamptz`,
  // Properties registered before house codes existed wait for inspection, at their bed count.
  `UPDATE rental_property SET status = 'submitted', capacity = beds, submitted_at = created_at`,
  `CREATE INDEX rental_property_status_idx ON rental_property (status, submitted_at)`,
  `CREATE INDEX rental_property_landlord_idx ON rental_property (landlord_person_id)`,
  `CREATE TABLE house_event (
    id bigserial PRIMARY KEY,
    property_id uuid NOT NULL REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    at timestamptz NOT NULL DEFAULT now(),
    account_id uuid REFERENCES account(id),
    from_status text,
    to_status text NOT NULL,
    note text
  )`,
  `CREATE INDEX house_event_property_idx ON house_event (property_id, id)`,
  `CREATE TABLE house_inspection (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    property_id uuid NOT NULL REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    round integer NOT NULL,
    role text NOT NULL CHECK (role IN ('village_cadre','grid_worker','fire_inspector')),
    inspector_account_id uuid REFERENCES account(id),
    passed boolean NOT NULL,
    items jsonb NOT NULL,
    note text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT house_inspection_one_per_role UNIQUE (property_id, round, role)
  )`,
  `CREATE TABLE house_file (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    property_id uuid NOT NULL REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    inspection_id uuid REFERENCES house_inspection(id) ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('floor_plan','photo','document','inspection')),
    content_type text NOT NULL,
    size_bytes integer NOT NULL,
    original_name text NOT NULL,
    storage_key text NOT NULL,
    uploaded_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX house_file_property_idx ON house_file (property_id)`,
  // A tenant's self-registration (云登记): sealed like person rows; a person only on acceptance.
  `CREATE TABLE house_registration (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    property_id uuid NOT NULL REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    status text NOT NULL CHECK (status IN ('unconfirmed','pending','accepted','refused')),
    name text NOT NULL,
    id_type text NOT NULL,
    id_number_enc text NOT NULL,
    id_number_index text NOT NULL,
    phone_enc text NOT NULL,
    phone_index text NOT NULL,
    origin text,
    employer text,
    expected_arrival date NOT NULL,
    health_code_format text NOT NULL,
    health_colour text,
    otp_hash text,
    otp_expires_at timestamptz,
    otp_attempts integer NOT NULL DEFAULT 0,
    submissions integer NOT NULL DEFAULT 1,
    person_id uuid REFERENCES person(id) ON DELETE SET NULL,
    reviewed_by uuid REFERENCES account(id),
    reviewed_at timestamptz,
    refuse_reason text,
    confirmed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // A second submission for the same person and property updates the open one.
  `CREATE UNIQUE INDEX house_registration_one_open ON house_registration (property_id, id_type, id_number_index) WHERE status IN ('unconfirmed','pending')`,
  `CREATE INDEX house_registration_status_idx ON house_registration (property_id, status, created_at)`,
  `CREATE TABLE house_occupancy (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    property_id uuid NOT NULL REFERENCES rental_property(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    registration_id uuid REFERENCES house_registration(id) ON DELETE SET NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    accepted_by uuid REFERENCES account(id),
    ended_at timestamptz,
    ended_by uuid REFERENCES account(id),
    end_note text
  )`,
  // One home at a time: a person is an occupant of at most one property.
  `CREATE UNIQUE INDEX house_occupancy_one_open ON house_occupancy (person_id) WHERE ended_at IS NULL`,
  `CREATE INDEX house_occupancy_property_idx ON house_occupancy (property_id) WHERE ended_at IS NULL`,
  `CREATE INDEX issued_code_property_idx ON issued_code (property_id) WHERE property_id IS NOT NULL`,
]

/** House codes (安居码): applications on rental_property, inspections, files, registrations, occupancy. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite runs parameterised (extended-protocol) queries only.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['house_occupancy', 'house_registration', 'house_file', 'house_inspection', 'house_event']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db)
  }
  await sql.raw('DROP INDEX issued_code_property_idx').execute(db)
  for (const column of ['code_expires_at', 'code_issued_at', 'house_code_cti', 'house_code', 'updated_at', 'submitted_at', 'round', 'occupants', 'capacity', 'status']) {
    await sql.raw(`ALTER TABLE rental_property DROP COLUMN ${column}`).execute(db)
  }
  await sql.raw('ALTER TABLE account DROP COLUMN person_id').execute(db)
}
