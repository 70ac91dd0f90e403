import { sql } from 'kysely'
import type { Policy, PolicyState, PolicyVersionData } from '../../../shared/schemas/subsidies.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, selectServingScope, type Scope } from '../../db/scope.ts'
import { anyOf } from '../../db/any.ts'

/**
 * Policies with their current version. Reading uses the serving scope (a street sees its
 * district's policies); writing only policies issued within the caller's own subtree.
 */

function withCurrent<Q extends ReturnType<typeof selectInScope<'subsidy_policy'>>>(query: Q) {
  return query
    .innerJoin('subsidy_policy_version', (join) =>
      join
        .onRef('subsidy_policy_version.policy_id', '=', 'subsidy_policy.id')
        .onRef('subsidy_policy_version.version', '=', 'subsidy_policy.current_version'),
    )
    .innerJoin('area', 'area.id', 'subsidy_policy.area_id')
    .select([
      'subsidy_policy.id',
      'subsidy_policy.code',
      'subsidy_policy.area_id',
      'subsidy_policy.state',
      'subsidy_policy.current_version',
      'subsidy_policy.budget_fen',
      'subsidy_policy.committed_fen',
      'subsidy_policy.paid_fen',
      'subsidy_policy.updated_at',
      'subsidy_policy_version.data',
      'area.name as area_name',
      'area.path as area_path',
    ])
}

/** Policies that serve the scope's area (issued at its node, above or below it). */
export function selectServingPolicies(db: DbOrTrx, scope: Scope) {
  return withCurrent(selectServingScope(db, scope, 'subsidy_policy'))
}

/** Policies issued within the scope's subtree: the ones its officers may change. */
export function selectOwnPolicies(db: DbOrTrx, scope: Scope) {
  return withCurrent(selectInScope(db, scope, 'subsidy_policy'))
}

export type PolicyRow = Awaited<ReturnType<ReturnType<typeof selectOwnPolicies>['executeTakeFirstOrThrow']>>

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

export function versionData(row: { data: unknown }): PolicyVersionData {
  return json<PolicyVersionData>(row.data)
}

export function toPolicy(row: PolicyRow): Policy {
  return {
    id: row.id,
    code: row.code,
    areaId: row.area_id,
    areaName: row.area_name,
    state: row.state,
    currentVersion: row.current_version,
    current: versionData(row),
    budgetFen: Number(row.budget_fen),
    committedFen: Number(row.committed_fen),
    paidFen: Number(row.paid_fen),
    updatedAt: row.updated_at.toISOString(),
  }
}

export async function findVersions(db: DbOrTrx, policyId: string) {
  return db
    .selectFrom('subsidy_policy_version')
    .leftJoin('account', 'account.id', 'subsidy_policy_version.created_by')
    .select(['subsidy_policy_version.version', 'subsidy_policy_version.data', 'subsidy_policy_version.created_at', 'account.display_name'])
    .where('subsidy_policy_version.policy_id', '=', policyId)
    .orderBy('subsidy_policy_version.version', 'desc')
    .execute()
}

/** One version's content (the one an application was made under). */
export async function findVersion(db: DbOrTrx, policyId: string, version: number): Promise<PolicyVersionData | undefined> {
  const row = await db
    .selectFrom('subsidy_policy_version')
    .select('data')
    .where('policy_id', '=', policyId)
    .where('version', '=', version)
    .executeTakeFirst()
  return row ? versionData(row) : undefined
}

export async function insertPolicy(db: DbOrTrx, values: { code: string; areaId: string; budgetFen: number; createdBy: string }) {
  return db
    .insertInto('subsidy_policy')
    .values({ code: values.code, area_id: values.areaId, budget_fen: values.budgetFen, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function insertVersion(db: DbOrTrx, policyId: string, version: number, data: PolicyVersionData, createdBy: string | null) {
  await db
    .insertInto('subsidy_policy_version')
    .values({ policy_id: policyId, version, data: JSON.stringify(data), created_by: createdBy })
    .execute()
}

/** Locks the policy row (within the scope) for a change of version, budget or state. */
export async function lockOwnPolicy(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'subsidy_policy')
    .select(['id', 'state', 'current_version', 'budget_fen', 'committed_fen'])
    .where('subsidy_policy.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function setCurrentVersion(db: DbOrTrx, id: string, version: number) {
  await db.updateTable('subsidy_policy').set({ current_version: version, updated_at: new Date() }).where('id', '=', id).execute()
}

/** Sets the budget unless that would put it below what is committed. @returns false when refused */
export async function setBudget(db: DbOrTrx, id: string, budgetFen: number): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_policy')
    .set({ budget_fen: budgetFen, updated_at: new Date() })
    .where('id', '=', id)
    .where(sql<boolean>`committed_fen <= ${budgetFen}`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setState(db: DbOrTrx, id: string, state: PolicyState) {
  await db.updateTable('subsidy_policy').set({ state, updated_at: new Date() }).where('id', '=', id).execute()
}

/**
 * Commits an approved amount against the budget: one conditional UPDATE, so parallel approvals
 * queue on the row lock and the last ones find no budget left (the CHECK is the last guard).
 * @returns false when the budget cannot cover it
 */
export async function commitAmount(db: DbOrTrx, id: string, amountFen: number): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_policy')
    .set({ committed_fen: sql`committed_fen + ${amountFen}::bigint`, updated_at: new Date() })
    .where('id', '=', id)
    .where(sql<boolean>`committed_fen + ${amountFen}::bigint <= budget_fen`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Area code → name for the rules' areas, to explain them. */
export async function areaNamesFor(db: DbOrTrx, codes: readonly string[]): Promise<Record<string, string>> {
  if (!codes.length) return {}
  const rows = await db
    .selectFrom('area')
    .select(['code', 'name'])
    .where('code', '=', anyOf([...new Set(codes)], 'text'))
    .execute()
  return Object.fromEntries(rows.map((r) => [r.code, r.name]))
}
