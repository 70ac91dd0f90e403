import { sql } from 'kysely'
import type { Application, RuleResult } from '../../../shared/schemas/subsidies.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import { loadWorkCalendarCovering } from '../enterprise/calendar.service.ts'
import { chinaDate, type WorkCalendar } from '../enterprise/work-calendar.ts'

/**
 * One place that turns subsidy_application rows (+ policy, version, enterprise, area) into the
 * API's `applicationSchema` shape: the core lists and details, /payable and the batch detail
 * (payouts) all read applications through here.
 */

/** Who reads: the area scope, plus the one enterprise of an enterprise account (enterprise/viewer.ts Viewer fits). */
export interface ApplicationReader extends Scope {
  readonly enterpriseId?: string | null
}

/**
 * Applications in the reader's scope with everything `toApplication` needs; add where/orderBy/limit.
 * @example await selectApplicationViews(db, viewer).where('subsidy_application.state', 'in', ['approved', 'payment_failed']).execute()
 */
export function selectApplicationViews(db: DbOrTrx, reader: ApplicationReader) {
  let query = selectInScope(db, reader, 'subsidy_application')
    .innerJoin('subsidy_policy', 'subsidy_policy.id', 'subsidy_application.policy_id')
    .innerJoin('subsidy_policy_version', (join) =>
      join
        .onRef('subsidy_policy_version.policy_id', '=', 'subsidy_application.policy_id')
        .onRef('subsidy_policy_version.version', '=', 'subsidy_application.policy_version'),
    )
    .innerJoin('enterprise', 'enterprise.id', 'subsidy_application.enterprise_id')
    .innerJoin('area', 'area.id', 'subsidy_application.area_id')
    .select([
      'subsidy_application.id',
      'subsidy_application.number',
      'subsidy_application.policy_id',
      'subsidy_application.policy_version',
      'subsidy_application.enterprise_id',
      'subsidy_application.area_id',
      'subsidy_application.period',
      'subsidy_application.state',
      'subsidy_application.pending_level',
      'subsidy_application.levels',
      'subsidy_application.round',
      'subsidy_application.inputs',
      'subsidy_application.amount_fen',
      'subsidy_application.payee_account_name',
      'subsidy_application.payee_bank_name',
      'subsidy_application.payee_account_no',
      'subsidy_application.precheck',
      'subsidy_application.submitted_at',
      'subsidy_application.approved_at',
      'subsidy_application.paid_at',
      'subsidy_policy.code as policy_code',
      'enterprise.name as enterprise_name',
      'area.name as area_name',
    ])
    .select(sql<string>`subsidy_policy_version.data->>'title'`.as('policy_title'))
    // The latest word on it: a return reason, a rejection, a resubmission note.
    .select(
      sql<
        string | null
      >`(SELECT e.note FROM subsidy_application_event e WHERE e.application_id = subsidy_application.id AND e.note IS NOT NULL ORDER BY e.id DESC LIMIT 1)`.as(
        'last_note',
      ),
    )
  if (reader.enterpriseId) query = query.where('subsidy_application.enterprise_id', '=', reader.enterpriseId)
  return query
}

export type ApplicationViewRow = Awaited<ReturnType<ReturnType<typeof selectApplicationViews>['executeTakeFirstOrThrow']>>

/** Only the last four digits of a bank account are shown. */
export function maskAccountNo(accountNo: string): string {
  return `****${accountNo.slice(-4)}`
}

/** pg returns jsonb parsed; tolerate a string for drivers that do not. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** Maps one row; `calendar` counts working days to payment (see loadCalendarFor). */
export function toApplication(row: ApplicationViewRow, calendar: WorkCalendar): Application {
  const submittedAt = new Date(row.submitted_at)
  const paidAt = row.paid_at ? new Date(row.paid_at) : null
  return {
    id: row.id,
    number: row.number,
    policyId: row.policy_id,
    policyCode: row.policy_code,
    policyTitle: row.policy_title,
    policyVersion: row.policy_version,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    areaId: row.area_id,
    areaName: row.area_name,
    period: row.period,
    state: row.state,
    pendingLevel: row.pending_level,
    levels: row.levels,
    inputs: json<Record<string, number>>(row.inputs),
    amountFen: Number(row.amount_fen),
    payee: { accountName: row.payee_account_name, bankName: row.payee_bank_name, accountNoMasked: maskAccountNo(row.payee_account_no) },
    submittedAt: submittedAt.toISOString(),
    approvedAt: row.approved_at ? new Date(row.approved_at).toISOString() : null,
    paidAt: paidAt ? paidAt.toISOString() : null,
    workdaysToPay: paidAt ? calendar.workdaysBetween(chinaDate(submittedAt), chinaDate(paidAt)) : null,
    lastNote: row.last_note,
  }
}

/** The rule results stored at submission. */
export function precheckOf(row: Pick<ApplicationViewRow, 'precheck'>): RuleResult[] {
  return json<RuleResult[]>(row.precheck)
}

/** The working-day calendar covering the rows' submission and payment years. */
export async function loadCalendarFor(
  db: Db,
  rows: readonly Pick<ApplicationViewRow, 'submitted_at' | 'paid_at'>[],
): Promise<WorkCalendar> {
  const years = rows.flatMap((r) =>
    [new Date(r.submitted_at), ...(r.paid_at ? [new Date(r.paid_at)] : [])].map((d) => Number(chinaDate(d).slice(0, 4))),
  )
  return loadWorkCalendarCovering(db, years)
}

/** Maps rows with one calendar load. */
export async function toApplications(db: Db, rows: readonly ApplicationViewRow[]): Promise<Application[]> {
  const calendar = await loadCalendarFor(db, rows)
  return rows.map((row) => toApplication(row, calendar))
}
