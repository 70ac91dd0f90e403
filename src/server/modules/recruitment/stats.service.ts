import { sql } from 'kysely'
import type { RecruitmentStats } from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'

/** Hires against quota in percent, one decimal. */
function percentOf(hires: number, quota: number): number {
  return quota > 0 ? Math.round((hires / quota) * 1000) / 10 : 0
}

/**
 * Progress of the drives in a scope: per team (sign-ups that are not withdrawn, seats booked,
 * boarded — on a bus or hired —, hires vs quota), per target region (sign-ups, hires), and per
 * area node the sum of its teams. Exported through index.ts for the overview.
 */
export async function computeRecruitmentStats(db: DbOrTrx, scope: Scope): Promise<RecruitmentStats> {
  const [teams, regions, byRegion, seats] = await Promise.all([
    selectInScope(db, scope, 'recruitment_team')
      .innerJoin('area', 'area.id', 'recruitment_team.area_id')
      .select([
        'recruitment_team.id',
        'recruitment_team.name',
        'recruitment_team.area_id',
        'recruitment_team.quota',
        'area.name as area_name',
      ])
      .orderBy('recruitment_team.created_at')
      .orderBy('recruitment_team.name')
      .execute(),
    selectInScope(db, scope, 'recruitment_region')
      .select(['recruitment_region.id', 'recruitment_region.team_id', 'recruitment_region.name'])
      .orderBy('recruitment_region.team_id')
      .orderBy('recruitment_region.position')
      .execute(),
    selectInScope(db, scope, 'recruitment_signup')
      .select([
        'recruitment_signup.region_id',
        sql<number>`count(*) FILTER (WHERE state <> 'withdrawn')`.as('signups'),
        sql<number>`count(*) FILTER (WHERE state IN ('boarded','hired'))`.as('boarded'),
        sql<number>`count(*) FILTER (WHERE state = 'hired')`.as('hires'),
      ])
      .groupBy('recruitment_signup.region_id')
      .execute(),
    selectInScope(db, scope, 'bus_seat')
      .innerJoin('bus', 'bus.id', 'bus_seat.bus_id')
      .select(['bus.team_id', sql<number>`count(*)`.as('seats')])
      .groupBy('bus.team_id')
      .execute(),
  ])
  const regionCounts = new Map(
    byRegion.map((r) => [r.region_id, { signups: Number(r.signups), boarded: Number(r.boarded), hires: Number(r.hires) }]),
  )
  const seatsByTeam = new Map(seats.map((s) => [s.team_id, Number(s.seats)]))
  const regionStats = regions.map((r) => ({
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    signups: regionCounts.get(r.id)?.signups ?? 0,
    hires: regionCounts.get(r.id)?.hires ?? 0,
  }))
  const teamStats = teams.map((t) => {
    const mine = regions.filter((r) => r.team_id === t.id).map((r) => regionCounts.get(r.id) ?? { signups: 0, boarded: 0, hires: 0 })
    const sum = (key: 'signups' | 'boarded' | 'hires') => mine.reduce((n, c) => n + c[key], 0)
    const hires = sum('hires')
    return {
      id: t.id,
      name: t.name,
      areaId: t.area_id,
      quota: t.quota,
      signups: sum('signups'),
      seatsBooked: seatsByTeam.get(t.id) ?? 0,
      boarded: sum('boarded'),
      hires,
      percent: percentOf(hires, t.quota),
    }
  })
  const areas = new Map<string, RecruitmentStats['areas'][number]>()
  for (const t of teamStats) {
    const areaName = teams.find((row) => row.id === t.id)!.area_name
    const a = areas.get(t.areaId) ?? {
      areaId: t.areaId,
      areaName,
      teams: 0,
      quota: 0,
      signups: 0,
      seatsBooked: 0,
      boarded: 0,
      hires: 0,
      percent: 0,
    }
    a.teams++
    a.quota += t.quota
    a.signups += t.signups
    a.seatsBooked += t.seatsBooked
    a.boarded += t.boarded
    a.hires += t.hires
    a.percent = percentOf(a.hires, a.quota)
    areas.set(t.areaId, a)
  }
  return { teams: teamStats, regions: regionStats, areas: [...areas.values()] }
}
