import { sql, type Kysely } from 'kysely'

const DATE_CHECK = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`

/**
 * Recruitment drives (招工专班). Every row carries the area_id of its team's node (a job posting:
 * its enterprise's), so db/scope.ts filters them all the same way.
 */
const STATEMENTS = [
  `CREATE TABLE recruitment_team (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    leader_name text NOT NULL,
    quota integer NOT NULL DEFAULT 2000 CHECK (quota >= 1),
    -- China dates as text, like the rest of Gridline (pg and PGlite read them back the same)
    starts_on text NOT NULL CHECK (starts_on ${DATE_CHECK}),
    ends_on text CHECK (ends_on ${DATE_CHECK}),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX recruitment_team_area_idx ON recruitment_team (area_id)`,
  `CREATE TABLE recruitment_team_member (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES recruitment_team(id) ON DELETE CASCADE,
    account_id uuid REFERENCES account(id),
    name text NOT NULL,
    UNIQUE (team_id, account_id)
  )`,
  `CREATE INDEX recruitment_team_member_team_idx ON recruitment_team_member (team_id)`,
  `CREATE TABLE recruitment_region (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES recruitment_team(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    province text NOT NULL,
    city text NOT NULL,
    county text,
    name text NOT NULL,
    position integer NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX recruitment_region_team_idx ON recruitment_region (team_id, position)`,
  `CREATE TABLE job_posting (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    title text NOT NULL,
    positions integer NOT NULL CHECK (positions >= 1),
    -- money in fen per month
    wage_min_fen bigint NOT NULL CHECK (wage_min_fen >= 0),
    wage_max_fen bigint NOT NULL,
    location text NOT NULL,
    requirements text,
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
    created_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (wage_max_fen >= wage_min_fen)
  )`,
  `CREATE INDEX job_posting_area_idx ON job_posting (area_id, state)`,
  `CREATE INDEX job_posting_enterprise_idx ON job_posting (enterprise_id)`,
  `CREATE TABLE collection_point (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES recruitment_team(id) ON DELETE CASCADE,
    region_id uuid NOT NULL REFERENCES recruitment_region(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    address text NOT NULL,
    meets_at timestamptz NOT NULL
  )`,
  `CREATE INDEX collection_point_region_idx ON collection_point (region_id)`,
  `CREATE TABLE bus (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    point_id uuid NOT NULL REFERENCES collection_point(id) ON DELETE CASCADE,
    team_id uuid NOT NULL REFERENCES recruitment_team(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    plate text NOT NULL,
    departs_at timestamptz NOT NULL,
    seats integer NOT NULL CHECK (seats BETWEEN 1 AND 80),
    -- changed only with a bus_seat row in the same transaction; the CHECK is the last fence
    seats_taken integer NOT NULL DEFAULT 0,
    destination text NOT NULL,
    CONSTRAINT bus_seats_taken_check CHECK (seats_taken >= 0 AND seats_taken <= seats)
  )`,
  `CREATE INDEX bus_point_idx ON bus (point_id, departs_at)`,
  `CREATE TABLE recruitment_signup (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    serial bigserial NOT NULL UNIQUE,
    team_id uuid NOT NULL REFERENCES recruitment_team(id) ON DELETE CASCADE,
    region_id uuid NOT NULL REFERENCES recruitment_region(id),
    area_id uuid NOT NULL REFERENCES area(id),
    name text NOT NULL,
    phone_enc text NOT NULL,
    phone_index text NOT NULL,
    job_posting_id uuid REFERENCES job_posting(id) ON DELETE SET NULL,
    job_wanted text,
    state text NOT NULL DEFAULT 'signed_up' CHECK (state IN ('signed_up','contacted','boarded','hired','withdrawn')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- one sign-up per phone per team: a second form is answered with the first
    CONSTRAINT recruitment_signup_team_phone_unique UNIQUE (team_id, phone_index)
  )`,
  `CREATE INDEX recruitment_signup_area_idx ON recruitment_signup (area_id, state)`,
  `CREATE INDEX recruitment_signup_team_idx ON recruitment_signup (team_id, region_id, state)`,
  `CREATE INDEX recruitment_signup_posting_idx ON recruitment_signup (job_posting_id)`,
  `CREATE TABLE bus_seat (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bus_id uuid NOT NULL REFERENCES bus(id) ON DELETE CASCADE,
    signup_id uuid NOT NULL REFERENCES recruitment_signup(id) ON DELETE CASCADE,
    area_id uuid NOT NULL REFERENCES area(id),
    booked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bus_seat_bus_signup_unique UNIQUE (bus_id, signup_id),
    -- a worker rides one bus: moving seats frees the old one first
    CONSTRAINT bus_seat_one_per_signup UNIQUE (signup_id)
  )`,
  `CREATE INDEX bus_seat_bus_idx ON bus_seat (bus_id)`,
  `CREATE TABLE recruitment_hire (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    signup_id uuid NOT NULL REFERENCES recruitment_signup(id) ON DELETE CASCADE,
    job_posting_id uuid NOT NULL REFERENCES job_posting(id),
    enterprise_id uuid NOT NULL REFERENCES enterprise(id),
    area_id uuid NOT NULL REFERENCES area(id),
    confirmed_by uuid REFERENCES account(id),
    confirmed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recruitment_hire_one_per_signup UNIQUE (signup_id)
  )`,
  `CREATE INDEX recruitment_hire_posting_idx ON recruitment_hire (job_posting_id)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['recruitment_hire', 'bus_seat', 'recruitment_signup', 'bus', 'collection_point', 'job_posting', 'recruitment_region', 'recruitment_team_member', 'recruitment_team']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
}
