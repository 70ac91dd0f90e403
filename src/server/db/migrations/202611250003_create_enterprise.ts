import { sql, type Kysely } from 'kysely'

const DATE_CHECK = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`

const STATEMENTS = [
  `CREATE TABLE enterprise (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    -- GB 32100-2015, normalised upper case; one registry entry per code in the whole database
    credit_code text NOT NULL CONSTRAINT enterprise_credit_code_unique UNIQUE,
    industry text NOT NULL,
    above_scale boolean NOT NULL DEFAULT false,
    staff_local integer NOT NULL DEFAULT 0 CHECK (staff_local >= 0),
    staff_other_province integer NOT NULL DEFAULT 0 CHECK (staff_other_province >= 0),
    address text,
    contact_name text,
    -- the contact's mobile, sealed like a person's phone
    contact_phone_enc text,
    -- set when a resumption application is approved
    resumed_at timestamptz,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX enterprise_area_idx ON enterprise (area_id)`,
  `CREATE INDEX enterprise_name_idx ON enterprise (name text_pattern_ops)`,
  // An enterprise account sees only its own enterprise.
  `ALTER TABLE account ADD COLUMN enterprise_id uuid REFERENCES enterprise(id) ON DELETE SET NULL`,
  `CREATE TABLE service_team (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('liaison','industry','expert')),
    field text,
    industry text,
    formation text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'expert' OR field IS NOT NULL)
  )`,
  `CREATE INDEX service_team_area_idx ON service_team (area_id, kind, field)`,
  `CREATE TABLE service_team_member (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES service_team(id) ON DELETE CASCADE,
    account_id uuid REFERENCES account(id),
    name text NOT NULL,
    role text NOT NULL,
    title text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, account_id)
  )`,
  `CREATE INDEX service_team_member_team_idx ON service_team_member (team_id)`,
  `CREATE TABLE service_assignment (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    owner_account_id uuid NOT NULL REFERENCES account(id),
    team_id uuid REFERENCES service_team(id) ON DELETE SET NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    assigned_by uuid REFERENCES account(id),
    note text
  )`,
  // Exactly one responsible owner at any time: at most one open assignment per enterprise.
  `CREATE UNIQUE INDEX service_assignment_one_current ON service_assignment (enterprise_id) WHERE ended_at IS NULL`,
  `CREATE INDEX service_assignment_owner_idx ON service_assignment (owner_account_id) WHERE ended_at IS NULL`,
  `CREATE TABLE resumption_application (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    status text NOT NULL CHECK (status IN ('submitted','approved','returned')),
    checklist jsonb NOT NULL,
    staff_plan jsonb NOT NULL,
    ppe jsonb NOT NULL,
    vehicle_passes jsonb NOT NULL,
    note text,
    submitted_by uuid REFERENCES account(id),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    decided_by uuid REFERENCES account(id),
    decided_at timestamptz,
    decision_note text
  )`,
  `CREATE UNIQUE INDEX resumption_one_pending ON resumption_application (enterprise_id) WHERE status = 'submitted'`,
  `CREATE INDEX resumption_area_idx ON resumption_application (area_id, status)`,
  `CREATE TABLE problem (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    category text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    state text NOT NULL CHECK (state IN ('reported','accepted','in_progress','resolved','closed','reopened')),
    expert_field text,
    expert_team_id uuid REFERENCES service_team(id) ON DELETE SET NULL,
    owner_account_id uuid REFERENCES account(id),
    reported_by uuid REFERENCES account(id),
    reported_at timestamptz NOT NULL DEFAULT now(),
    sla_working_days integer NOT NULL CHECK (sla_working_days > 0),
    accepted_at timestamptz,
    -- SLA round: 1 from acceptance, one more for each reopening (warnings and escalations are per round)
    round integer NOT NULL DEFAULT 0,
    -- last day to resolve it in, China date: text so pg and PGlite read it back the same way
    due_on text CHECK (due_on ${DATE_CHECK}),
    resolved_at timestamptz,
    resolution text,
    closed_at timestamptz,
    satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX problem_area_idx ON problem (area_id, state)`,
  `CREATE INDEX problem_enterprise_idx ON problem (enterprise_id, reported_at DESC)`,
  `CREATE INDEX problem_owner_idx ON problem (owner_account_id, due_on)`,
  `CREATE INDEX problem_sla_idx ON problem (due_on) WHERE state IN ('accepted','in_progress','reopened')`,
  `CREATE TABLE problem_event (
    id bigserial PRIMARY KEY,
    problem_id uuid NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    action text NOT NULL,
    from_state text,
    to_state text,
    -- null for the system (the SLA sweep)
    actor_account_id uuid REFERENCES account(id),
    at timestamptz NOT NULL DEFAULT now(),
    note text
  )`,
  `CREATE INDEX problem_event_problem_idx ON problem_event (problem_id, id)`,
  // One warning and one escalation per level per round, even with several servers sweeping.
  `CREATE TABLE problem_escalation (
    problem_id uuid NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    round integer NOT NULL,
    level text NOT NULL CHECK (level IN ('warning','street','district','city')),
    -- the node it went to (for a warning: the problem's own area)
    area_id uuid NOT NULL REFERENCES area(id),
    at timestamptz NOT NULL,
    PRIMARY KEY (problem_id, round, level)
  )`,
  `CREATE TABLE problem_attachment (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    problem_id uuid NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    file_name text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    content bytea NOT NULL,
    uploaded_by uuid REFERENCES account(id),
    uploaded_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX problem_attachment_problem_idx ON problem_attachment (problem_id)`,
  `CREATE TABLE work_calendar_year (
    year integer PRIMARY KEY,
    source text NOT NULL CHECK (source IN ('shipped','import')),
    provisional boolean NOT NULL DEFAULT false,
    notices jsonb NOT NULL DEFAULT '[]',
    imported_by uuid REFERENCES account(id),
    imported_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE work_calendar_day (
    year integer NOT NULL REFERENCES work_calendar_year(year) ON DELETE CASCADE,
    day text NOT NULL CHECK (day ${DATE_CHECK}),
    kind text NOT NULL CHECK (kind IN ('holiday','workday')),
    name text NOT NULL,
    PRIMARY KEY (year, day)
  )`,
  `CREATE TABLE expert_slot (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES service_team(id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES service_team_member(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    mode text NOT NULL CHECK (mode IN ('visit','remote')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CONSTRAINT expert_slot_member_start_unique UNIQUE (member_id, starts_at)
  )`,
  `CREATE INDEX expert_slot_team_idx ON expert_slot (team_id, starts_at)`,
  `CREATE TABLE expert_booking (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slot_id uuid NOT NULL REFERENCES expert_slot(id) ON DELETE CASCADE,
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    problem_id uuid REFERENCES problem(id) ON DELETE SET NULL,
    topic text NOT NULL,
    status text NOT NULL CHECK (status IN ('booked','visited','cancelled')),
    visit_record text,
    visited_at timestamptz,
    booked_by uuid REFERENCES account(id),
    booked_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz
  )`,
  // The double-booking guard: two parallel bookings of one slot cannot both commit.
  `CREATE UNIQUE INDEX expert_booking_one_per_slot ON expert_booking (slot_id) WHERE status <> 'cancelled'`,
  `CREATE INDEX expert_booking_enterprise_idx ON expert_booking (enterprise_id, booked_at DESC)`,
  `CREATE TABLE expert_consultation (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('remote','panel')),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    problem_id uuid REFERENCES problem(id) ON DELETE SET NULL,
    topic text NOT NULL,
    scheduled_at timestamptz NOT NULL,
    video_link text,
    status text NOT NULL CHECK (status IN ('scheduled','concluded')),
    notes text,
    conclusion text,
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    concluded_by uuid REFERENCES account(id),
    concluded_at timestamptz
  )`,
  `CREATE INDEX expert_consultation_area_idx ON expert_consultation (area_id, scheduled_at DESC)`,
  `CREATE TABLE expert_consultation_member (
    consultation_id uuid NOT NULL REFERENCES expert_consultation(id) ON DELETE CASCADE,
    member_id uuid NOT NULL REFERENCES service_team_member(id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, member_id)
  )`,
  `CREATE TABLE expert_panel_action (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    consultation_id uuid NOT NULL REFERENCES expert_consultation(id) ON DELETE CASCADE,
    description text NOT NULL,
    owner_account_id uuid REFERENCES account(id),
    due_on text CHECK (due_on ${DATE_CHECK}),
    done_at timestamptz
  )`,
]

/** Enterprises, service teams and assignments, resumption, the problem loop, the work calendar, expert services. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite runs parameterised (extended-protocol) queries only.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'expert_panel_action',
    'expert_consultation_member',
    'expert_consultation',
    'expert_booking',
    'expert_slot',
    'work_calendar_day',
    'work_calendar_year',
    'problem_attachment',
    'problem_escalation',
    'problem_event',
    'problem',
    'resumption_application',
    'service_assignment',
    'service_team_member',
    'service_team',
  ]
  for (const table of tables) await sql.raw(`DROP TABLE ${table}`).execute(db)
  await sql.raw('ALTER TABLE account DROP COLUMN enterprise_id').execute(db)
  await sql.raw('DROP TABLE enterprise').execute(db)
}
