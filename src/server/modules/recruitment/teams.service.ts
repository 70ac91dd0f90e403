import type { BusInput, CollectionPoint, PointInput, RegionInput, Team, TeamData } from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx, Trx } from '../../db/database.ts'
import { requireAreaInScope, selectInScope, type Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { MemberInvalidError } from './recruitment.errors.ts'
import * as repo from './teams.repository.ts'
import { requireManager } from './viewer.ts'

/** The teams within the scope with their members and target regions. */
export async function loadTeams(db: DbOrTrx, scope: Scope, teamId?: string): Promise<Team[]> {
  const rows = await repo.listTeamRows(db, scope, teamId)
  const ids = rows.map((r) => r.id)
  const [members, regions] = await Promise.all([repo.listMembers(db, ids), repo.listRegions(db, ids)])
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    areaId: row.area_id,
    areaName: row.area_name,
    leaderName: row.leader_name,
    members: members.filter((m) => m.team_id === row.id).map((m) => ({ accountId: m.account_id, name: m.name })),
    quota: row.quota,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    regions: regions
      .filter((r) => r.team_id === row.id)
      .map((r) => ({ id: r.id, teamId: r.team_id, province: r.province, city: r.city, county: r.county, name: r.name })),
  }))
}

export async function listTeams(deps: Deps, actor: Actor) {
  return { items: await loadTeams(deps.db, actor) }
}

async function getTeam(db: DbOrTrx, scope: Scope, id: string): Promise<Team> {
  const [team] = await loadTeams(db, scope, id)
  if (!team) throw new NotFoundError('recruitment team')
  return team
}

/** Member rows: recruiter accounts of the caller's area (named by their display name) plus free names. */
async function memberRows(trx: Trx, actor: Actor, teamId: string, input: Pick<TeamData, 'memberAccountIds' | 'memberNames'>) {
  const accountIds = [...new Set(input.memberAccountIds)]
  const accounts = accountIds.length
    ? await trx
        .selectFrom('account')
        .innerJoin('area', 'area.id', 'account.area_id')
        .select(['account.id', 'account.display_name'])
        .where('account.id', 'in', accountIds)
        .where('account.role', '=', 'recruiter')
        .where('area.path', 'like', `${actor.areaPath}%`)
        .execute()
    : []
  if (accounts.length !== accountIds.length) throw new MemberInvalidError()
  const taken = new Set(accounts.map((a) => a.display_name))
  return [
    ...accounts.map((a) => ({ team_id: teamId, account_id: a.id, name: a.display_name })),
    ...[...new Set(input.memberNames)].filter((n) => !taken.has(n)).map((name) => ({ team_id: teamId, account_id: null, name })),
  ]
}

async function insertRegions(trx: Trx, teamId: string, areaId: string, regions: RegionInput[], from = 0) {
  if (!regions.length) return
  await trx
    .insertInto('recruitment_region')
    .values(
      regions.map((r, i) => ({
        team_id: teamId,
        area_id: areaId,
        province: r.province,
        city: r.city,
        county: r.county || null,
        name: r.name,
        position: from + i,
      })),
    )
    .execute()
}

/**
 * Creates a team with its members and target regions.
 * @throws DomainError AREA_OUTSIDE_SCOPE, MemberInvalidError
 */
export async function createTeam(deps: Deps, actor: Actor, input: TeamData): Promise<Team> {
  requireManager(actor)
  return deps.db.transaction().execute(async (trx) => {
    await requireAreaInScope(trx, actor, input.areaId)
    const team = await trx
      .insertInto('recruitment_team')
      .values({
        area_id: input.areaId,
        name: input.name,
        leader_name: input.leaderName,
        quota: input.quota,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const members = await memberRows(trx, actor, team.id, input)
    if (members.length) await trx.insertInto('recruitment_team_member').values(members).execute()
    await insertRegions(trx, team.id, input.areaId, input.regions)
    return getTeam(trx, actor, team.id)
  })
}

/**
 * Changes a team's name, leader, members, quota and dates (its regions stay; add more with addRegion).
 * @throws NotFoundError outside the scope
 */
export async function updateTeam(deps: Deps, actor: Actor, id: string, input: TeamData): Promise<Team> {
  requireManager(actor)
  return deps.db.transaction().execute(async (trx) => {
    const existing = await getTeam(trx, actor, id)
    if (input.areaId !== existing.areaId) await requireAreaInScope(trx, actor, input.areaId)
    await trx
      .updateTable('recruitment_team')
      .set({
        area_id: input.areaId,
        name: input.name,
        leader_name: input.leaderName,
        quota: input.quota,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute()
    if (input.areaId !== existing.areaId) {
      // Every row of the team follows it to the new node, so scope keeps seeing them together.
      for (const table of ['recruitment_region', 'collection_point', 'bus', 'recruitment_signup'] as const) {
        await trx.updateTable(table).set({ area_id: input.areaId }).where('team_id', '=', id).execute()
      }
      const signups = trx.selectFrom('recruitment_signup').select('id').where('team_id', '=', id)
      for (const table of ['bus_seat', 'recruitment_hire'] as const) {
        await trx.updateTable(table).set({ area_id: input.areaId }).where('signup_id', 'in', signups).execute()
      }
    }
    await trx.deleteFrom('recruitment_team_member').where('team_id', '=', id).execute()
    const members = await memberRows(trx, actor, id, input)
    if (members.length) await trx.insertInto('recruitment_team_member').values(members).execute()
    await insertRegions(trx, id, input.areaId, input.regions, existing.regions.length)
    return getTeam(trx, actor, id)
  })
}

/** Adds one target region to a team. @throws NotFoundError outside the scope */
export async function addRegion(deps: Deps, actor: Actor, teamId: string, input: RegionInput): Promise<Team> {
  requireManager(actor)
  return deps.db.transaction().execute(async (trx) => {
    const team = await getTeam(trx, actor, teamId)
    await insertRegions(trx, teamId, team.areaId, [input], team.regions.length)
    return getTeam(trx, actor, teamId)
  })
}

/** Collection points with their buses (seats and seats taken). */
export async function listPoints(
  deps: Deps,
  scope: Scope,
  filter: { teamId?: string; regionId?: string; pointId?: string },
): Promise<{ items: CollectionPoint[] }> {
  const rows = await repo.listPointRows(deps.db, scope, filter)
  const buses = await repo.listBusRows(
    deps.db,
    rows.map((r) => r.id),
  )
  return {
    items: rows.map((p) => ({
      id: p.id,
      teamId: p.team_id,
      teamName: p.team_name,
      regionId: p.region_id,
      regionName: p.region_name,
      name: p.name,
      address: p.address,
      meetsAt: p.meets_at.toISOString(),
      buses: buses
        .filter((b) => b.point_id === p.id)
        .map((b) => ({
          id: b.id,
          pointId: b.point_id,
          plate: b.plate,
          departsAt: b.departs_at.toISOString(),
          seats: b.seats,
          seatsTaken: b.seats_taken,
          destination: b.destination,
        })),
    })),
  }
}

/** Opens a collection point in one of the team's regions. @throws NotFoundError for a region outside the scope */
export async function createPoint(deps: Deps, actor: Actor, input: PointInput): Promise<CollectionPoint> {
  requireManager(actor)
  const region = await repo.findRegionInScope(deps.db, actor, input.regionId)
  if (!region) throw new NotFoundError('region')
  const point = await deps.db
    .insertInto('collection_point')
    .values({
      team_id: region.team_id,
      region_id: region.id,
      area_id: region.area_id,
      name: input.name,
      address: input.address,
      meets_at: new Date(input.meetsAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return (await listPoints(deps, actor, { pointId: point.id })).items[0]!
}

/** Puts a bus (返岗直通车) on a collection point. @throws NotFoundError for a point outside the scope */
export async function createBus(deps: Deps, actor: Actor, input: BusInput): Promise<CollectionPoint> {
  requireManager(actor)
  const point = await selectInScope(deps.db, actor, 'collection_point').selectAll().where('id', '=', input.pointId).executeTakeFirst()
  if (!point) throw new NotFoundError('collection point')
  await deps.db
    .insertInto('bus')
    .values({
      point_id: point.id,
      team_id: point.team_id,
      area_id: point.area_id,
      plate: input.plate,
      departs_at: new Date(input.departsAt),
      seats: input.seats,
      destination: input.destination,
    })
    .execute()
  return (await listPoints(deps, actor, { pointId: point.id })).items[0]!
}
