import { sql, type Kysely } from 'kysely'

/**
 * The home page's figures per area, kept by the database as rows change (issue 19). The home
 * overview summed a million people through `JOIN area a ON a.path LIKE n.path || '%'` on every
 * visit (12 s for a city admin); now it sums one tally row per area below the node.
 *
 * Statement-level triggers with transition tables: an import of 20,000 people adds to each area's
 * row once per statement, not once per person, and in area order so two imports lock the rows in
 * the same order. The figures are exact and live (same transaction as the change).
 */
const TALLIES: { table: string; columns: Record<string, string> }[] = [
  {
    table: 'person',
    columns: {
      residents: `(kind = 'resident')::int`,
      new_residents: `(kind = 'new_resident')::int`,
      stayed_over_holiday: `(kind = 'new_resident' AND stayed_over_holiday)::int`,
      landlords: `is_landlord::int`,
    },
  },
  {
    table: 'rental_property',
    columns: {
      // a landlord's unsent draft is not a rental property yet
      rental_properties: `(status <> 'draft')::int`,
      rental_rooms: `CASE WHEN status <> 'draft' THEN coalesce(rooms, 0) ELSE 0 END`,
      coded_properties: `(status = 'code_issued')::int`,
      occupants: `occupants`,
      // PENDING_APPLICATION_STATUSES in src/shared/schemas/housing.ts
      pending_applications: `(status IN ('submitted', 'under_inspection', 'passed'))::int`,
    },
  },
  {
    table: 'house_registration',
    columns: { pending_registrations: `(status = 'pending')::int` },
  },
]

const EVENTS = [
  { op: 'INSERT', referencing: 'NEW TABLE AS new_rows', sources: [['new_rows', 1]] },
  { op: 'UPDATE', referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', sources: [['new_rows', 1], ['old_rows', -1]] },
  { op: 'DELETE', referencing: 'OLD TABLE AS old_rows', sources: [['old_rows', -1]] },
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  const all = TALLIES.flatMap((t) => Object.keys(t.columns))
  await sql
    .raw(`CREATE TABLE area_tally (
      area_id uuid PRIMARY KEY REFERENCES area(id) ON DELETE CASCADE,
      ${all.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(',\n      ')}
    )`)
    .execute(db)
  for (const { table, columns } of TALLIES) {
    const names = Object.keys(columns)
    for (const event of EVENTS) {
      const fn = `tally_${table}_${event.op.toLowerCase()}`
      const rows = event.sources
        .map(([source, sign]) => `SELECT area_id, ${names.map((n) => `${sign} * (${columns[n]}) AS ${n}`).join(', ')} FROM ${source}`)
        .join(' UNION ALL ')
      await sql
        .raw(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO area_tally AS t (area_id, ${names.join(', ')})
          SELECT area_id, ${names.map((n) => `sum(${n})`).join(', ')}
          FROM (${rows}) AS delta
          GROUP BY area_id
          ORDER BY area_id
          ON CONFLICT (area_id) DO UPDATE SET ${names.map((n) => `${n} = t.${n} + EXCLUDED.${n}`).join(', ')};
          RETURN NULL;
        END $$`)
        .execute(db)
      await sql.raw(`CREATE TRIGGER ${fn} AFTER ${event.op} ON ${table} REFERENCING ${event.referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`).execute(db)
    }
    // what is already there
    await sql
      .raw(`INSERT INTO area_tally AS t (area_id, ${names.join(', ')})
        SELECT area_id, ${names.map((n) => `sum(${columns[n]})`).join(', ')} FROM ${table} GROUP BY area_id
        ON CONFLICT (area_id) DO UPDATE SET ${names.map((n) => `${n} = t.${n} + EXCLUDED.${n}`).join(', ')}`)
      .execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of TALLIES) {
    for (const event of EVENTS) {
      const fn = `tally_${table}_${event.op.toLowerCase()}`
      await sql.raw(`DROP TRIGGER ${fn} ON ${table}`).execute(db)
      await sql.raw(`DROP FUNCTION ${fn}()`).execute(db)
    }
  }
  await sql`DROP TABLE area_tally`.execute(db)
}
