import { sql } from 'kysely'
import type { Locale } from '../../../shared/messages.ts'
import { allPassed, currentPeriod, evaluateEligibility, type EnterpriseFacts } from '../../../shared/subsidy-eligibility.ts'
import {
  LIVE_APPLICATION_STATES,
  policyVersionInputSchema,
  type PolicyState,
  type PolicyVersionInput,
} from '../../../shared/schemas/subsidies.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { isUniqueViolation } from '../enterprise/enterprise.errors.ts'
import { selectForViewer, viewerOf, type Viewer } from '../enterprise/viewer.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'
import * as repo from './policies.repository.ts'
import { BudgetBelowCommittedError, EnterpriseNeededError, PolicyCodeTakenError, PolicyTransitionError } from './subsidies.errors.ts'

/** Policy states an officer may move between: publish, close, reopen; back to draft only while never published. */
const TRANSITIONS: Record<PolicyState, readonly PolicyState[]> = {
  draft: ['published'],
  published: ['closed'],
  closed: ['published'],
}

/** Enterprises see published (and closed, for their history) policies, never drafts. */
function visibleToEnterprise(viewer: Viewer) {
  return viewer.enterpriseId !== null
}

export async function listPolicies(
  deps: Deps,
  actor: Actor,
  query: { page: number; pageSize: number; state?: PolicyState; category?: string; code?: string },
) {
  const viewer = await viewerOf(deps.db, actor)
  let q = repo.selectServingPolicies(deps.db, viewer)
  if (visibleToEnterprise(viewer)) q = q.where('subsidy_policy.state', '=', 'published')
  if (query.state) q = q.where('subsidy_policy.state', '=', query.state)
  if (query.category) q = q.where(sql<boolean>`subsidy_policy_version.data->>'category' = ${query.category}`)
  if (query.code) q = q.where('subsidy_policy.code', 'like', `%${query.code.toUpperCase().replace(/[%_]/g, '')}%`)
  // A few dozen policies per area: page in memory.
  const rows = await q.orderBy('subsidy_policy.code').execute()
  const start = (query.page - 1) * query.pageSize
  return {
    items: rows.slice(start, start + query.pageSize).map(repo.toPolicy),
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
  }
}

/** @throws NotFoundError outside the caller's view (and drafts for an enterprise) */
export async function getPolicy(deps: Deps, actor: Actor, id: string) {
  const viewer = await viewerOf(deps.db, actor)
  return policyDetail(deps.db, viewer, id)
}

async function policyDetail(db: DbOrTrx, viewer: Viewer, id: string) {
  let q = repo.selectServingPolicies(db, viewer).where('subsidy_policy.id', '=', id)
  if (visibleToEnterprise(viewer)) q = q.where('subsidy_policy.state', '!=', 'draft')
  const row = await q.executeTakeFirst()
  if (!row) throw new NotFoundError('policy')
  const versions = await repo.findVersions(db, id)
  return {
    ...repo.toPolicy(row),
    versions: versions.map((v) => ({
      version: v.version,
      data: repo.versionData(v),
      createdBy: v.display_name,
      createdAt: v.created_at.toISOString(),
    })),
  }
}

/**
 * Creates a policy (draft) with its first version, issued at the officer's node unless another
 * node within their scope is named.
 * @throws PolicyCodeTakenError, DomainError AREA_OUTSIDE_SCOPE
 */
export async function createPolicy(
  deps: Deps,
  actor: Actor,
  input: { code: string; areaId?: string; budgetFen: number; version: PolicyVersionInput },
) {
  const data = policyVersionInputSchema.parse(input.version)
  const area = await requireAreaInScope(deps.db, actor, input.areaId ?? actor.account.areaId)
  let id: string
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertPolicy(trx, {
        code: input.code,
        areaId: area.id,
        budgetFen: input.budgetFen,
        createdBy: actor.account.id,
      })
      await repo.insertVersion(trx, id, 1, data, actor.account.id)
      return id
    })
  } catch (error) {
    if (isUniqueViolation(error, 'subsidy_policy_code_unique')) throw new PolicyCodeTakenError()
    throw error
  }
  return getPolicy(deps, actor, id)
}

/** Saves an edit as a new version; applications already made keep the version they were made under. */
export async function addVersion(deps: Deps, actor: Actor, id: string, input: PolicyVersionInput) {
  const data = policyVersionInputSchema.parse(input)
  await deps.db.transaction().execute(async (trx) => {
    const policy = await repo.lockOwnPolicy(trx, actor, id)
    if (!policy) throw new NotFoundError('policy')
    const version = policy.current_version + 1
    await repo.insertVersion(trx, id, version, data, actor.account.id)
    await repo.setCurrentVersion(trx, id, version)
  })
  return getPolicy(deps, actor, id)
}

/** @throws BudgetBelowCommittedError when approvals already exceed the new budget */
export async function setBudget(deps: Deps, actor: Actor, id: string, budgetFen: number) {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.lockOwnPolicy(trx, actor, id))) throw new NotFoundError('policy')
    if (!(await repo.setBudget(trx, id, budgetFen))) throw new BudgetBelowCommittedError()
  })
  return getPolicy(deps, actor, id)
}

/** @throws PolicyTransitionError for a move not in TRANSITIONS (the same state is a no-op) */
export async function setPolicyState(deps: Deps, actor: Actor, id: string, state: PolicyState) {
  await deps.db.transaction().execute(async (trx) => {
    const policy = await repo.lockOwnPolicy(trx, actor, id)
    if (!policy) throw new NotFoundError('policy')
    if (policy.state === state) return
    if (!TRANSITIONS[policy.state].includes(state)) throw new PolicyTransitionError(policy.state, state)
    await repo.setState(trx, id, state)
  })
  return getPolicy(deps, actor, id)
}

// ---------------------------------------------------------------------------------------------
// Eligibility

/** The enterprise's registry row as rule facts, with its area's lineage. */
export async function enterpriseFacts(db: DbOrTrx, viewer: Viewer, enterpriseId: string) {
  const row = await selectForViewer(db, viewer, 'enterprise')
    .innerJoin('area', 'area.id', 'enterprise.area_id')
    .select([
      'enterprise.id',
      'enterprise.name',
      'enterprise.area_id',
      'enterprise.industry',
      'enterprise.above_scale',
      'enterprise.staff_local',
      'enterprise.staff_other_province',
      'enterprise.resumed_at',
      'area.code as area_code',
      'area.name as area_name',
      'area.path as area_path',
    ])
    .where('enterprise.id', '=', enterpriseId)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('enterprise')
  const facts: EnterpriseFacts = {
    industry: row.industry,
    aboveScale: row.above_scale,
    staffTotal: row.staff_local + row.staff_other_province,
    staffOtherProvince: row.staff_other_province,
    resumed: row.resumed_at !== null,
    area: { code: row.area_code, name: row.area_name, lineageCodes: row.area_path.split('/').filter(Boolean) },
  }
  return { row, facts }
}

/** A policy serves an enterprise when the enterprise's area lies within the policy's area. */
export function policyServes(policyAreaPath: string, enterpriseAreaPath: string): boolean {
  return enterpriseAreaPath.startsWith(policyAreaPath)
}

/** Whether applications are accepted on a China date: published, inside the window, budget left. */
export function isOpen(
  policy: { state: PolicyState; budgetFen: number; committedFen: number; current: { opensOn: string; closesOn: string } },
  today: string,
): boolean {
  return (
    policy.state === 'published' &&
    policy.current.opensOn <= today &&
    today <= policy.current.closesOn &&
    policy.budgetFen > policy.committedFen
  )
}

/**
 * Every published policy that serves the enterprise's area, with each rule's outcome in words.
 * An enterprise account asks for itself; staff name the enterprise.
 */
export async function listEligibility(deps: Deps, actor: Actor, enterpriseId: string | undefined, locale: Locale, now = new Date()) {
  const viewer = await viewerOf(deps.db, actor)
  const id = viewer.enterpriseId ?? enterpriseId
  if (!id) throw new EnterpriseNeededError()
  const { row: enterprise, facts } = await enterpriseFacts(deps.db, viewer, id)
  // The enterprise's own area decides which policies serve it, whatever the caller's node.
  const rows = (
    await repo
      .selectServingPolicies(deps.db, { areaPath: enterprise.area_path })
      .where('subsidy_policy.state', '=', 'published')
      .orderBy('subsidy_policy.code')
      .execute()
  ).filter((r) => policyServes(r.area_path, enterprise.area_path))
  const policies = rows.map(repo.toPolicy)
  const areaNames = await repo.areaNamesFor(
    deps.db,
    policies.flatMap((p) => p.current.rules.flatMap((r) => (r.areaCode ? [r.areaCode] : []))),
  )
  const today = chinaDate(now)
  const live = policies.length
    ? await deps.db
        .selectFrom('subsidy_application')
        .select(['id', 'policy_id', 'period'])
        .where('enterprise_id', '=', id)
        .where(
          'policy_id',
          'in',
          policies.map((p) => p.id),
        )
        .where('state', 'in', LIVE_APPLICATION_STATES as never)
        .execute()
    : []
  return {
    items: policies.map((policy) => {
      const results = evaluateEligibility(policy.current.rules, facts, areaNames, locale)
      const period = currentPeriod(policy.current.periodKind, today)
      return {
        policy,
        eligible: allPassed(results),
        results,
        open: isOpen(policy, today),
        existingApplicationId: live.find((a) => a.policy_id === policy.id && a.period === period)?.id ?? null,
      }
    }),
  }
}
