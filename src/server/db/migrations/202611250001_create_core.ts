import { sql, type Kysely } from 'kysely'

const STATEMENTS = [
  `CREATE TABLE area (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id uuid REFERENCES area(id),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('city','district','street','village','grid')),
        -- '/<code>/<code>/…/': an account's scope is every node whose path starts with its own
        path text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
  `CREATE INDEX area_parent_idx ON area (parent_id)`,
  `CREATE INDEX area_path_prefix_idx ON area (path text_pattern_ops)`,
  `CREATE TABLE account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        area_id uuid NOT NULL REFERENCES area(id),
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
  `CREATE TABLE session (
        -- sha256 of the cookie token: a leaked table cannot be replayed
        id text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        ip text
      )`,
  `CREATE INDEX session_account_idx ON session (account_id)`,
  `CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        area_id uuid NOT NULL REFERENCES area(id),
        -- the city the area lies in: an ID number is unique per city
        city_area_id uuid NOT NULL REFERENCES area(id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('resident','new_resident')),
        id_type text NOT NULL,
        id_number_enc text NOT NULL,
        id_number_index text NOT NULL,
        phone_enc text,
        phone_index text,
        origin text,
        employer text,
        address text,
        stayed_over_holiday boolean NOT NULL DEFAULT false,
        is_landlord boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_city_id_unique UNIQUE (city_area_id, id_type, id_number_index)
      )`,
  `CREATE INDEX person_area_idx ON person (area_id, kind)`,
  `CREATE INDEX person_phone_index_idx ON person (phone_index)`,
  `CREATE INDEX person_name_idx ON person (name text_pattern_ops)`,
  `CREATE TABLE rental_property (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        area_id uuid NOT NULL REFERENCES area(id),
        landlord_person_id uuid NOT NULL REFERENCES person(id),
        address text NOT NULL,
        rooms integer NOT NULL CHECK (rooms >= 0),
        beds integer NOT NULL CHECK (beds >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
  `CREATE INDEX rental_property_area_idx ON rental_property (area_id)`,
  `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        account_id uuid REFERENCES account(id),
        username text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        area_id uuid REFERENCES area(id),
        ip text
      )`,
  `CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`,
  `CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`,
  `CREATE INDEX audit_log_account_idx ON audit_log (account_id, at DESC)`,
  `-- Append-only: the audit trail is evidence, so the database itself refuses edits.
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
      END $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
]

/** Areas, accounts, sessions, people, rental properties and the append-only audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite runs parameterised (extended-protocol) queries only.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'rental_property', 'person', 'session', 'account', 'area']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db)
  }
  await sql.raw('DROP FUNCTION audit_log_refuse_change()').execute(db)
}
