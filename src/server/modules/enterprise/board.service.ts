import { OPEN_PROBLEM_STATES, PROBLEM_CATEGORIES, type Board, type ProblemCategory } from '../../../shared/schemas/enterprise-problem.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import type { Actor } from '../auth/actor.ts'
import { loadWorkCalendarCovering } from './calendar.service.ts'
import * as problems from './problems.repository.ts'
import { selectForViewer, viewerOf } from './viewer.ts'
import { chinaDate, type WorkCalendar } from './work-calendar.ts'

type BoardRow = Awaited<ReturnType<typeof problems.findBoardRows>>[number]

/** Adds up a group of problems: open, overdue, resolved, mean working days to resolve, mean rating. */
function tally(rows: BoardRow[], calendar: WorkCalendar, today: string) {
  let open = 0
  let overdue = 0
  let resolved = 0
  let resolveDays = 0
  let resolveCount = 0
  let ratingSum = 0
  let rated = 0
  for (const r of rows) {
    if (OPEN_PROBLEM_STATES.includes(r.state)) {
      open++
      if (r.state !== 'reported' && r.due_on && today > r.due_on) overdue++
    }
    if (r.state === 'resolved' || r.state === 'closed') {
      resolved++
      if (r.accepted_at && r.resolved_at) {
        resolveDays += calendar.workdaysBetween(chinaDate(r.accepted_at), chinaDate(r.resolved_at))
        resolveCount++
      }
    }
    if (r.satisfaction !== null) {
      ratingSum += r.satisfaction
      rated++
    }
  }
  const round1 = (n: number) => Math.round(n * 10) / 10
  return {
    open,
    overdue,
    resolved,
    avgResolveWorkdays: resolveCount ? round1(resolveDays / resolveCount) : null,
    avgSatisfaction: rated ? round1(ratingSum / rated) : null,
    rated,
  }
}

/**
 * The area office board for a node (the caller's own by default): problems open, overdue and
 * resolved per category and per child area, the mean time to resolve in working days, the mean
 * satisfaction, and enterprises resumed (all and above-scale, 规上) per child area.
 */
export async function problemBoard(deps: Deps, actor: Actor, areaId: string | undefined, now = new Date()): Promise<Board> {
  const viewer = await viewerOf(deps.db, actor)
  const area = await requireAreaInScope(deps.db, actor, areaId ?? actor.account.areaId)
  const [rows, children, enterprises] = await Promise.all([
    problems.findBoardRows(deps.db, viewer, area.path),
    deps.db.selectFrom('area').select(['id', 'name', 'level', 'path']).where('parent_id', '=', area.id).orderBy('code').execute(),
    selectForViewer(deps.db, viewer, 'enterprise')
      .innerJoin('area', 'area.id', 'enterprise.area_id')
      .select(['enterprise.above_scale', 'enterprise.resumed_at', 'area.path'])
      .where('area.path', 'like', `${area.path}%`)
      .execute(),
  ])
  const today = chinaDate(now)
  const years = rows.flatMap((r) => [r.accepted_at, r.resolved_at].filter((d): d is Date => !!d).map((d) => d.getUTCFullYear()))
  const calendar = await loadWorkCalendarCovering(deps.db, years, now)
  const resumption = (list: typeof enterprises) => ({
    enterprises: list.length,
    resumed: list.filter((e) => e.resumed_at).length,
    aboveScale: list.filter((e) => e.above_scale).length,
    aboveScaleResumed: list.filter((e) => e.above_scale && e.resumed_at).length,
  })
  return {
    area: { id: area.id, name: area.name, level: area.level },
    today,
    totals: tally(rows, calendar, today),
    resumption: resumption(enterprises),
    byCategory: PROBLEM_CATEGORIES.map((category: ProblemCategory) => ({
      category,
      ...tally(
        rows.filter((r) => r.category === category),
        calendar,
        today,
      ),
    })),
    byArea: children.map((child) => ({
      id: child.id,
      name: child.name,
      level: child.level,
      ...tally(
        rows.filter((r) => r.area_path.startsWith(child.path)),
        calendar,
        today,
      ),
      ...resumption(enterprises.filter((e) => e.path.startsWith(child.path))),
    })),
  }
}
