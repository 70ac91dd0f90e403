import { sql, type Insertable } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { SubsidyApplicationEventTable, SubsidyBankResultImportTable, SubsidyPaymentTable } from './subsidies.table.ts'

/** SQL of payout batches and payments. Every read goes through the caller's area scope. */

/** A batch with its payment counts and total. */
function selectBatches(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'subsidy_payout_batch')
    .leftJoin('account as creator', 'creator.id', 'subsidy_payout_batch.created_by')
    .leftJoin('account as approver', 'approver.id', 'subsidy_payout_batch.approved_by')
    .selectAll('subsidy_payout_batch')
    .select((eb) => [
      'creator.display_name as created_by_name',
      'approver.display_name as approved_by_name',
      eb
        .selectFrom('subsidy_payment')
        .whereRef('subsidy_payment.batch_id', '=', 'subsidy_payout_batch.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('payments'),
      eb
        .selectFrom('subsidy_payment')
        .whereRef('subsidy_payment.batch_id', '=', 'subsidy_payout_batch.id')
        .select(sql<string>`coalesce(sum(amount_fen), 0)`.as('t'))
        .as('total_fen'),
      eb
        .selectFrom('subsidy_payment')
        .whereRef('subsidy_payment.batch_id', '=', 'subsidy_payout_batch.id')
        .where('subsidy_payment.state', '=', 'paid')
        .select(eb.fn.countAll<string>().as('n'))
        .as('paid'),
      eb
        .selectFrom('subsidy_payment')
        .whereRef('subsidy_payment.batch_id', '=', 'subsidy_payout_batch.id')
        .where('subsidy_payment.state', '=', 'failed')
        .select(eb.fn.countAll<string>().as('n'))
        .as('failed'),
    ])
}
export type BatchRow = NonNullable<Awaited<ReturnType<typeof findBatch>>>

export function findBatch(db: DbOrTrx, scope: Scope, id: string) {
  return selectBatches(db, scope).where('subsidy_payout_batch.id', '=', id).executeTakeFirst()
}

/** The batch an account made with an idempotency key (keys are per creating account). */
export function findBatchIdByKey(db: DbOrTrx, accountId: string, key: string) {
  return db
    .selectFrom('subsidy_payout_batch')
    .select(['id', 'area_id'])
    .where('created_by', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
}

/** The applications a batch pays, one payment each. */
export async function batchApplicationIds(db: DbOrTrx, batchId: string): Promise<string[]> {
  const rows = await db.selectFrom('subsidy_payment').select('application_id').where('batch_id', '=', batchId).execute()
  return rows.map((r) => r.application_id)
}

export function listBatches(db: DbOrTrx, scope: Scope, limit: number, offset: number) {
  return selectBatches(db, scope)
    .orderBy('subsidy_payout_batch.created_at', 'desc')
    .orderBy('subsidy_payout_batch.number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countBatches(db: DbOrTrx, scope: Scope): Promise<number> {
  const row = await selectInScope(db, scope, 'subsidy_payout_batch')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Locks the batch row: exports and imports of one batch run one after the other. */
export function lockBatch(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'subsidy_payout_batch')
    .selectAll('subsidy_payout_batch')
    .where('subsidy_payout_batch.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

/**
 * Locks the chosen applications in id order (two batches over overlapping sets never deadlock)
 * and reads their state after any competing transaction has committed.
 */
export function lockApplications(db: DbOrTrx, scope: Scope, ids: readonly string[]) {
  return selectInScope(db, scope, 'subsidy_application')
    .select([
      'subsidy_application.id',
      'subsidy_application.number',
      'subsidy_application.state',
      'subsidy_application.amount_fen',
      'subsidy_application.area_id',
      'subsidy_application.round',
    ])
    .where('subsidy_application.id', 'in', ids)
    .orderBy('subsidy_application.id')
    .forUpdate()
    .execute()
}

/** The highest attempt so far per application (none: not in the map). */
export async function lastAttempts(db: DbOrTrx, applicationIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('subsidy_payment')
    .select(['application_id', (eb) => eb.fn.max('attempt').as('attempt')])
    .where('application_id', 'in', applicationIds)
    .groupBy('application_id')
    .execute()
  return new Map(rows.map((r) => [r.application_id, Number(r.attempt)]))
}

export async function nextBatchSerial(db: DbOrTrx): Promise<number> {
  const result = await sql<{ n: string }>`SELECT nextval('subsidy_batch_number_seq') AS n`.execute(db)
  return Number(result.rows[0]!.n)
}

export function insertBatch(
  db: DbOrTrx,
  values: {
    number: string
    area_id: string
    note: string | null
    idempotency_key: string | null
    created_by: string | null
    created_at: Date
  },
) {
  return db.insertInto('subsidy_payout_batch').values(values).returning('id').executeTakeFirstOrThrow()
}

export async function insertPayments(db: DbOrTrx, rows: Insertable<SubsidyPaymentTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('subsidy_payment').values(rows).execute()
}

export async function insertEvents(db: DbOrTrx, rows: Insertable<SubsidyApplicationEventTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('subsidy_application_event').values(rows).execute()
}

/** Moves applications from one state to another; returns how many moved (fewer: someone else moved them). */
export async function moveApplications(
  db: DbOrTrx,
  ids: readonly string[],
  from: readonly string[],
  to: 'paying' | 'payment_failed',
  now: Date,
): Promise<number> {
  if (!ids.length) return 0
  const result = await db
    .updateTable('subsidy_application')
    .set({ state: to, updated_at: now })
    .where('id', 'in', ids)
    .where('state', 'in', from as ('approved' | 'payment_failed' | 'paying')[])
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function markApplicationPaid(db: DbOrTrx, id: string, paidAt: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_application')
    .set({ state: 'paid', paid_at: paidAt, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'paying')
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}

export async function addPolicyPaid(db: DbOrTrx, applicationId: string, amountFen: number, now: Date): Promise<void> {
  await db
    .updateTable('subsidy_policy')
    .set({ paid_fen: sql`paid_fen + ${amountFen}`, updated_at: now })
    .where('id', '=', db.selectFrom('subsidy_application').select('policy_id').where('id', '=', applicationId))
    .execute()
}

/** The payments of one batch with what the bank file and the detail screen show. */
export function batchPayments(db: DbOrTrx, batchId: string) {
  return (
    db
      .selectFrom('subsidy_payment')
      .innerJoin('subsidy_payout_batch', 'subsidy_payout_batch.id', 'subsidy_payment.batch_id')
      .innerJoin('subsidy_application', 'subsidy_application.id', 'subsidy_payment.application_id')
      .innerJoin('enterprise', 'enterprise.id', 'subsidy_application.enterprise_id')
      .innerJoin('subsidy_policy', 'subsidy_policy.id', 'subsidy_application.policy_id')
      // The version the application was made under: a later edit of the title does not change an exported file.
      .innerJoin('subsidy_policy_version', (join) =>
        join
          .onRef('subsidy_policy_version.policy_id', '=', 'subsidy_application.policy_id')
          .onRef('subsidy_policy_version.version', '=', 'subsidy_application.policy_version'),
      )
      .select([
        'subsidy_payment.id',
        'subsidy_payment.application_id',
        'subsidy_payment.attempt',
        'subsidy_payment.state',
        'subsidy_payment.amount_fen',
        'subsidy_payment.bank_reference',
        'subsidy_payment.failure_reason',
        'subsidy_payment.settled_at',
        'subsidy_payout_batch.number as batch_number',
        'subsidy_application.number as application_number',
        'subsidy_application.area_id',
        'subsidy_application.payee_account_name',
        'subsidy_application.payee_bank_name',
        'subsidy_application.payee_account_no',
        'enterprise.name as enterprise_name',
        'subsidy_policy.code as policy_code',
        sql<string>`subsidy_policy_version.data->>'title'`.as('policy_title'),
      ])
      .where('subsidy_payment.batch_id', '=', batchId)
      .orderBy('subsidy_application.number')
      .orderBy('subsidy_payment.id')
      .execute()
  )
}
export type BatchPaymentRow = Awaited<ReturnType<typeof batchPayments>>[number]

/** Records the second officer's approval of an open batch. @returns false when it was approved already or is no longer open */
export async function approveBatch(db: DbOrTrx, batchId: string, accountId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_payout_batch')
    .set({ approved_by: accountId, approved_at: now })
    .where('id', '=', batchId)
    .where('state', '=', 'open')
    .where('approved_by', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertResultImport(db: DbOrTrx, values: Insertable<SubsidyBankResultImportTable>): Promise<void> {
  await db.insertInto('subsidy_bank_result_import').values(values).execute()
}

/** A batch's result-file imports, oldest first, with who imported each. */
export function resultImports(db: DbOrTrx, batchId: string) {
  return db
    .selectFrom('subsidy_bank_result_import')
    .leftJoin('account', 'account.id', 'subsidy_bank_result_import.imported_by')
    .selectAll('subsidy_bank_result_import')
    .select('account.display_name as imported_by_name')
    .where('subsidy_bank_result_import.batch_id', '=', batchId)
    .orderBy('subsidy_bank_result_import.imported_at')
    .orderBy('subsidy_bank_result_import.id')
    .execute()
}
export type ResultImportRow = Awaited<ReturnType<typeof resultImports>>[number]

export async function markBatchExported(db: DbOrTrx, batchId: string, sha256: string, now: Date): Promise<void> {
  await db
    .updateTable('subsidy_payout_batch')
    .set({ state: 'exported', exported_at: now, file_sha256: sha256 })
    .where('id', '=', batchId)
    .where('state', '=', 'open')
    .execute()
  await db
    .updateTable('subsidy_payment')
    .set({ state: 'exported' })
    .where('batch_id', '=', batchId)
    .where('state', '=', 'pending')
    .execute()
}

/** Payments named by a result file, within the caller's scope, locked until the import commits. */
export function lockPayments(db: DbOrTrx, scope: Scope, ids: readonly string[]) {
  return selectInScope(db, scope, 'subsidy_payment')
    .innerJoin('subsidy_application', 'subsidy_application.id', 'subsidy_payment.application_id')
    .select([
      'subsidy_payment.id',
      'subsidy_payment.batch_id',
      'subsidy_payment.application_id',
      'subsidy_payment.state',
      'subsidy_payment.amount_fen',
      'subsidy_payment.bank_reference',
      'subsidy_payment.area_id',
      'subsidy_application.round',
      'subsidy_application.state as application_state',
    ])
    .where('subsidy_payment.id', 'in', ids)
    .orderBy('subsidy_payment.id')
    .forUpdate()
    .execute()
}

export async function settlePayment(
  db: DbOrTrx,
  id: string,
  outcome: { state: 'paid' | 'failed'; bank_reference: string | null; failure_reason: string | null; settled_at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_payment')
    .set(outcome)
    .where('id', '=', id)
    .where('state', '=', 'exported')
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}

/** Marks the batch reconciled once none of its payments waits for the bank. */
export async function reconcileIfSettled(db: DbOrTrx, batchId: string): Promise<boolean> {
  const result = await db
    .updateTable('subsidy_payout_batch')
    .set({ state: 'reconciled' })
    .where('id', '=', batchId)
    .where('state', '=', 'exported')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('subsidy_payment').select('id').where('batch_id', '=', batchId).where('state', 'in', ['pending', 'exported']),
        ),
      ),
    )
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}
