import { sql, type Insertable, type Updateable } from 'kysely'
import type { ProblemCategory, ProblemState } from '../../../shared/schemas/enterprise-problem.ts'
import { SLA_RUNNING_STATES } from '../../../shared/schemas/enterprise-problem.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, type Scope } from '../../db/scope.ts'
import type { ProblemAttachmentTable, ProblemEscalationTable, ProblemEventTable, ProblemTable } from './enterprise.table.ts'
import { selectForViewer, type Viewer } from './viewer.ts'

/** Problems with the names a list shows and the highest escalation of the current round. */
function selectProblems(db: DbOrTrx, viewer: Viewer) {
  return selectForViewer(db, viewer, 'problem')
    .innerJoin('enterprise', 'enterprise.id', 'problem.enterprise_id')
    .innerJoin('area', 'area.id', 'problem.area_id')
    .leftJoin('account as owner', 'owner.id', 'problem.owner_account_id')
    .leftJoin('service_team as team', 'team.id', 'problem.expert_team_id')
    .selectAll('problem')
    .select([
      'enterprise.name as enterprise_name',
      'area.name as area_name',
      'area.path as area_path',
      'owner.display_name as owner_name',
      'team.name as team_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('problem_escalation as e')
        .select('e.level')
        .whereRef('e.problem_id', '=', 'problem.id')
        .whereRef('e.round', '=', 'problem.round')
        .where('e.level', '<>', 'warning')
        .orderBy(sql`CASE e.level WHEN 'city' THEN 3 WHEN 'district' THEN 2 ELSE 1 END`, 'desc')
        .limit(1)
        .as('escalated_to'),
    )
}
export type ProblemListRow = NonNullable<Awaited<ReturnType<typeof findProblem>>>

export function findProblem(db: DbOrTrx, viewer: Viewer, id: string) {
  return selectProblems(db, viewer).where('problem.id', '=', id).executeTakeFirst()
}

export interface ProblemFilter {
  ownerAccountId?: string
  openOnly?: boolean
  state?: ProblemState
  category?: ProblemCategory
  enterpriseId?: string
  areaPath?: string
}

function filtered(db: DbOrTrx, viewer: Viewer, filter: ProblemFilter) {
  let query = selectProblems(db, viewer)
  if (filter.ownerAccountId) query = query.where('problem.owner_account_id', '=', filter.ownerAccountId)
  if (filter.openOnly) query = query.where('problem.state', '<>', 'closed')
  if (filter.state) query = query.where('problem.state', '=', filter.state)
  if (filter.category) query = query.where('problem.category', '=', filter.category)
  if (filter.enterpriseId) query = query.where('problem.enterprise_id', '=', filter.enterpriseId)
  if (filter.areaPath) query = query.where('area.path', 'like', `${filter.areaPath}%`)
  return query
}

/**
 * A page of problems. `deadline` is the liaison's work list: unaccepted first (their clock has
 * not started), then by deadline, problems waiting for the enterprise's confirmation and closed
 * ones last.
 */
export function listProblems(
  db: DbOrTrx,
  viewer: Viewer,
  filter: ProblemFilter,
  sort: 'deadline' | 'newest',
  limit: number,
  offset: number,
) {
  let query = filtered(db, viewer, filter)
  if (sort === 'deadline') {
    query = query
      .orderBy(sql`CASE problem.state WHEN 'reported' THEN 0 WHEN 'resolved' THEN 2 WHEN 'closed' THEN 3 ELSE 1 END`)
      .orderBy('problem.due_on', 'asc')
      .orderBy('problem.reported_at', 'asc')
  } else {
    query = query.orderBy('problem.reported_at', 'desc')
  }
  return query.orderBy('problem.id').limit(limit).offset(offset).execute()
}

export async function countProblems(db: DbOrTrx, viewer: Viewer, filter: ProblemFilter): Promise<number> {
  const row = await filtered(db, viewer, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertProblem(db: DbOrTrx, row: Insertable<ProblemTable>) {
  return db.insertInto('problem').values(row).returning('id').executeTakeFirstOrThrow()
}

/**
 * Moves a problem on, but only from the state the caller read: of two concurrent transitions
 * exactly one changes the row (the other sees 0 and answers 409).
 * @returns the number of rows changed (0 or 1)
 */
export async function updateProblemFromState(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  expected: ProblemState,
  changes: Updateable<ProblemTable>,
): Promise<number> {
  const result = await updateInScope(db, scope, 'problem')
    .set(changes)
    .where('problem.id', '=', id)
    .where('problem.state', '=', expected)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export function insertEvent(db: DbOrTrx, row: Insertable<ProblemEventTable>) {
  return db.insertInto('problem_event').values(row).execute()
}

export function listEvents(db: DbOrTrx, scope: Scope, problemId: string) {
  return selectInScope(db, scope, 'problem_event')
    .leftJoin('account', 'account.id', 'problem_event.actor_account_id')
    .select([
      'problem_event.action',
      'problem_event.from_state',
      'problem_event.to_state',
      'problem_event.at',
      'problem_event.note',
      'account.display_name as actor_name',
    ])
    .where('problem_event.problem_id', '=', problemId)
    .orderBy('problem_event.id')
    .execute()
}

/**
 * Records a warning or an escalation once: the primary key (problem, round, level) makes a
 * second sweep (or a second server sweeping at the same moment) a no-op.
 * @returns whether this call recorded it
 */
export async function insertEscalation(db: DbOrTrx, row: ProblemEscalationTable): Promise<boolean> {
  const inserted = await db
    .insertInto('problem_escalation')
    .values(row)
    .onConflict((oc) => oc.columns(['problem_id', 'round', 'level']).doNothing())
    .returning('problem_id')
    .executeTakeFirst()
  return Boolean(inserted)
}

/** Problems whose SLA clock runs, for the sweep (system scope). */
export function findSlaRunning(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'problem')
    .innerJoin('enterprise', 'enterprise.id', 'problem.enterprise_id')
    .innerJoin('area', 'area.id', 'problem.area_id')
    .select([
      'problem.id',
      'problem.area_id',
      'problem.title',
      'problem.owner_account_id',
      'problem.due_on',
      'problem.round',
      'problem.state',
      'area.path as area_path',
      'enterprise.name as enterprise_name',
    ])
    .where('problem.state', 'in', SLA_RUNNING_STATES)
    .where('problem.due_on', 'is not', null)
    .execute()
}

/** What the board counts, for every problem under a node. */
export function findBoardRows(db: DbOrTrx, viewer: Viewer, areaPath: string) {
  return selectForViewer(db, viewer, 'problem')
    .innerJoin('area', 'area.id', 'problem.area_id')
    .select([
      'problem.category',
      'problem.state',
      'problem.due_on',
      'problem.accepted_at',
      'problem.resolved_at',
      'problem.satisfaction',
      'area.path as area_path',
    ])
    .where('area.path', 'like', `${areaPath}%`)
    .execute()
}

export function insertAttachment(db: DbOrTrx, row: Insertable<ProblemAttachmentTable>) {
  return db.insertInto('problem_attachment').values(row).returning(['id', 'uploaded_at']).executeTakeFirstOrThrow()
}

export function listAttachments(db: DbOrTrx, scope: Scope, problemId: string) {
  return selectInScope(db, scope, 'problem_attachment')
    .select(['id', 'file_name', 'content_type', 'size', 'uploaded_at'])
    .where('problem_attachment.problem_id', '=', problemId)
    .orderBy('uploaded_at')
    .execute()
}

export function findAttachment(db: DbOrTrx, scope: Scope, problemId: string, id: string) {
  return selectInScope(db, scope, 'problem_attachment')
    .select(['file_name', 'content_type', 'content'])
    .where('problem_attachment.problem_id', '=', problemId)
    .where('problem_attachment.id', '=', id)
    .executeTakeFirst()
}
