import {
  sql,
  type DeleteQueryBuilder,
  type DeleteResult,
  type SelectQueryBuilder,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely'
import { DomainError } from '../errors.ts'
import type { Database, DbOrTrx } from './database.ts'

/**
 * Area scope, enforced here and only here: an account sees its own area node and everything
 * below it. Repositories of area-bound data obtain their queries from these functions, so
 * no route can forget the filter.
 */
export interface Scope {
  /** Path of the account's area node, e.g. '/330300000000/330382000000/'. */
  readonly areaPath: string
}

/** Tables whose rows belong to an area node through an `area_id` column. */
export type AreaScopedTable =
  | 'person'
  | 'rental_property'
  | 'issued_code'
  | 'checkpoint'
  | 'passage'
  | 'isolation_order'
  | 'alert'
  | 'notification'
  | 'alert_event'
  | 'returnee'
  | 'returnee_report'
  | 'self_service_link'
  | 'device'
  | 'device_binding'
  | 'announcement'
  | 'announcement_delivery'
  | 'consultation'
  | 'video_service'
  | 'enterprise'
  | 'service_team'
  | 'service_assignment'
  | 'resumption_application'
  | 'problem'
  | 'problem_event'
  | 'problem_escalation'
  | 'problem_attachment'
  | 'expert_slot'
  | 'expert_booking'
  | 'expert_consultation'
  | 'house_event'
  | 'house_inspection'
  | 'house_file'
  | 'house_registration'
  | 'house_occupancy'
  | 'notice'
  | 'recruitment_team'
  | 'recruitment_region'
  | 'job_posting'
  | 'collection_point'
  | 'bus'
  | 'recruitment_signup'
  | 'bus_seat'
  | 'recruitment_hire'
  | 'subsidy_policy'
  | 'subsidy_application'
  | 'subsidy_application_event'
  | 'subsidy_document'
  | 'subsidy_payout_batch'
  | 'subsidy_payment'
  | 'resident_link'
  | 'resident_session_person'

/** The whole tree: for system jobs (sweeps, escalation, the live channel's fan-out) that act for every area. */
export const WHOLE_TREE: Scope = Object.freeze({ areaPath: '/' })

/** The ids of every area node within the scope, as a subquery. */
export function areaIdsWithin(db: DbOrTrx, scope: Scope) {
  return db.selectFrom('area').select('area.id').where('area.path', 'like', `${scope.areaPath}%`)
}

/**
 * Starts a select over an area-bound table already restricted to the scope.
 * @example selectInScope(db, scope, 'person').selectAll().where('person.id', '=', id)
 */
export function selectInScope<T extends AreaScopedTable>(db: DbOrTrx, scope: Scope, table: T): SelectQueryBuilder<Database, T, object> {
  return (db.selectFrom(table) as SelectQueryBuilder<Database, T, object>).where(
    sql.ref(`${table}.area_id`),
    'in',
    areaIdsWithin(db, scope),
  )
}

/** Starts an update of an area-bound table restricted to the scope. */
export function updateInScope<T extends AreaScopedTable>(db: DbOrTrx, scope: Scope, table: T) {
  return (db.updateTable(table) as UpdateQueryBuilder<Database, T, T, UpdateResult>).where(
    sql.ref(`${table}.area_id`),
    'in',
    areaIdsWithin(db, scope),
  )
}

/** Starts a delete from an area-bound table restricted to the scope. */
export function deleteInScope<T extends AreaScopedTable>(db: DbOrTrx, scope: Scope, table: T) {
  return (db.deleteFrom(table) as DeleteQueryBuilder<Database, T, DeleteResult>).where(
    sql.ref(`${table}.area_id`),
    'in',
    areaIdsWithin(db, scope),
  )
}

/**
 * The paths of the nodes above a scope's own node, nearest last.
 * @example ancestorPaths('/3303/330304/330304005/') // ['/3303/', '/3303/330304/']
 */
export function ancestorPaths(areaPath: string): string[] {
  const codes = areaPath.split('/').filter(Boolean)
  return codes.slice(0, -1).map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`)
}

/**
 * Starts a select over services that serve the scope's area: rows at the scope's node or below
 * it, as selectInScope, and also rows at the nodes above it (a district's expert team serves
 * every enterprise in the district). For reading offers (teams, expert slots), never for records.
 */
export function selectServingScope<T extends AreaScopedTable>(
  db: DbOrTrx,
  scope: Scope,
  table: T,
): SelectQueryBuilder<Database, T, object> {
  const ancestors = ancestorPaths(scope.areaPath)
  const areas = db
    .selectFrom('area')
    .select('area.id')
    .where((eb) => {
      const within = eb('area.path', 'like', `${scope.areaPath}%`)
      return ancestors.length ? eb.or([within, eb('area.path', 'in', ancestors)]) : within
    })
  return (db.selectFrom(table) as SelectQueryBuilder<Database, T, object>).where(sql.ref(`${table}.area_id`), 'in', areas)
}

/**
 * Whether a node's path lies within the scope: for rows a service holds in a cache (checkpoints
 * at a busy gate) and checks without a query. Same rule as the SQL filters above.
 */
export function isPathInScope(scope: Scope, areaPath: string): boolean {
  return areaPath.startsWith(scope.areaPath)
}

/**
 * Checks that an area node lies within the scope before a record is written into it.
 * @returns the area's id, path and the id of its city (the root of its path)
 * @throws DomainError AREA_OUTSIDE_SCOPE (422) when it does not, or does not exist
 */
export async function requireAreaInScope(db: DbOrTrx, scope: Scope, areaId: string) {
  const area = await db
    .selectFrom('area')
    .select(['id', 'path', 'name', 'level'])
    .where('id', '=', areaId)
    .where('path', 'like', `${scope.areaPath}%`)
    .executeTakeFirst()
  if (!area) throw new DomainError('AREA_OUTSIDE_SCOPE', 422, undefined, [{ field: 'areaId', code: 'AREA_OUTSIDE_SCOPE' }])
  const cityCode = area.path.split('/')[1]!
  const city = await db.selectFrom('area').select('id').where('code', '=', cityCode).executeTakeFirstOrThrow()
  return { ...area, cityAreaId: city.id }
}
