import { createHash } from 'node:crypto'
import type { Trx } from '../../db/database.ts'
import { shippedWorkCalendar } from '../enterprise/calendar.service.ts'
import { chinaDate, type WorkCalendar } from '../enterprise/work-calendar.ts'
import * as repo from './payouts.repository.ts'
import { writeResultFile } from './bank-file.ts'
import { buildBankFile } from './payouts.service.ts'

/**
 * Demo payouts: takes the seeded approved applications and pays most of them through batches, so
 * the demo shows every state (paid the same day, paid after 2–4 working days, failed, failed and
 * retried, a batch exported and waiting for the bank, a batch still open) and a realistic median.
 * The most recently approved quarter stays approved for the demo officer to batch. Deterministic:
 * the plan depends only on the applications' order.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** What happens to an application, by its position among the older approved ones. */
type Plan = { kind: 'paid'; workdays: number } | { kind: 'failed'; retry: boolean }
const PATTERN: Plan[] = [
  { kind: 'paid', workdays: 0 },
  { kind: 'paid', workdays: 0 },
  { kind: 'paid', workdays: 2 },
  { kind: 'failed', retry: false },
  { kind: 'paid', workdays: 0 },
  { kind: 'paid', workdays: 3 },
  { kind: 'failed', retry: true },
  { kind: 'paid', workdays: 0 },
  { kind: 'paid', workdays: 4 },
  { kind: 'paid', workdays: 1 },
]
const FAILURE_REASONS = ['户名与账号不符', '收款账户已销户']

interface Approved {
  id: string
  number: string
  area_id: string
  round: number
  amount_fen: string | number
  submitted_at: Date
  approved_at: Date | null
}

/** One payment in a day's batch: ready = when it could be batched (approval, or the failure it retries). */
interface Entry {
  app: Approved
  attempt: number
  ready: Date
  outcome: 'paid' | 'failed' | 'exported' | 'pending'
  reason?: string
}

function at(day: string, hour: number): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}
const later = (a: Date, b: Date) => (a > b ? a : b)
const earlier = (a: Date, b: Date) => (a < b ? a : b)

export interface SeedPayoutsOptions {
  now?: Date
  calendar?: WorkCalendar
  /** The paying officer (default: the demo account `policy`, else no one). */
  officerUsername?: string
  /** The second officer who approves each batch before its file goes out (default: `policy2`). */
  approverUsername?: string
}

/**
 * @returns how many batches were made, and how many payments were paid, failed or are still in flight
 */
export async function seedPayouts(trx: Trx, options: SeedPayoutsOptions = {}) {
  const now = options.now ?? new Date()
  const calendar = options.calendar ?? shippedWorkCalendar()
  const today = chinaDate(now)
  const officer = await trx
    .selectFrom('account')
    .select(['id', 'area_id'])
    .where('username', '=', options.officerUsername ?? 'policy')
    .executeTakeFirst()
  const approver = await trx
    .selectFrom('account')
    .select('id')
    .where('username', '=', options.approverUsername ?? 'policy2')
    .where('id', '!=', officer?.id ?? '00000000-0000-0000-0000-000000000000')
    .executeTakeFirst()
  const approved: Approved[] = await trx
    .selectFrom('subsidy_application')
    .select(['id', 'number', 'area_id', 'round', 'amount_fen', 'submitted_at', 'approved_at'])
    .where('state', '=', 'approved')
    .where('approved_at', '<', new Date(now.getTime() - 2 * HOUR))
    .orderBy('approved_at')
    .orderBy('number')
    .execute()
  const summary = { batches: 0, paid: 0, failed: 0, paying: 0 }
  if (approved.length < 4) return summary

  const keep = Math.max(2, Math.floor(approved.length / 4))
  const taken = approved.slice(0, approved.length - keep)
  // The two most recent of those wait for the bank (exported), the one before in an open batch
  // waiting for the second officer's approval.
  const inFlight = taken.splice(-Math.min(3, taken.length - 1))
  const byDay = new Map<string, Entry[]>()
  const add = (day: string, entry: Entry) => byDay.set(day, [...(byDay.get(day) ?? []), entry])

  taken.forEach((app, i) => {
    const plan = PATTERN[i % PATTERN.length]!
    const approvedDay = chinaDate(app.approved_at!)
    const target = plan.kind === 'paid' ? calendar.addWorkdays(chinaDate(app.submitted_at), plan.workdays) : approvedDay
    // Not before the approval, not after today.
    // biome-ignore lint/complexity/useMathMinMax: these are ISO day strings, which Math.max would turn into NaN
    const day = [target > approvedDay ? target : approvedDay, today].sort()[0]!
    if (plan.kind === 'paid') {
      add(day, { app, attempt: 1, ready: app.approved_at!, outcome: 'paid' })
      return
    }
    const reason = FAILURE_REASONS[Math.floor(i / PATTERN.length) % FAILURE_REASONS.length]!
    add(day, { app, attempt: 1, ready: app.approved_at!, outcome: 'failed', reason })
    const retryDay = calendar.addWorkdays(day, 1)
    // The retry goes out the next working day, once the enterprise has corrected its account.
    if (plan.retry && retryDay <= today) add(retryDay, { app, attempt: 2, ready: at(day, 17), outcome: 'paid' })
  })

  for (const day of [...byDay.keys()].sort()) await payDay(trx, day, byDay.get(day)!)
  const [open, ...exported] = inFlight
  if (exported.length)
    await payDay(
      trx,
      today,
      exported.map((app) => ({ app, attempt: 1, ready: app.approved_at!, outcome: 'exported' })),
    )
  if (open) await payDay(trx, today, [{ app: open, attempt: 1, ready: open.approved_at!, outcome: 'pending' }])
  return summary

  /**
   * One batch of a day: created after its last member was ready, approved by the second officer,
   * exported, then settled at the bank's afternoon run, whose result file is recorded as imported.
   */
  async function payDay(trx: Trx, day: string, entries: Entry[]) {
    const latestReady = entries.reduce((max, e) => later(max, e.ready), new Date(0))
    const createdAt = later(new Date(latestReady.getTime() + 10 * MINUTE), earlier(at(day, 9), new Date(now.getTime() - HOUR)))
    const exportedAt = new Date(createdAt.getTime() + 10 * MINUTE)
    const settledAt = later(earlier(at(day, 16), new Date(now.getTime() - 5 * MINUTE)), new Date(exportedAt.getTime() + 30 * MINUTE))
    const serial = await repo.nextBatchSerial(trx)
    const number = `PB${chinaDate(createdAt).replace(/-/g, '')}-${String(serial).padStart(2, '0')}`
    const batch = await repo.insertBatch(trx, {
      number,
      area_id: officer?.area_id ?? entries[0]!.app.area_id,
      note: null,
      idempotency_key: null,
      created_by: officer?.id ?? null,
      created_at: createdAt,
    })
    summary.batches++
    await repo.insertPayments(
      trx,
      entries.map((e) => ({
        application_id: e.app.id,
        batch_id: batch.id,
        area_id: e.app.area_id,
        attempt: e.attempt,
        amount_fen: Number(e.app.amount_fen),
        created_at: createdAt,
      })),
    )
    const ids = entries.map((e) => e.app.id)
    await repo.moveApplications(trx, ids, ['approved', 'payment_failed'], 'paying', createdAt)
    await repo.insertEvents(
      trx,
      entries.map((e) => ({
        application_id: e.app.id,
        area_id: e.app.area_id,
        action: e.attempt > 1 ? 'retry' : 'batch',
        round: e.app.round,
        level: null,
        actor_account_id: officer?.id ?? null,
        at: createdAt,
        note: null,
      })),
    )
    if (entries.every((e) => e.outcome === 'pending')) {
      summary.paying += entries.length
      return
    }
    // Without a second officer (a deployment's own seed) the batch stays open, as the rule says.
    if (!approver) {
      summary.paying += entries.length
      return
    }
    await repo.approveBatch(trx, batch.id, approver.id, new Date(createdAt.getTime() + 5 * MINUTE))
    const rows = await repo.batchPayments(trx, batch.id)
    await repo.markBatchExported(trx, batch.id, buildBankFile(rows).sha256, exportedAt)
    const results: { instructionId: string; status: 'SUCCESS' | 'FAILED'; bankReference: string | null; failureReason: string | null }[] =
      []
    for (const [i, e] of entries.entries()) {
      if (e.outcome === 'exported' || e.outcome === 'pending') {
        summary.paying++
        continue
      }
      const payment = rows.find((r) => r.application_id === e.app.id)!
      const reference =
        e.outcome === 'paid' ? `ICBC${day.replace(/-/g, '')}${String(serial).padStart(2, '0')}${String(i + 1).padStart(4, '0')}` : null
      await repo.settlePayment(trx, payment.id, {
        state: e.outcome,
        bank_reference: reference,
        failure_reason: e.reason ?? null,
        settled_at: settledAt,
      })
      results.push({
        instructionId: payment.id,
        status: e.outcome === 'paid' ? 'SUCCESS' : 'FAILED',
        bankReference: reference,
        failureReason: e.reason ?? null,
      })
      if (e.outcome === 'paid') {
        await repo.markApplicationPaid(trx, e.app.id, settledAt, settledAt)
        await repo.addPolicyPaid(trx, e.app.id, Number(e.app.amount_fen), settledAt)
        summary.paid++
      } else {
        await repo.moveApplications(trx, [e.app.id], ['paying'], 'payment_failed', settledAt)
        summary.failed++
      }
      await repo.insertEvents(trx, [
        {
          application_id: e.app.id,
          area_id: e.app.area_id,
          action: e.outcome === 'paid' ? 'paid' : 'payment_failed',
          round: e.app.round,
          level: null,
          actor_account_id: officer?.id ?? null,
          at: settledAt,
          note: e.reason ?? null,
        },
      ])
    }
    if (results.length) {
      const file = writeResultFile(results)
      const sha256 = createHash('sha256').update(file, 'utf8').digest('hex')
      const counts = {
        paid: results.filter((r) => r.status === 'SUCCESS').length,
        failed: results.filter((r) => r.status === 'FAILED').length,
      }
      await repo.insertResultImport(trx, {
        batch_id: batch.id,
        imported_by: officer?.id ?? null,
        imported_at: settledAt,
        file_sha256: sha256,
        rows: results.length,
        ...counts,
        unchanged: 0,
        errors: 0,
      })
    }
    await repo.reconcileIfSettled(trx, batch.id)
  }
}
