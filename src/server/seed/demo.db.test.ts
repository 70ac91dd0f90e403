import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { login } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from './demo.ts'
import { ROLES } from '../../shared/roles.ts'
import { PENDING_APPLICATION_STATUSES } from '../../shared/schemas/housing.ts'

describe(`demo data on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
    expect(await loadDemoData(ctx.deps, { onlyIfEmpty: true })).toBe(true)
  }, 120_000)
  afterAll(() => ctx.close())

  it('shows the demo grid worker the Lihuiyao figures of the report', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'gridworker', DEMO_PASSWORD)
    const response = await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })
    expect(response.json()).toMatchObject({
      area: { name: '蛎灰窑经合社', level: 'village' },
      totals: { residents: 2500, newResidents: 1300, stayedOverHoliday: 265, landlords: 120, rentalRooms: 600 },
    })
    await app.close()
  })

  it('gives Lihuiyao’s 120 properties house codes and its 1,300 new residents a home within capacity', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'gridworker', DEMO_PASSWORD)
    const overview = (await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })).json()
    expect(overview.totals).toMatchObject({
      rentalProperties: 120,
      codedProperties: 120,
      occupants: 1300,
      pendingApplications: 0,
      pendingRegistrations: 3,
    })
    const full = await ctx.deps.db
      .selectFrom('rental_property')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .whereRef('occupants', '>', 'capacity')
      .executeTakeFirstOrThrow()
    expect(Number(full.n)).toBe(0)
    const landlord = await login(app, 'landlord', DEMO_PASSWORD)
    const mine = (await app.inject({ method: 'GET', url: '/api/housing/properties', headers: { cookie: landlord } })).json()
    expect(mine.items).toEqual([expect.objectContaining({ landlordName: '郑阿福', status: 'code_issued' })])
    const waiting = await app.inject({
      method: 'GET',
      url: `/api/housing/properties/${mine.items[0].id}/registrations?status=pending`,
      headers: { cookie: landlord },
    })
    expect(waiting.json()).toHaveLength(3)
    const admin = await login(app, 'admin', DEMO_PASSWORD)
    const groups = (await app.inject({ method: 'GET', url: '/api/housing/group-rentals', headers: { cookie: admin } })).json()
    expect(groups).toEqual([expect.objectContaining({ streetName: '瞿溪街道', properties: 6, occupants: 216 })])
    await app.close()
  })

  it('shows the Ouhai leader subsidies paid and the 20 recruitment teams against their 2,000-hire quotas', async () => {
    const app = await buildApp(ctx.deps, { logger: false })
    const cookie = await login(app, 'policy', DEMO_PASSWORD)
    const { programmes } = (await app.inject({ method: 'GET', url: '/api/overview', headers: { cookie } })).json()
    const paid = await ctx.deps.db
      .selectFrom('subsidy_application')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.val('0')).as('fen'))
      .where('state', '=', 'paid')
      .executeTakeFirstOrThrow()
    expect(programmes.subsidies.paidFen).toBe(Number(paid.fen))
    expect(programmes.subsidies.paidFen).toBeGreaterThan(0)
    expect(programmes.recruitment).toMatchObject({ teams: 20, quota: 40_000 })
    expect(programmes.recruitment.hires).toBeGreaterThan(0)
    expect(programmes.recruitment.hires).toBeLessThan(programmes.recruitment.signups)
    await app.close()
  })

  it('has one demo account per role', () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES))
  })

  it('is not loaded twice', async () => {
    expect(await loadDemoData(ctx.deps, { onlyIfEmpty: true })).toBe(false)
  })
  // last: it changes the demo rows the tests above read
  it('keeps each area’s tally equal to a count of its rows, through updates, moves and deletes', async () => {
    const db = ctx.deps.db
    // what the home page showed before the tallies: counted from the rows themselves
    const counted = async () =>
      (
        await sql<Record<string, string | number>>`
        SELECT area_id, sum(residents)::int AS residents, sum(new_residents)::int AS new_residents, sum(stayed)::int AS stayed,
          sum(landlords)::int AS landlords, sum(properties)::int AS properties, sum(rooms)::int AS rooms, sum(coded)::int AS coded,
          sum(occupants)::int AS occupants, sum(pending_apps)::int AS pending_apps, sum(pending_regs)::int AS pending_regs
        FROM (
          SELECT area_id, count(*) FILTER (WHERE kind = 'resident') AS residents, count(*) FILTER (WHERE kind = 'new_resident') AS new_residents,
            count(*) FILTER (WHERE kind = 'new_resident' AND stayed_over_holiday) AS stayed, count(*) FILTER (WHERE is_landlord) AS landlords,
            0 AS properties, 0 AS rooms, 0 AS coded, 0 AS occupants, 0 AS pending_apps, 0 AS pending_regs
          FROM person GROUP BY area_id
          UNION ALL
          SELECT area_id, 0, 0, 0, 0, count(*) FILTER (WHERE status <> 'draft'), coalesce(sum(rooms) FILTER (WHERE status <> 'draft'), 0),
            count(*) FILTER (WHERE status = 'code_issued'), sum(occupants), count(*) FILTER (WHERE status = ANY(${[...PENDING_APPLICATION_STATUSES]}::text[])), 0
          FROM rental_property GROUP BY area_id
          UNION ALL
          SELECT area_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*) FILTER (WHERE status = 'pending') FROM house_registration GROUP BY area_id
        ) AS rows GROUP BY area_id ORDER BY area_id`.execute(db)
      ).rows
    const tallied = async () =>
      (
        await sql<Record<string, string | number>>`
        SELECT area_id, residents::int, new_residents::int, stayed_over_holiday::int AS stayed, landlords::int, rental_properties::int AS properties,
          rental_rooms::int AS rooms, coded_properties::int AS coded, occupants::int, pending_applications::int AS pending_apps,
          pending_registrations::int AS pending_regs
        FROM area_tally
        WHERE residents <> 0 OR new_residents <> 0 OR landlords <> 0 OR rental_properties <> 0 OR rental_rooms <> 0 OR occupants <> 0
          OR pending_applications <> 0 OR pending_registrations <> 0 OR coded_properties <> 0 OR stayed_over_holiday <> 0
           OR area_id IN (SELECT area_id FROM person UNION SELECT area_id FROM rental_property UNION SELECT area_id FROM house_registration)
        ORDER BY area_id`.execute(db)
      ).rows
    const before = await counted()
    expect(before.length).toBeGreaterThan(3)
    expect(await tallied()).toEqual(before)

    const areas = (await db.selectFrom('area').select('id').where('level', '=', 'grid').orderBy('code').limit(2).execute()).map((a) => a.id)
    await sql`UPDATE person SET kind = CASE kind WHEN 'resident' THEN 'new_resident' ELSE 'resident' END, stayed_over_holiday = NOT stayed_over_holiday
      WHERE id IN (SELECT id FROM person ORDER BY id LIMIT 300)`.execute(db)
    await sql`UPDATE person SET area_id = ${areas[0]} WHERE id IN (SELECT id FROM person ORDER BY id DESC LIMIT 200)`.execute(db)
    await sql`UPDATE rental_property SET status = 'submitted', area_id = ${areas[1]} WHERE id IN (SELECT id FROM rental_property ORDER BY id LIMIT 7)`.execute(
      db,
    )
    await sql`UPDATE house_registration SET status = 'refused' WHERE status = 'pending' AND id IN (SELECT id FROM house_registration ORDER BY id LIMIT 2)`.execute(
      db,
    )
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM house_registration WHERE id IN (SELECT id FROM house_registration ORDER BY id DESC LIMIT 3)`.execute(trx)
      await sql`UPDATE rental_property SET rooms = rooms + 1 WHERE status <> 'draft'`.execute(trx)
    })
    const after = await counted()
    expect(after).not.toEqual(before)
    expect(await tallied()).toEqual(after)
  })
})
