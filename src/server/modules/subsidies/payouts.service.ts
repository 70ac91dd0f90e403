import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { message, type Locale } from '../../../shared/messages.ts'
import type { BatchDetail, BatchPayment, ResultImport } from '../../../shared/schemas/subsidy-payouts.ts'
import {
  MAX_BATCH_PAYMENTS,
  type bankResultReportSchema,
  type batchCreateSchema,
  type batchSchema,
} from '../../../shared/schemas/subsidies.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { DomainError, NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { isUniqueViolation } from '../enterprise/enterprise.errors.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'
import { maskAccountNo, selectApplicationViews, toApplications } from './application-view.ts'
import { parseResultFile, writePaymentFile, type BankFileError, type BankResultLine } from './bank-file.ts'
import {
  BankFileChangedError,
  BatchKeyMismatchError,
  BatchKeyTakenError,
  BatchNotApprovedError,
  BatchNotAwaitingApprovalError,
  BatchNotExportedError,
  BatchSelfApprovalError,
  BatchSettledError,
  NotPayableError,
} from './payouts.errors.ts'
import * as repo from './payouts.repository.ts'

type Batch = z.infer<typeof batchSchema>
type BatchCreate = z.output<typeof batchCreateSchema>
type BankResultReport = z.infer<typeof bankResultReportSchema>

const ENTITY = 'subsidy_payout_batch'
/** Application states a batch may take: approved, or a failed payment to retry. */
const PAYABLE_STATES = ['approved', 'payment_failed'] as const
/** A bank clock a little ahead of ours is fine; a settlement days ahead is a wrong file. */
const FUTURE_TOLERANCE_MS = 10 * 60_000

export function batchRowToBatch(row: repo.BatchRow): Batch {
  return {
    id: row.id,
    number: row.number,
    areaId: row.area_id,
    state: row.state,
    payments: Number(row.payments),
    totalFen: Number(row.total_fen),
    paid: Number(row.paid),
    failed: Number(row.failed),
    createdAt: row.created_at.toISOString(),
    exportedAt: row.exported_at?.toISOString() ?? null,
    fileSha256: row.file_sha256,
    approvedAt: row.approved_at?.toISOString() ?? null,
  }
}

function resultImportRowToImport(row: repo.ResultImportRow): ResultImport {
  return {
    id: row.id,
    importedAt: row.imported_at.toISOString(),
    importedByName: row.imported_by_name,
    fileSha256: row.file_sha256,
    rows: row.rows,
    paid: row.paid,
    failed: row.failed,
    unchanged: row.unchanged,
    errors: row.errors,
  }
}

function paymentRowToPayment(row: repo.BatchPaymentRow): BatchPayment {
  return {
    id: row.id,
    applicationId: row.application_id,
    applicationNumber: row.application_number,
    enterpriseName: row.enterprise_name,
    policyCode: row.policy_code,
    policyTitle: row.policy_title,
    attempt: row.attempt,
    state: row.state,
    amountFen: Number(row.amount_fen),
    payeeAccountName: row.payee_account_name,
    payeeBankName: row.payee_bank_name,
    payeeAccountNoMasked: maskAccountNo(row.payee_account_no),
    bankReference: row.bank_reference,
    failureReason: row.failure_reason,
    settledAt: row.settled_at?.toISOString() ?? null,
  }
}

async function readBatch(db: DbOrTrx, actor: Actor, id: string): Promise<Batch> {
  const row = await repo.findBatch(db, actor, id)
  if (!row) throw new NotFoundError(ENTITY)
  return batchRowToBatch(row)
}

/** Approved applications and failed ones waiting for a retry, oldest approval first: what a new batch may take. */
export async function listPayable(deps: Deps, actor: Actor, query: { page: number; pageSize: number; policyId?: string }) {
  let base = selectApplicationViews(deps.db, actor).where('subsidy_application.state', 'in', PAYABLE_STATES)
  if (query.policyId) base = base.where('subsidy_application.policy_id', '=', query.policyId)
  const [rows, count] = await Promise.all([
    base
      .orderBy('subsidy_application.approved_at')
      .orderBy('subsidy_application.number')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: await toApplications(deps.db, rows), total: Number(count.n), page: query.page, pageSize: query.pageSize }
}

export async function listBatches(deps: Deps, actor: Actor, query: { page: number; pageSize: number }) {
  const [rows, total] = await Promise.all([
    repo.listBatches(deps.db, actor, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countBatches(deps.db, actor),
  ])
  return { items: rows.map(batchRowToBatch), total, page: query.page, pageSize: query.pageSize }
}

/** A batch with each payment (payee account numbers masked). */
export async function getBatch(deps: Deps, actor: Actor, id: string): Promise<BatchDetail> {
  const row = await repo.findBatch(deps.db, actor, id)
  if (!row) throw new NotFoundError(ENTITY)
  const [payments, imports] = await Promise.all([repo.batchPayments(deps.db, id), repo.resultImports(deps.db, id)])
  return {
    ...batchRowToBatch(row),
    note: row.note,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    approvedByName: row.approved_by_name,
    paymentList: payments.map(paymentRowToPayment),
    resultImports: imports.map(resultImportRowToImport),
  }
}

/**
 * The batch the caller's key already made (keys are per account), when it was made for the same
 * applications. @throws BatchKeyMismatchError for other applications, BatchKeyTakenError when the
 * batch is no longer in the caller's area (the account moved)
 */
async function replayedBatch(db: DbOrTrx, actor: Actor, key: string | undefined, applicationIds: readonly string[]): Promise<Batch | null> {
  if (!key) return null
  const existing = await repo.findBatchIdByKey(db, actor.account.id, key)
  if (!existing) return null
  const row = await repo.findBatch(db, actor, existing.id)
  if (!row) throw new BatchKeyTakenError()
  const made = new Set(await repo.batchApplicationIds(db, existing.id))
  const asked = new Set(applicationIds)
  if (made.size !== asked.size || [...asked].some((id) => !made.has(id))) throw new BatchKeyMismatchError()
  return batchRowToBatch(row)
}

/**
 * Puts approved (or failed, to retry) applications into a new batch: one payment each, attempt
 * one more than before, applications 'paying'. The applications are locked first, so of two
 * batches racing for one application exactly one gets it. The same idempotency key of the same
 * account, for the same applications, returns the first batch (`created: false`).
 * @throws NotPayableError naming each application that is not payable or not in scope, BatchKeyMismatchError
 */
export async function createBatch(
  deps: Deps,
  actor: Actor,
  input: BatchCreate,
  now = new Date(),
): Promise<{ batch: Batch; created: boolean }> {
  const ids = [...new Set(input.applicationIds)]
  const replay = await replayedBatch(deps.db, actor, input.idempotencyKey, ids)
  if (replay) return { batch: replay, created: false }
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const rows = await repo.lockApplications(trx, actor, ids)
      const byId = new Map(rows.map((r) => [r.id, r]))
      const problems = ids
        .map((appId) => ({ appId, row: byId.get(appId) }))
        .filter(({ row }) => !row || !(PAYABLE_STATES as readonly string[]).includes(row.state))
        .map(({ appId, row }) => ({ index: input.applicationIds.indexOf(appId), number: row?.number ?? null, state: row?.state ?? null }))
      if (problems.length) throw new NotPayableError(problems)
      const attempts = await repo.lastAttempts(trx, ids)
      const serial = await repo.nextBatchSerial(trx)
      const number = `PB${chinaDate(now).replace(/-/g, '')}-${String(serial).padStart(2, '0')}`
      const batch = await repo.insertBatch(trx, {
        number,
        area_id: actor.account.areaId,
        note: input.note ?? null,
        idempotency_key: input.idempotencyKey ?? null,
        created_by: actor.account.id,
        created_at: now,
      })
      await repo.insertPayments(
        trx,
        rows.map((r) => ({
          application_id: r.id,
          batch_id: batch.id,
          area_id: r.area_id,
          attempt: (attempts.get(r.id) ?? 0) + 1,
          amount_fen: Number(r.amount_fen),
          created_at: now,
        })),
      )
      const moved = await repo.moveApplications(trx, ids, PAYABLE_STATES, 'paying', now)
      if (moved !== ids.length) throw new DomainError('subsidy.notPayable', 409)
      await repo.insertEvents(
        trx,
        rows.map((r) => ({
          application_id: r.id,
          area_id: r.area_id,
          action: attempts.has(r.id) ? 'retry' : 'batch',
          round: r.round,
          level: null,
          actor_account_id: actor.account.id,
          at: now,
          // The batch and bank reference show in the application's payments; notes are for words.
          note: null,
        })),
      )
      await recordAudit(trx, actor, 'create', ENTITY, [{ id: batch.id, areaId: actor.account.areaId }])
      return batch.id
    })
    return { batch: await readBatch(deps.db, actor, id), created: true }
  } catch (error) {
    // A twin request with the same key won the race: answer with its batch.
    if (input.idempotencyKey && (error instanceof NotPayableError || isUniqueViolation(error, 'subsidy_payout_batch_idempotency_unique'))) {
      const twin = await replayedBatch(deps.db, actor, input.idempotencyKey, ids)
      if (twin) return { batch: twin, created: false }
    }
    // The partial unique indexes are the last guard when something bypassed the locks.
    if (isUniqueViolation(error, 'subsidy_payment_one_in_flight') || isUniqueViolation(error, 'subsidy_payment_paid_once')) {
      throw new DomainError('subsidy.notPayable', 409)
    }
    throw error
  }
}

export interface BankFile {
  fileName: string
  content: string
  sha256: string
}

/** The payment file of a batch's stored rows, and its SHA-256 (the seed uses it too). */
export function buildBankFile(rows: readonly repo.BatchPaymentRow[]): { content: string; sha256: string } {
  const content = writePaymentFile(
    rows.map((r) => ({
      instructionId: r.id,
      batchNumber: r.batch_number,
      applicationNumber: r.application_number,
      payeeAccountName: r.payee_account_name,
      payeeBankName: r.payee_bank_name,
      payeeAccountNo: r.payee_account_no,
      amountFen: Number(r.amount_fen),
      purpose: `${r.policy_code} ${r.policy_title}`,
    })),
  )
  return { content, sha256: createHash('sha256').update(content, 'utf8').digest('hex') }
}

/**
 * A second policy officer approves an open batch, releasing its bank file (four eyes: the one
 * who chose the payments does not also send them). Approving again by the same officer answers
 * the batch as it is, so a retried click is harmless.
 * @throws NotFoundError, BatchSelfApprovalError for the batch's creator,
 *   BatchNotAwaitingApprovalError when another officer approved it or it is no longer open
 */
export async function approveBatch(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<Batch> {
  await deps.db.transaction().execute(async (trx) => {
    const batch = await repo.lockBatch(trx, actor, id)
    if (!batch) throw new NotFoundError(ENTITY)
    if (batch.approved_by === actor.account.id) return
    if (batch.created_by === actor.account.id) throw new BatchSelfApprovalError()
    if (batch.approved_by || batch.state !== 'open' || !(await repo.approveBatch(trx, id, actor.account.id, now)))
      throw new BatchNotAwaitingApprovalError()
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: batch.area_id }])
  })
  return readBatch(deps.db, actor, id)
}

/**
 * The batch's payment file, once a second officer approved the batch. The first export moves the batch and its payments to 'exported'
 * and stores the file's SHA-256; later exports rebuild the file from the same stored rows and
 * must give the same bytes — but only while the bank has not settled any of its payments: a
 * failed instruction handed out again after its retry was paid could be paid twice.
 * @throws BatchNotApprovedError before the approval, BatchSettledError once a payment of the batch is paid or failed,
 *   BankFileChangedError if the rows behind an exported file no longer give its bytes
 */
export async function exportBankFile(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<BankFile> {
  return deps.db.transaction().execute(async (trx) => {
    const batch = await repo.lockBatch(trx, actor, id)
    if (!batch) throw new NotFoundError(ENTITY)
    const rows = await repo.batchPayments(trx, id)
    if (batch.state === 'open' && !batch.approved_by) throw new BatchNotApprovedError()
    if (batch.state !== 'open' && rows.some((r) => r.state !== 'exported')) throw new BatchSettledError()
    const { content, sha256 } = buildBankFile(rows)
    if (batch.state === 'open') await repo.markBatchExported(trx, id, sha256, now)
    else if (batch.file_sha256 !== sha256) throw new BankFileChangedError()
    await recordAudit(trx, actor, 'export', ENTITY, [{ id, areaId: batch.area_id }])
    return { fileName: `${batch.number}.csv`, content, sha256 }
  })
}

/**
 * Imports the bank's result file for a batch. Bad lines are reported and skipped; the good ones
 * are applied together in one transaction. A line that repeats the recorded outcome counts as
 * `unchanged`, so importing a file twice changes nothing; a line that contradicts a settled
 * payment is an error and is not applied. The batch is reconciled once every payment is settled.
 * A file with more records than a batch can hold (MAX_BATCH_PAYMENTS) is refused whole, with one
 * file-level error: it is no batch's file, and its ids would not fit one query's parameters.
 * A settlement dated before the China day of the export (the bank cannot pay a file it does not
 * have; the day, not the minute, tolerates date-only times and a bank clock in another zone) or
 * more than 10 minutes in the future is an error line. Every import of an exported batch is
 * recorded with who imported it and the SHA-256 of the file's text (the batch history), whether
 * or not it changed anything: the bank's file carries no signature, so the record says which
 * bytes moved money and who brought them.
 * @throws BatchNotExportedError before the payment file was exported
 */
export async function importBankResult(
  deps: Deps,
  actor: Actor,
  id: string,
  csv: string,
  locale: Locale,
  now = new Date(),
): Promise<BankResultReport> {
  const fileSha256 = createHash('sha256').update(csv, 'utf8').digest('hex')
  const parsed = parseResultFile(csv)
  const errors: BankFileError[] = [...parsed.errors]
  const lineError = (line: BankResultLine, field: string, code: string) => errors.push({ line: line.line, field, code })
  const counts = { paid: 0, failed: 0, unchanged: 0 }
  const tooLong = parsed.rows > MAX_BATCH_PAYMENTS
  await deps.db.transaction().execute(async (trx) => {
    const batch = await repo.lockBatch(trx, actor, id)
    if (!batch) throw new NotFoundError(ENTITY)
    if (batch.state === 'open') throw new BatchNotExportedError()
    if (tooLong) {
      await repo.insertResultImport(trx, {
        batch_id: id,
        imported_by: actor.account.id,
        imported_at: now,
        file_sha256: fileSha256,
        rows: parsed.rows,
        paid: 0,
        failed: 0,
        unchanged: 0,
        errors: 1,
      })
      return
    }
    const exportDay = chinaDate(batch.exported_at ?? now)
    const ids = parsed.lines.map((l) => l.instructionId)
    const payments = new Map((ids.length ? await repo.lockPayments(trx, actor, ids) : []).map((p) => [p.id, p]))
    for (const line of parsed.lines) {
      const payment = payments.get(line.instructionId)
      const outcome = line.status === 'SUCCESS' ? 'paid' : 'failed'
      if (!payment) lineError(line, 'instruction_id', 'subsidy.bank.unknownInstruction')
      else if (payment.batch_id !== id) lineError(line, 'instruction_id', 'subsidy.bank.otherBatch')
      else if (payment.state === outcome && (outcome === 'failed' || payment.bank_reference === line.bankReference)) counts.unchanged++
      else if (payment.state !== 'exported')
        lineError(line, outcome === 'paid' && payment.state === 'paid' ? 'bank_reference' : 'status', 'subsidy.bank.contradicts')
      else if (payment.application_state !== 'paying') lineError(line, 'instruction_id', 'subsidy.bank.contradicts')
      else if (line.settledAt && line.settledAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
        lineError(line, 'settled_at', 'subsidy.bank.settledFuture')
      else if (line.settledAt && chinaDate(line.settledAt) < exportDay) lineError(line, 'settled_at', 'subsidy.bank.settledBeforeExport')
      else {
        const settledAt = line.settledAt ?? now
        const amountFen = Number(payment.amount_fen)
        await repo.settlePayment(trx, payment.id, {
          state: outcome,
          bank_reference: line.bankReference,
          failure_reason: outcome === 'failed' ? line.failureReason : null,
          settled_at: settledAt,
        })
        if (outcome === 'paid') {
          await repo.markApplicationPaid(trx, payment.application_id, settledAt, now)
          await repo.addPolicyPaid(trx, payment.application_id, amountFen, now)
        } else {
          await repo.moveApplications(trx, [payment.application_id], ['paying'], 'payment_failed', now)
        }
        await repo.insertEvents(trx, [
          {
            application_id: payment.application_id,
            area_id: payment.area_id,
            action: outcome === 'paid' ? 'paid' : 'payment_failed',
            round: payment.round,
            level: null,
            actor_account_id: actor.account.id,
            at: outcome === 'paid' ? settledAt : now,
            note: outcome === 'paid' ? null : line.failureReason,
          },
        ])
        // Applied lines change these maps' truth for a (duplicate-free) file: keep them in step.
        payment.state = outcome
        payment.bank_reference = line.bankReference
        counts[outcome]++
      }
    }
    if (counts.paid + counts.failed) {
      await repo.reconcileIfSettled(trx, id)
      await recordAudit(trx, actor, 'import', ENTITY, [{ id, areaId: batch.area_id }])
    }
    await repo.insertResultImport(trx, {
      batch_id: id,
      imported_by: actor.account.id,
      imported_at: now,
      file_sha256: fileSha256,
      rows: parsed.rows,
      ...counts,
      errors: errors.length,
    })
  })
  if (tooLong) errors.splice(0, errors.length, { line: 1, field: 'file', code: 'subsidy.bank.tooManyLines' })
  return {
    rows: parsed.rows,
    ...counts,
    fileSha256,
    errors: errors.sort((a, b) => a.line - b.line).map((e) => ({ ...e, message: message(e.code, locale) ?? e.code })),
  }
}
