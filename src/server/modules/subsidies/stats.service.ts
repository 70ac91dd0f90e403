import { sql } from 'kysely'
import { APPLICATION_STATES, type ApplicationState, type SubsidyStats } from '../../../shared/schemas/subsidies.ts'
import type { Db } from '../../db/database.ts'
import { areaIdsWithin, requireAreaInScope, selectInScope, type Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import type { Actor } from '../auth/actor.ts'
import { loadWorkCalendarCovering } from '../enterprise/calendar.service.ts'
import { chinaDate, type WorkCalendar } from '../enterprise/work-calendar.ts'

/** States in which the budget is committed to the application: approved, paid or on the way. */
const APPROVED_STATES: ApplicationState[] = ['approved', 'paying', 'paid', 'payment_failed']

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Working days from submission to payment on China dates: paid the day it was filed is 0, the
 * next working day 1, a weekend or holiday in between does not count.
 */
export function workdaysToPay(calendar: WorkCalendar, submittedAt: Date, paidAt: Date): number {
  return calendar.workdaysBetween(chinaDate(submittedAt), chinaDate(paidAt))
}

/**
 * The subsidy figures of an area (its node and everything below): applications by state,
 * amounts approved and paid, the median working days to pay and the share paid within the
 * promise, and the same per policy. Per policy, budget/committed/paid are the policy's own
 * totals (a budget is not split by area); applications, paid and the median are the area's.
 * @param options.calendar a loaded working-day calendar (else the database's, for the years needed)
 */
export async function subsidyNumbers(db: Db, scope: Scope, options: { calendar?: WorkCalendar } = {}): Promise<SubsidyStats> {
  const [states, paidRows, policies] = await Promise.all([
    selectInScope(db, scope, 'subsidy_application')
      .select([
        'subsidy_application.state',
        (eb) => eb.fn.countAll<string>().as('n'),
        sql<string>`coalesce(sum(subsidy_application.amount_fen), 0)`.as('fen'),
      ])
      .groupBy('subsidy_application.state')
      .execute(),
    selectInScope(db, scope, 'subsidy_application')
      .innerJoin('subsidy_policy_version', (join) =>
        join
          .onRef('subsidy_policy_version.policy_id', '=', 'subsidy_application.policy_id')
          .onRef('subsidy_policy_version.version', '=', 'subsidy_application.policy_version'),
      )
      .select([
        'subsidy_application.policy_id',
        'subsidy_application.submitted_at',
        'subsidy_application.paid_at',
        // The promise the application was made under.
        sql<string | null>`subsidy_policy_version.data->>'promiseWorkdays'`.as('promise'),
      ])
      .where('subsidy_application.state', '=', 'paid')
      .where('subsidy_application.paid_at', 'is not', null)
      .execute(),
    db
      .selectFrom('subsidy_policy')
      .innerJoin('subsidy_policy_version', (join) =>
        join
          .onRef('subsidy_policy_version.policy_id', '=', 'subsidy_policy.id')
          .onRef('subsidy_policy_version.version', '=', 'subsidy_policy.current_version'),
      )
      .select((eb) => [
        'subsidy_policy.id',
        'subsidy_policy.code',
        'subsidy_policy.budget_fen',
        'subsidy_policy.committed_fen',
        'subsidy_policy.paid_fen',
        sql<string>`subsidy_policy_version.data->>'title'`.as('title'),
        sql<string | null>`subsidy_policy_version.data->>'promiseWorkdays'`.as('promise'),
        selectInScope(db, scope, 'subsidy_application')
          .where('subsidy_application.policy_id', '=', sql<string>`subsidy_policy.id`)
          .select(eb.fn.countAll<string>().as('n'))
          .as('applications'),
      ])
      // The area's own policies, and those above it its enterprises applied for.
      .where((eb) =>
        eb.or([
          eb('subsidy_policy.area_id', 'in', areaIdsWithin(db, scope)),
          eb.exists(
            selectInScope(db, scope, 'subsidy_application')
              .select('subsidy_application.id')
              .where('subsidy_application.policy_id', '=', sql<string>`subsidy_policy.id`),
          ),
        ]),
      )
      .orderBy('subsidy_policy.code')
      .execute(),
  ])

  const calendar = options.calendar ?? (await calendarFor(db, paidRows))
  const paid = paidRows.map((r) => ({
    policyId: r.policy_id,
    days: workdaysToPay(calendar, new Date(r.submitted_at), new Date(r.paid_at!)),
    promise: Number(r.promise ?? 1),
  }))

  const byState = Object.fromEntries(APPLICATION_STATES.map((s) => [s, 0])) as Record<ApplicationState, number>
  let approvedFen = 0
  let paidFen = 0
  for (const row of states) {
    byState[row.state] = Number(row.n)
    if (APPROVED_STATES.includes(row.state)) approvedFen += Number(row.fen)
    if (row.state === 'paid') paidFen += Number(row.fen)
  }

  return {
    byState,
    approvedFen,
    paidFen,
    medianWorkdaysToPay: median(paid.map((p) => p.days)),
    withinPromise: paid.length ? paid.filter((p) => p.days <= p.promise).length / paid.length : null,
    byPolicy: policies.map((p) => {
      const mine = paid.filter((x) => x.policyId === p.id)
      return {
        policyId: p.id,
        code: p.code,
        title: p.title,
        budgetFen: Number(p.budget_fen),
        committedFen: Number(p.committed_fen),
        paidFen: Number(p.paid_fen),
        applications: Number(p.applications),
        paid: mine.length,
        medianWorkdaysToPay: median(mine.map((x) => x.days)),
        promiseWorkdays: Number(p.promise ?? 1),
      }
    }),
  }
}

async function calendarFor(db: Db, rows: readonly { submitted_at: Date; paid_at: Date | null }[]): Promise<WorkCalendar> {
  const years = rows.flatMap((r) => [r.submitted_at, r.paid_at!].map((d) => Number(chinaDate(new Date(d)).slice(0, 4))))
  return loadWorkCalendarCovering(db, years)
}

/** GET /stats: the caller's area, or a node inside it. @throws AREA_OUTSIDE_SCOPE (422) for a node outside */
export async function subsidyStats(deps: Deps, actor: Actor, query: { areaId?: string }): Promise<SubsidyStats> {
  if (!query.areaId) return subsidyNumbers(deps.db, actor)
  const area = await requireAreaInScope(deps.db, actor, query.areaId)
  return subsidyNumbers(deps.db, { areaPath: area.path })
}
