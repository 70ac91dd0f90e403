import type { DbOrTrx } from '../../db/database.ts'
import { ancestorPaths, updateInScope, type Scope } from '../../db/scope.ts'
import type { Industry } from '../../../shared/schemas/enterprise.ts'
import { OPEN_PROBLEM_STATES } from '../../../shared/schemas/enterprise-problem.ts'
import type { Updateable } from 'kysely'
import type { EnterpriseTable, NewEnterpriseRow } from './enterprise.table.ts'
import { selectForViewer, type Viewer } from './viewer.ts'
import { anyOf } from '../../db/any.ts'

/**
 * Enterprises with their area, current owner (the one open assignment) and open problem count.
 * The joined assignment and problems belong to the enterprise, so the enterprise's scope covers them.
 */
function selectEnterprises(db: DbOrTrx, viewer: Viewer) {
  return selectForViewer(db, viewer, 'enterprise')
    .innerJoin('area', 'area.id', 'enterprise.area_id')
    .leftJoin('service_assignment as sa', (join) => join.onRef('sa.enterprise_id', '=', 'enterprise.id').on('sa.ended_at', 'is', null))
    .leftJoin('account as owner', 'owner.id', 'sa.owner_account_id')
    .leftJoin('service_team as team', 'team.id', 'sa.team_id')
    .selectAll('enterprise')
    .select([
      'area.name as area_name',
      'area.path as area_path',
      'sa.owner_account_id',
      'owner.display_name as owner_name',
      'owner.username as owner_username',
      'sa.team_id',
      'team.name as team_name',
      'sa.started_at as owner_since',
    ])
    .select((eb) =>
      eb
        .selectFrom('problem')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('problem.enterprise_id', '=', 'enterprise.id')
        .where('problem.state', 'in', OPEN_PROBLEM_STATES)
        .as('open_problems'),
    )
}
export type EnterpriseListRow = NonNullable<Awaited<ReturnType<typeof findEnterpriseById>>>

export function findEnterpriseById(db: DbOrTrx, viewer: Viewer, id: string) {
  return selectEnterprises(db, viewer).where('enterprise.id', '=', id).executeTakeFirst()
}

export interface EnterpriseFilter {
  q?: string
  industry?: Industry
  areaPath?: string
  resumed?: boolean
}

function filtered(db: DbOrTrx, viewer: Viewer, filter: EnterpriseFilter) {
  let query = selectEnterprises(db, viewer)
  if (filter.industry) query = query.where('enterprise.industry', '=', filter.industry)
  if (filter.areaPath) query = query.where('area.path', 'like', `${filter.areaPath}%`)
  if (filter.resumed !== undefined) query = query.where('enterprise.resumed_at', filter.resumed ? 'is not' : 'is', null)
  const q = filter.q
  if (q) {
    query = query.where((eb) =>
      eb.or([eb('enterprise.name', 'like', `${q.replace(/[\\%_]/g, '\\$&')}%`), eb('enterprise.credit_code', '=', q.toUpperCase())]),
    )
  }
  return query
}

export function listEnterprises(db: DbOrTrx, viewer: Viewer, filter: EnterpriseFilter, limit: number, offset: number) {
  return filtered(db, viewer, filter).orderBy('enterprise.name').orderBy('enterprise.id').limit(limit).offset(offset).execute()
}

export async function countEnterprises(db: DbOrTrx, viewer: Viewer, filter: EnterpriseFilter): Promise<number> {
  const row = await filtered(db, viewer, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertEnterprise(db: DbOrTrx, row: NewEnterpriseRow) {
  return db.insertInto('enterprise').values(row).returning('id').executeTakeFirstOrThrow()
}

export function updateEnterprise(db: DbOrTrx, scope: Scope, id: string, changes: Updateable<EnterpriseTable>) {
  return updateInScope(db, scope, 'enterprise').set(changes).where('enterprise.id', '=', id).returning('id').executeTakeFirst()
}

/** Credit codes among these that are registered already (anywhere: codes are unique nationwide). */
export async function findRegisteredCreditCodes(db: DbOrTrx, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set()
  const rows = await db.selectFrom('enterprise').select('credit_code').where('credit_code', '=', anyOf(codes, 'text')).execute()
  return new Set(rows.map((r) => r.credit_code))
}

/**
 * Liaison officers who may own an enterprise in an area: their node is the area's own or one
 * above it (a district liaison serves every street of the district).
 */
export function findServingLiaisons(db: DbOrTrx, areaPath: string) {
  return db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select(['account.id', 'account.username', 'account.display_name', 'area.name as area_name'])
    .where('account.role', '=', 'liaison')
    .where('account.disabled', '=', false)
    .where('area.path', 'in', [...ancestorPaths(areaPath), areaPath])
    .orderBy('account.display_name')
    .execute()
}

/** Area nodes by code, within a scope (import files name areas by code). */
export function findAreasByCode(db: DbOrTrx, scope: Scope, codes: string[]) {
  if (!codes.length) return Promise.resolve([])
  return db
    .selectFrom('area')
    .select(['id', 'code', 'path', 'name'])
    .where('code', '=', anyOf(codes, 'text'))
    .where('path', 'like', `${scope.areaPath}%`)
    .execute()
}
