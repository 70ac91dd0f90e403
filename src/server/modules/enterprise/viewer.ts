import { sql, type SelectQueryBuilder } from 'kysely'
import type { Role } from '../../../shared/roles.ts'
import { ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import type { Database, DbOrTrx } from '../../db/database.ts'
import { selectInScope, type AreaScopedTable, type Scope } from '../../db/scope.ts'
import { ForbiddenError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { AccountUnlinkedError } from './enterprise.errors.ts'

/**
 * Who looks at enterprise data: the actor's area scope, plus, for an enterprise account, its
 * one enterprise. Repositories of this module take a Viewer and apply both filters, so an
 * enterprise in Quxi street never sees its neighbours although its area node is the street.
 */
export interface Viewer extends Scope {
  readonly actor: Actor
  readonly accountId: string
  readonly role: Role
  /** Set for an enterprise account: every query is limited to this enterprise. */
  readonly enterpriseId: string | null
}

/** The area-scope root, for the SLA sweep and the seed (system work, no account). */
export const SYSTEM_SCOPE: Scope = { areaPath: '/' }

/**
 * Builds the viewer of a request: looks up the enterprise behind an enterprise account.
 * @throws AccountUnlinkedError for an enterprise account not linked to an enterprise
 */
export async function viewerOf(db: DbOrTrx, actor: Actor): Promise<Viewer> {
  const base = { actor, areaPath: actor.areaPath, accountId: actor.account.id, role: actor.account.role }
  if (actor.account.role !== 'enterprise') return { ...base, enterpriseId: null }
  const row = await db.selectFrom('account').select('enterprise_id').where('id', '=', actor.account.id).executeTakeFirst()
  if (!row?.enterprise_id) throw new AccountUnlinkedError()
  return { ...base, enterpriseId: row.enterprise_id }
}

/** Whether the viewer is service staff (liaison officer, admin) rather than the enterprise. */
export function isStaff(viewer: Viewer): boolean {
  return ROLES_SERVING_ENTERPRISES.includes(viewer.role)
}

/** @throws ForbiddenError unless the viewer is service staff */
export function requireStaff(viewer: Viewer): void {
  if (!isStaff(viewer)) throw new ForbiddenError()
}

/** Tables of this module that carry `enterprise_id` (and `area_id`). */
export type EnterpriseBoundTable = Extract<
  AreaScopedTable,
  'service_assignment' | 'resumption_application' | 'problem' | 'expert_booking' | 'expert_consultation'
>

/**
 * Starts a select restricted to the viewer: the area scope always, the enterprise for an
 * enterprise account.
 * @example selectForViewer(db, viewer, 'problem').selectAll('problem').where('problem.id', '=', id)
 */
export function selectForViewer<T extends EnterpriseBoundTable | 'enterprise'>(
  db: DbOrTrx,
  viewer: Viewer,
  table: T,
): SelectQueryBuilder<Database, T, object> {
  const query = selectInScope(db, viewer, table)
  if (!viewer.enterpriseId) return query
  const column = table === 'enterprise' ? 'enterprise.id' : `${table}.enterprise_id`
  return query.where(sql.ref(column), '=', viewer.enterpriseId)
}
