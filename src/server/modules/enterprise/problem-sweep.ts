import {
  ESCALATION_AFTER_WORKDAYS,
  ESCALATION_LEVELS,
  WARN_WORKDAYS_LEFT,
  type EscalationLevel,
} from '../../../shared/schemas/enterprise-problem.ts'
import type { Db } from '../../db/database.ts'
import { ancestorPaths } from '../../db/scope.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import { notify } from '../notify/notify.service.ts'
import { loadWorkCalendarCovering } from './calendar.service.ts'
import * as repo from './problems.repository.ts'
import { SYSTEM_SCOPE } from './viewer.ts'
import { chinaDate } from './work-calendar.ts'
import { anyOf } from '../../db/any.ts'

export interface SweepResult {
  warned: number
  escalated: number
}

/** The street, district and city nodes above (or at) each area path, by level. */
async function nodesAbove(db: Db, paths: string[]) {
  const all = [...new Set(paths.flatMap((p) => [...ancestorPaths(p), p]))]
  const rows = all.length
    ? await db.selectFrom('area').select(['id', 'path', 'level', 'name']).where('path', '=', anyOf(all, 'text')).execute()
    : []
  const byPath = new Map(rows.map((r) => [r.path, r]))
  return (path: string, level: EscalationLevel) =>
    [...ancestorPaths(path), path].map((p) => byPath.get(p)).find((node) => node?.level === level)
}

/**
 * The SLA sweep: warns the owner when a deadline is near (WARN_WORKDAYS_LEFT working days or
 * fewer), and escalates an overdue problem up the area tree, street → district → city, a level
 * at a time as the working days past the deadline add up (ESCALATION_AFTER_WORKDAYS). Each
 * warning and each level is recorded once per round by the database's primary key, so running
 * the sweep again, or on several servers at once, never repeats one. An escalation raises an
 * alert at that node, queues a notice and writes the problem's history.
 * @param now the clock: a timer in the server passes the time, tests pass any instant
 */
export async function sweepProblemDeadlines(db: Db, now = new Date()): Promise<SweepResult> {
  const rows = await repo.findSlaRunning(db, SYSTEM_SCOPE)
  const result: SweepResult = { warned: 0, escalated: 0 }
  if (!rows.length) return result
  const today = chinaDate(now)
  const years = rows.map((r) => Number(r.due_on!.slice(0, 4)))
  const calendar = await loadWorkCalendarCovering(db, years, now)
  const nodeAt = await nodesAbove(
    db,
    rows.map((r) => r.area_path),
  )

  for (const row of rows) {
    const due = row.due_on!
    if (today <= due) {
      if (calendar.workdaysBetween(today, due) > WARN_WORKDAYS_LEFT || !row.owner_account_id) continue
      const warned = await db.transaction().execute(async (trx) => {
        const inserted = await repo.insertEscalation(trx, {
          problem_id: row.id,
          round: row.round,
          level: 'warning',
          area_id: row.area_id,
          at: now,
        })
        if (!inserted) return false
        await repo.insertEvent(trx, {
          problem_id: row.id,
          area_id: row.area_id,
          action: 'warn',
          from_state: null,
          to_state: null,
          actor_account_id: null,
          at: now,
          note: due,
        })
        await notify(trx, {
          areaId: row.area_id,
          kind: 'enterprise_problem_due',
          recipientAccountId: row.owner_account_id,
          body: `【即将到期】${row.enterprise_name}：${row.title}，办结期限 ${due}`,
          now,
        })
        return true
      })
      if (warned) result.warned++
      continue
    }
    const lateWorkdays = calendar.workdaysBetween(due, today)
    for (const level of ESCALATION_LEVELS) {
      if (lateWorkdays < ESCALATION_AFTER_WORKDAYS[level]) break
      const target = nodeAt(row.area_path, level)
      if (!target) continue
      const escalated = await db.transaction().execute(async (trx) => {
        const inserted = await repo.insertEscalation(trx, { problem_id: row.id, round: row.round, level, area_id: target.id, at: now })
        if (!inserted) return false
        await repo.insertEvent(trx, {
          problem_id: row.id,
          area_id: row.area_id,
          action: 'escalate',
          from_state: null,
          to_state: null,
          actor_account_id: null,
          at: now,
          note: `${level}:${target.name}`,
        })
        await raiseAlert(trx, {
          areaId: target.id,
          kind: 'enterprise_problem_overdue',
          severity: level === 'city' ? 'critical' : 'warning',
          subjectRef: `problem:${row.id}:${row.round}:${level}`,
          now,
        })
        await notify(trx, {
          areaId: target.id,
          kind: 'enterprise_problem_escalated',
          body: `【逾期升级】${row.enterprise_name}：${row.title}，办结期限 ${due}`,
          now,
        })
        return true
      })
      if (escalated) result.escalated++
    }
  }
  return result
}
