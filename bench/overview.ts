/**
 * The home overview of a city admin, the old way (every person joined through the area path) and
 * the tally way (sums of area_tally rows), side by side on one synthetic city: districts →
 * streets → villages → grids, people spread over the grids. PostgreSQL on DATABASE_URL (its own
 * database, dropped afterwards), else an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createTestContext } from '../test/db.ts'
import { headlineNumbers } from '../src/server/modules/overview/overview.service.ts'

export interface OverviewFigures {
  database: string
  areas: number
  people: number
  path_join_p50_ms: number
  tally_p50_ms: number
  speed_up: number
}

export async function benchOverview(people: number, runs: number): Promise<OverviewFigures> {
  if (process.env.DATABASE_URL) process.env.GRIDLINE_TEST_DB = 'postgres'
  const ctx = await createTestContext()
  const db = ctx.deps.db
  try {
    // 1 city, 12 districts × 15 streets × 28 villages × 6 grids: the city, a tenth of its villages
    await sql`INSERT INTO area (code, name, level, path, parent_id) VALUES ('330300000000', '市', 'city', '/330300000000/', NULL)`.execute(
      db,
    )
    const levels = [
      { level: 'district', parent: 'city', per: 12 },
      { level: 'street', parent: 'district', per: 15 },
      { level: 'village', parent: 'street', per: 28 },
      { level: 'grid', parent: 'village', per: 6 },
    ]
    for (const { level, parent, per } of levels) {
      await sql`
        INSERT INTO area (code, name, level, path, parent_id)
        SELECT p.code || '-' || n, ${level} || n, ${level}, p.path || p.code || '-' || n || '/', p.id
        FROM area p, generate_series(1, ${per}) AS n WHERE p.level = ${parent}`.execute(db)
    }
    const city = await db.selectFrom('area').select(['id', 'path']).where('level', '=', 'city').executeTakeFirstOrThrow()
    const areas = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM area`.execute(db)).rows[0]!.n)
    const started = Date.now()
    await sql`
      INSERT INTO person (area_id, city_area_id, name, kind, id_type, id_number_enc, id_number_index, stayed_over_holiday, is_landlord)
      SELECT g.id, ${city.id}, '人' || i, CASE WHEN i % 2 = 0 THEN 'resident' ELSE 'new_resident' END, 'resident_id',
        'sealed', encode(sha256(('p' || i || ${randomBytes(4).toString('hex')})::bytea), 'hex'), i % 9 = 0, i % 20 = 0
      FROM generate_series(1, ${people}) AS i
      JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM area WHERE level = 'grid') AS g ON g.k = i % 30240`.execute(db)
    console.error(`seeded ${people} people over ${areas} areas in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await sql`ANALYZE`.execute(db)

    const nodes = await db
      .selectFrom('area')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', city.id), eb('parent_id', '=', city.id)]))
      .execute()
    const pathJoin = () =>
      sql`SELECT n.id, count(*) FILTER (WHERE p.kind = 'resident')::int, count(*) FILTER (WHERE p.kind = 'new_resident')::int,
            count(*) FILTER (WHERE p.kind = 'new_resident' AND p.stayed_over_holiday)::int, count(*) FILTER (WHERE p.is_landlord)::int
          FROM area n JOIN area a ON a.path LIKE n.path || '%' JOIN person p ON p.area_id = a.id
          WHERE n.id = ANY(${nodes.map((n) => n.id)}::uuid[]) GROUP BY n.id`.execute(db)
    const tally = () => headlineNumbers(db, { areaPath: city.path }, city.id)
    const before: number[] = []
    const after: number[] = []
    for (let run = 0; run < runs; run++) {
      // alternate, so a busy moment of the machine falls on both
      let t = performance.now()
      await pathJoin()
      before.push(performance.now() - t)
      t = performance.now()
      await tally()
      after.push(performance.now() - t)
    }
    const p50 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!)
    const pathJoinMs = p50(before)
    const tallyMs = p50(after)
    return {
      database: ctx.deps.dbKind,
      areas,
      people,
      path_join_p50_ms: pathJoinMs,
      tally_p50_ms: tallyMs,
      speed_up: Number((pathJoinMs / Math.max(tallyMs, 1)).toFixed(1)),
    }
  } finally {
    await ctx.close()
  }
}
