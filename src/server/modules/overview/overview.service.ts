import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import { housingNumbers, ZERO_HOUSING, type HousingNumbers } from '../housing/index.ts'
import { computeRecruitmentStats } from '../recruitment/index.ts'
import { subsidyNumbers } from '../subsidies/index.ts'

export interface HeadlineNumbers extends HousingNumbers {
  residents: number
  newResidents: number
  stayedOverHoliday: number
  landlords: number
  rentalProperties: number
  rentalRooms: number
}

const ZERO: HeadlineNumbers = { residents: 0, newResidents: 0, stayedOverHoliday: 0, landlords: 0, rentalProperties: 0, rentalRooms: 0, ...ZERO_HOUSING }

/**
 * The home page's figures for an area node and for each of its children, in two queries
 * (aggregates over the path prefix, no personal data leaves the database).
 */
export async function headlineNumbers(db: Db, scope: Scope, areaId: string) {
  const area = await requireAreaInScope(db, scope, areaId)
  const nodes = await db
    .selectFrom('area')
    .select(['id', 'name', 'code', 'path', 'level'])
    .where((eb) => eb.or([eb('id', '=', area.id), eb('parent_id', '=', area.id)]))
    .orderBy('code')
    .execute()
  const people = await sql<{ node_id: string; residents: number; new_residents: number; stayed: number; landlords: number }>`
    SELECT n.id AS node_id,
      count(*) FILTER (WHERE p.kind = 'resident')::int AS residents,
      count(*) FILTER (WHERE p.kind = 'new_resident')::int AS new_residents,
      count(*) FILTER (WHERE p.kind = 'new_resident' AND p.stayed_over_holiday)::int AS stayed,
      count(*) FILTER (WHERE p.is_landlord)::int AS landlords
    FROM area n
    JOIN area a ON a.path LIKE n.path || '%'
    JOIN person p ON p.area_id = a.id
    WHERE n.id = ANY(${nodes.map((n) => n.id)}::uuid[])
    GROUP BY n.id`.execute(db)
  const rentals = await sql<{ node_id: string; properties: number; rooms: number }>`
    SELECT n.id AS node_id, count(*)::int AS properties, coalesce(sum(r.rooms), 0)::int AS rooms
    FROM area n
    JOIN area a ON a.path LIKE n.path || '%'
    -- a landlord's unsent draft is not a rental property yet
    JOIN rental_property r ON r.area_id = a.id AND r.status <> 'draft'
    WHERE n.id = ANY(${nodes.map((n) => n.id)}::uuid[])
    GROUP BY n.id`.execute(db)
  const housing = await housingNumbers(db, nodes)
  const figures = (id: string): HeadlineNumbers => {
    const p = people.rows.find((r) => r.node_id === id)
    const r = rentals.rows.find((x) => x.node_id === id)
    return {
      ...ZERO,
      ...(p && { residents: p.residents, newResidents: p.new_residents, stayedOverHoliday: p.stayed, landlords: p.landlords }),
      ...(r && { rentalProperties: r.properties, rentalRooms: r.rooms }),
      ...housing.get(id),
    }
  }
  return {
    area: { id: area.id, name: area.name, level: area.level },
    totals: figures(area.id),
    programmes: await programmeNumbers(db, { areaPath: area.path }),
    children: nodes.filter((n) => n.id !== area.id).map((n) => ({ id: n.id, name: n.name, level: n.level, ...figures(n.id) })),
  }
}

/** The work-resumption programmes of an area node: subsidies paid and how fast, hires against quota. */
export async function programmeNumbers(db: Db, node: Scope) {
  const [subsidies, recruitment] = await Promise.all([subsidyNumbers(db, node), computeRecruitmentStats(db, node)])
  const sum = (key: 'quota' | 'signups' | 'seatsBooked' | 'hires') => recruitment.teams.reduce((total, team) => total + team[key], 0)
  return {
    subsidies: {
      applications: Object.values(subsidies.byState).reduce((a, b) => a + b, 0),
      approvedFen: subsidies.approvedFen,
      paidFen: subsidies.paidFen,
      medianWorkdaysToPay: subsidies.medianWorkdaysToPay,
      withinPromise: subsidies.withinPromise,
    },
    recruitment: { teams: recruitment.teams.length, quota: sum('quota'), signups: sum('signups'), seats: sum('seatsBooked'), hires: sum('hires') },
  }
}
