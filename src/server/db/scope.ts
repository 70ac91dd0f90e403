import { sql, type DeleteQueryBuilder, type DeleteResult, type SelectQueryBuilder, type UpdateQueryBuilder, type UpdateResult } from 'kysely'
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

/** The ids of every area node within the scope, as a subquery. */
export function areaIdsWithin(db: DbOrTrx, scope: Scope) {
  return db.selectFrom('area').select('area.id').where('area.path', 'like', `${scope.areaPath}%`)
}

/**
 * Starts a select over an area-bound table already restricted to the scope.
 * @example selectInScope(db, scope, 'person').selectAll().where('person.id', '=', id)
 */
export function selectInScope<T extends AreaScopedTable>(
  db: DbOrTrx,
  scope: Scope,
  table: T,
): SelectQueryBuilder<Database, T, {}> {
  return (db.selectFrom(table) as SelectQueryBuilder<Database, T, {}>).where(
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
