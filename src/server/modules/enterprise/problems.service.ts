import {
  PROBLEM_ACTIONS,
  PROBLEM_TRANSITIONS,
  SLA_WORKING_DAYS,
  type Problem,
  type ProblemAction,
  type ProblemDetail,
  type ProblemInput,
  type ProblemListQuery,
  type ProblemTransitionInput,
} from '../../../shared/schemas/enterprise-problem.ts'
import type { ProblemTable } from './enterprise.table.ts'
import type { Updateable } from 'kysely'
import type { Db, DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { notify } from '../notify/notify.service.ts'
import { loadWorkCalendar, loadWorkCalendarCovering } from './calendar.service.ts'
import {
  EnterpriseOnlyError,
  IllegalTransitionError,
  NoExpertTeamError,
  NotProblemOwnerError,
  ProblemChangedError,
  StaffOnlyError,
} from './enterprise.errors.ts'
import * as repo from './problems.repository.ts'
import { requireEnterprise, requireServingLiaison } from './registry.service.ts'
import { targetEnterpriseId } from './resumption.service.ts'
import { findCurrentOwner } from './teams.repository.ts'
import { listTeams } from './teams.service.ts'
import { isStaff, viewerOf, type Viewer } from './viewer.ts'
import { chinaDate, type WorkCalendar } from './work-calendar.ts'

const ENTITY = 'problem'

/** What this viewer may do next with a problem (the server checks the same rules again on each action). */
export function allowedActions(
  viewer: Viewer,
  row: Pick<repo.ProblemListRow, 'state' | 'enterprise_id' | 'owner_account_id'>,
): ProblemAction[] {
  return PROBLEM_ACTIONS.filter((action) => {
    const transition = PROBLEM_TRANSITIONS[action]
    if (!transition.from.includes(row.state)) return false
    if (transition.by === 'enterprise') return viewer.enterpriseId === row.enterprise_id
    if (!isStaff(viewer)) return false
    return action === 'accept' || viewer.role === 'admin' || row.owner_account_id === viewer.accountId
  })
}

/** A calendar covering today and every deadline shown. */
export async function calendarFor(db: Db, dueDates: (string | null)[], now: Date): Promise<WorkCalendar> {
  return loadWorkCalendarCovering(
    db,
    dueDates.filter((d): d is string => !!d).map((d) => Number(d.slice(0, 4))),
    now,
  )
}

export function problemRowToProblem(row: repo.ProblemListRow, viewer: Viewer, calendar: WorkCalendar, now: Date): Problem {
  const today = chinaDate(now)
  const running = row.due_on && (row.state === 'accepted' || row.state === 'in_progress' || row.state === 'reopened')
  let workdaysLeft: number | null = null
  if (running && row.due_on) {
    workdaysLeft = today <= row.due_on ? calendar.workdaysBetween(today, row.due_on) : -calendar.workdaysBetween(row.due_on, today)
  }
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    areaId: row.area_id,
    areaName: row.area_name,
    category: row.category,
    title: row.title,
    description: row.description,
    state: row.state,
    expertField: row.expert_field,
    expertTeamName: row.team_name,
    ownerAccountId: row.owner_account_id,
    ownerName: row.owner_name,
    reportedAt: row.reported_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    slaWorkingDays: row.sla_working_days,
    dueOn: row.due_on,
    workdaysLeft,
    overdue: Boolean(running && row.due_on && today > row.due_on),
    escalatedTo: (row.escalated_to as Problem['escalatedTo']) ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolution: row.resolution,
    closedAt: row.closed_at?.toISOString() ?? null,
    satisfaction: row.satisfaction,
    round: row.round,
    allowedActions: allowedActions(viewer, row),
  }
}

/** The expert team of a field nearest to the enterprise (its street's before its district's). */
async function expertTeamFor(db: DbOrTrx, areaPath: string, field: NonNullable<ProblemInput['expertField']>) {
  const teams = await listTeams(db, { areaPath }, { kind: 'expert', field })
  const serving = teams.filter((t) => t.members.length)
  if (!serving.length) throw new NoExpertTeamError()
  const depth = async (id: string) =>
    (await db.selectFrom('area').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path.length
  const depths = await Promise.all(serving.map((t) => depth(t.areaId)))
  return serving[depths.indexOf(Math.max(...depths))]!
}

/**
 * Reports a problem (发现): by the enterprise for itself, or by staff for an enterprise in scope.
 * It goes straight to the enterprise's responsible liaison officer, who accepts it; with an
 * expert field it is also routed to the expert team of that field (daily intake 平时接诊).
 * @throws NotFoundError, NoExpertTeamError, ForbiddenError for other roles
 */
export async function reportProblem(deps: Deps, actor: Actor, input: ProblemInput, now = new Date()): Promise<Problem> {
  const viewer = await viewerOf(deps.db, actor)
  if (!viewer.enterpriseId && !isStaff(viewer)) throw new ForbiddenError()
  const enterpriseId = targetEnterpriseId(viewer, input.enterpriseId)
  const id = await deps.db.transaction().execute(async (trx) => {
    const enterprise = await requireEnterprise(trx, viewer, enterpriseId)
    const team = input.expertField ? await expertTeamFor(trx, enterprise.area_path, input.expertField) : null
    const owner = await findCurrentOwner(trx, actor, enterpriseId)
    const { id } = await repo.insertProblem(trx, {
      enterprise_id: enterpriseId,
      area_id: enterprise.area_id,
      category: input.category,
      title: input.title,
      description: input.description,
      state: 'reported',
      expert_field: input.expertField ?? null,
      expert_team_id: team?.id ?? null,
      owner_account_id: owner?.owner_account_id ?? null,
      reported_by: actor.account.id,
      reported_at: now,
      sla_working_days: SLA_WORKING_DAYS[input.category],
      accepted_at: null,
      due_on: null,
      resolved_at: null,
      resolution: null,
      closed_at: null,
      satisfaction: null,
      updated_at: now,
    })
    await repo.insertEvent(trx, {
      problem_id: id,
      area_id: enterprise.area_id,
      action: 'report',
      from_state: null,
      to_state: 'reported',
      actor_account_id: actor.account.id,
      at: now,
      note: null,
    })
    if (owner) {
      await notify(trx, {
        areaId: enterprise.area_id,
        kind: 'enterprise_problem_reported',
        recipientAccountId: owner.owner_account_id,
        body: `${enterprise.name}：${input.title}`,
        now,
      })
    }
    return id
  })
  return getProblemSummary(deps, viewer, id, now)
}

async function getProblemSummary(deps: Deps, viewer: Viewer, id: string, now: Date): Promise<Problem> {
  const row = await repo.findProblem(deps.db, viewer, id)
  if (!row) throw new NotFoundError(ENTITY)
  return problemRowToProblem(row, viewer, await calendarFor(deps.db, [row.due_on], now), now)
}

/**
 * Moves a problem through 发现→办理→解决→反馈. Checks, in order: the problem is visible (404),
 * the role may take this action (403: staff handle, only the owner or an admin after acceptance,
 * only the reporting enterprise confirms or reopens), the state allows it (409). The write
 * happens only from the state read, so a concurrent action makes this one a 409, never a lost
 * update. Every change is recorded with who, when and the note.
 */
export async function transitionProblem(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ProblemTransitionInput,
  now = new Date(),
): Promise<Problem> {
  const viewer = await viewerOf(deps.db, actor)
  const transition = PROBLEM_TRANSITIONS[input.action]
  // Loaded before the transaction: the embedded database has one connection, held by the transaction.
  const calendar = await loadWorkCalendar(deps.db, now.getUTCFullYear(), now.getUTCFullYear() + 1, now)
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findProblem(trx, viewer, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (transition.by === 'enterprise') {
      if (viewer.enterpriseId !== row.enterprise_id) throw new EnterpriseOnlyError()
    } else {
      if (!isStaff(viewer)) throw new StaffOnlyError()
      if (input.action !== 'accept' && viewer.role !== 'admin' && row.owner_account_id !== viewer.accountId)
        throw new NotProblemOwnerError()
    }
    if (!transition.from.includes(row.state)) throw new IllegalTransitionError(row.state, input.action)

    const changes: Updateable<ProblemTable> = { state: transition.to, updated_at: now }
    const today = chinaDate(now)
    switch (input.action) {
      case 'accept': {
        const ownerId = input.ownerAccountId ?? (viewer.role === 'liaison' ? viewer.accountId : row.owner_account_id)
        if (!ownerId) throw new NotProblemOwnerError()
        await requireServingLiaison(trx, row.area_path, ownerId)
        Object.assign(changes, {
          owner_account_id: ownerId,
          accepted_at: now,
          round: row.round + 1,
          due_on: calendar.addWorkdays(today, row.sla_working_days),
        })
        break
      }
      case 'start':
        break
      case 'resolve':
        Object.assign(changes, { resolved_at: now, resolution: input.note ?? null })
        break
      case 'confirm':
        Object.assign(changes, { closed_at: now, satisfaction: input.satisfaction ?? null })
        break
      case 'reopen': {
        // A new round: a fresh deadline from today, and warnings and escalations start over.
        Object.assign(changes, { round: row.round + 1, due_on: calendar.addWorkdays(today, row.sla_working_days), resolved_at: null })
        break
      }
    }
    const changed = await repo.updateProblemFromState(trx, actor, id, row.state, changes)
    if (!changed) throw new ProblemChangedError()
    await repo.insertEvent(trx, {
      problem_id: id,
      area_id: row.area_id,
      action: input.action,
      from_state: row.state,
      to_state: transition.to,
      actor_account_id: actor.account.id,
      at: now,
      note: input.action === 'confirm' ? `${input.satisfaction}/5${input.note ? ` ${input.note}` : ''}` : (input.note ?? null),
    })
    const recipient = transition.by === 'enterprise' ? row.owner_account_id : null
    if (recipient) {
      await notify(trx, {
        areaId: row.area_id,
        kind: `enterprise_problem_${input.action}`,
        recipientAccountId: recipient,
        body: `${row.enterprise_name}：${row.title}`,
        now,
      })
    }
  })
  return getProblemSummary(deps, viewer, id, now)
}

/** One problem with its history and attachments. @throws NotFoundError */
export async function getProblem(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<ProblemDetail> {
  const viewer = await viewerOf(deps.db, actor)
  const row = await repo.findProblem(deps.db, viewer, id)
  if (!row) throw new NotFoundError(ENTITY)
  const [events, attachments, calendar] = await Promise.all([
    repo.listEvents(deps.db, actor, id),
    repo.listAttachments(deps.db, actor, id),
    calendarFor(deps.db, [row.due_on], now),
  ])
  return {
    ...problemRowToProblem(row, viewer, calendar, now),
    history: events.map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      actorName: e.actor_name,
      at: e.at.toISOString(),
      note: e.note,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: a.size,
      uploadedAt: a.uploaded_at.toISOString(),
    })),
  }
}

/** Problems in scope; `mine` is the caller's work list (what they own and is not closed). */
export async function listProblems(deps: Deps, actor: Actor, query: ProblemListQuery, now = new Date()) {
  const viewer = await viewerOf(deps.db, actor)
  const filter: repo.ProblemFilter = { state: query.state, category: query.category, enterpriseId: query.enterpriseId }
  if (query.view === 'mine') Object.assign(filter, { ownerAccountId: viewer.accountId, openOnly: true })
  if (query.view === 'open') filter.openOnly = true
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  const [rows, total] = await Promise.all([
    repo.listProblems(deps.db, viewer, filter, query.sort, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countProblems(deps.db, viewer, filter),
  ])
  const calendar = await calendarFor(
    deps.db,
    rows.map((r) => r.due_on),
    now,
  )
  return { items: rows.map((r) => problemRowToProblem(r, viewer, calendar, now)), total, page: query.page, pageSize: query.pageSize }
}
