import { sql } from 'kysely'
import { anyOf } from '../../db/any.ts'
import type { Db } from '../../db/database.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import { computeRecruitmentStats } from '../recruitment/index.ts'
import { subsidyNumbers } from '../subsidies/index.ts'

export interface HeadlineNumbers {
  residents: number
  newResidents: number
  stayedOverHoliday: number
  landlords: number
  rentalProperties: number
  rentalRooms: number
  codedProperties: number
  occupants: number
  pendingApplications: number
  pendingRegistrations: number
}

const ZERO: HeadlineNumbers = {
  residents: 0,
  newResidents: 0,
  stayedOverHoliday: 0,
  landlords: 0,
  rentalProperties: 0,
  rentalRooms: 0,
  codedProperties: 0,
  occupants: 0,
  pendingApplications: 0,
  pendingRegistrations: 0,
}

/**
 * The home page's figures for an area node and for each of its children: the sums of the tally
 * rows the database keeps per area (area_tally), over each node's subtree. One query over areas,
 * never over people; no personal data leaves the database.
 */
export async function headlineNumbers(db: Db, scope: Scope, areaId: string) {
  const area = await requireAreaInScope(db, scope, areaId)
  const nodes = await db
    .selectFrom('area')
    .select(['id', 'name', 'code', 'path', 'level'])
    .where((eb) => eb.or([eb('id', '=', area.id), eb('parent_id', '=', area.id)]))
    .orderBy('code')
    .execute()
  const { rows } = await sql<{ node_id: string } & HeadlineNumbers>`
    SELECT n.id AS node_id,
      sum(t.residents)::int AS "residents",
      sum(t.new_residents)::int AS "newResidents",
      sum(t.stayed_over_holiday)::int AS "stayedOverHoliday",
      sum(t.landlords)::int AS "landlords",
      sum(t.rental_properties)::int AS "rentalProperties",
      sum(t.rental_rooms)::int AS "rentalRooms",
      sum(t.coded_properties)::int AS "codedProperties",
      sum(t.occupants)::int AS "occupants",
      sum(t.pending_applications)::int AS "pendingApplications",
      sum(t.pending_registrations)::int AS "pendingRegistrations"
    FROM area n
    JOIN area a ON a.path LIKE n.path || '%'
    JOIN area_tally t ON t.area_id = a.id
    WHERE n.id = ${anyOf(
      nodes.map((n) => n.id),
      'uuid',
    )}
    GROUP BY n.id`.execute(db)
  const figures = (id: string): HeadlineNumbers => {
    const { node_id: _, ...found } = rows.find((r) => r.node_id === id) ?? { node_id: id, ...ZERO }
    return found
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
    recruitment: {
      teams: recruitment.teams.length,
      quota: sum('quota'),
      signups: sum('signups'),
      seats: sum('seatsBooked'),
      hires: sum('hires'),
    },
  }
}
