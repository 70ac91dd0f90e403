import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'

/** Teams within the scope, with their area's name, by name. */
export function listTeamRows(db: DbOrTrx, scope: Scope, teamId?: string) {
  let query = selectInScope(db, scope, 'recruitment_team')
    .innerJoin('area', 'area.id', 'recruitment_team.area_id')
    .selectAll('recruitment_team')
    .select('area.name as area_name')
  if (teamId) query = query.where('recruitment_team.id', '=', teamId)
  return query.orderBy('recruitment_team.created_at').orderBy('recruitment_team.name').execute()
}

export function listMembers(db: DbOrTrx, teamIds: string[]) {
  if (!teamIds.length) return Promise.resolve([])
  return db.selectFrom('recruitment_team_member').selectAll().where('team_id', 'in', teamIds).orderBy('name').execute()
}

export function listRegions(db: DbOrTrx, teamIds: string[]) {
  if (!teamIds.length) return Promise.resolve([])
  return db.selectFrom('recruitment_region').selectAll().where('team_id', 'in', teamIds).orderBy('team_id').orderBy('position').execute()
}

/** A region within the scope, with its team. */
export function findRegionInScope(db: DbOrTrx, scope: Scope, regionId: string) {
  return selectInScope(db, scope, 'recruitment_region')
    .innerJoin('recruitment_team', 'recruitment_team.id', 'recruitment_region.team_id')
    .selectAll('recruitment_region')
    .select('recruitment_team.name as team_name')
    .where('recruitment_region.id', '=', regionId)
    .executeTakeFirst()
}

/** Collection points within the scope with their team and region names. */
export function listPointRows(db: DbOrTrx, scope: Scope, filter: { teamId?: string; regionId?: string; pointId?: string }) {
  let query = selectInScope(db, scope, 'collection_point')
    .innerJoin('recruitment_team', 'recruitment_team.id', 'collection_point.team_id')
    .innerJoin('recruitment_region', 'recruitment_region.id', 'collection_point.region_id')
    .selectAll('collection_point')
    .select(['recruitment_team.name as team_name', 'recruitment_region.name as region_name'])
  if (filter.teamId) query = query.where('collection_point.team_id', '=', filter.teamId)
  if (filter.regionId) query = query.where('collection_point.region_id', '=', filter.regionId)
  if (filter.pointId) query = query.where('collection_point.id', '=', filter.pointId)
  return query.orderBy('recruitment_team.name').orderBy('collection_point.meets_at').execute()
}

export function listBusRows(db: DbOrTrx, pointIds: string[]) {
  if (!pointIds.length) return Promise.resolve([])
  return db.selectFrom('bus').selectAll().where('point_id', 'in', pointIds).orderBy('departs_at').orderBy('plate').execute()
}
