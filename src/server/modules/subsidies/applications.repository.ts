import { sql } from 'kysely'
import type { ApplicationState, RuleResult } from '../../../shared/schemas/subsidies.ts'
import { LIVE_APPLICATION_STATES } from '../../../shared/schemas/subsidies.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope } from '../../db/scope.ts'
import type { ApplicationReader } from './application-view.ts'

/** SQL of applications, their events and documents. Reads go through the reader's scope. */

export interface NewApplication {
  number: string
  policyId: string
  policyVersion: number
  enterpriseId: string
  areaId: string
  period: string
  levels: number
  inputs: Record<string, number>
  amountFen: number
  payee: { accountName: string; bankName: string; accountNo: string }
  precheck: RuleResult[]
  note: string | null
  idempotencyKey: string | null
  submittedBy: string
}

/** HQ<yyyymmdd>-<6-digit sequence>: the sequence never repeats, across days too. */
export async function nextApplicationNumber(db: DbOrTrx, chinaDay: string): Promise<string> {
  const { rows } = await sql<{ n: string | number }>`SELECT nextval('subsidy_application_number_seq') AS n`.execute(db)
  return `HQ${chinaDay.replace(/-/g, '')}-${String(rows[0]!.n).padStart(6, '0')}`
}

export async function insertApplication(db: DbOrTrx, a: NewApplication): Promise<string> {
  const row = await db
    .insertInto('subsidy_application')
    .values({
      number: a.number,
      policy_id: a.policyId,
      policy_version: a.policyVersion,
      enterprise_id: a.enterpriseId,
      area_id: a.areaId,
      period: a.period,
      state: 'submitted',
      pending_level: 1,
      levels: a.levels,
      inputs: JSON.stringify(a.inputs),
      amount_fen: a.amountFen,
      payee_account_name: a.payee.accountName,
      payee_bank_name: a.payee.bankName,
      payee_account_no: a.payee.accountNo,
      precheck: JSON.stringify(a.precheck),
      note: a.note,
      idempotency_key: a.idempotencyKey,
      submitted_by: a.submittedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The live application of an enterprise for a policy and period (one at most, by the unique index). */
export async function findLive(db: DbOrTrx, policyId: string, enterpriseId: string, period: string) {
  return db
    .selectFrom('subsidy_application')
    .select(['id', 'number'])
    .where('policy_id', '=', policyId)
    .where('enterprise_id', '=', enterpriseId)
    .where('period', '=', period)
    .where('state', 'in', LIVE_APPLICATION_STATES as ApplicationState[])
    .executeTakeFirst()
}

export async function findByIdempotencyKey(db: DbOrTrx, enterpriseId: string, key: string) {
  return db
    .selectFrom('subsidy_application')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
}

/** Locks an application for a decision or a change, within the reader's view. */
export async function lockApplication(db: DbOrTrx, reader: ApplicationReader, id: string) {
  let query = selectInScope(db, reader, 'subsidy_application').selectAll('subsidy_application').where('subsidy_application.id', '=', id)
  if (reader.enterpriseId) query = query.where('subsidy_application.enterprise_id', '=', reader.enterpriseId)
  return query.forUpdate().executeTakeFirst()
}

export async function updateApplication(
  db: DbOrTrx,
  id: string,
  values: Partial<{
    state: ApplicationState
    pending_level: number | null
    round: number
    approved_at: Date | null
    inputs: string
    amount_fen: number
    payee_account_name: string
    payee_bank_name: string
    payee_account_no: string
    precheck: string
    note: string | null
  }>,
) {
  await db
    .updateTable('subsidy_application')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export async function insertEvent(
  db: DbOrTrx,
  e: {
    applicationId: string
    areaId: string
    action: string
    round: number
    level?: number | null
    actorAccountId: string | null
    note?: string | null
  },
) {
  await db
    .insertInto('subsidy_application_event')
    .values({
      application_id: e.applicationId,
      area_id: e.areaId,
      action: e.action,
      round: e.round,
      level: e.level ?? null,
      actor_account_id: e.actorAccountId,
      note: e.note ?? null,
    })
    .execute()
}

/** Whether this officer already approved a level of the application in this round (four eyes). */
export async function approvedBy(db: DbOrTrx, applicationId: string, round: number, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('subsidy_application_event')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('round', '=', round)
    .where('action', '=', 'approve')
    .where('actor_account_id', '=', accountId)
    .executeTakeFirst()
  return !!row
}

/** Whether the account filed (submit) or refiled (resubmit) this round: it wrote the payee it would approve. */
export async function filedBy(db: DbOrTrx, applicationId: string, round: number, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('subsidy_application_event')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('round', '=', round)
    .where('action', 'in', ['submit', 'resubmit'])
    .where('actor_account_id', '=', accountId)
    .executeTakeFirst()
  return !!row
}

export async function findEvents(db: DbOrTrx, applicationId: string) {
  return db
    .selectFrom('subsidy_application_event')
    .leftJoin('account', 'account.id', 'subsidy_application_event.actor_account_id')
    .select([
      'subsidy_application_event.action',
      'subsidy_application_event.level',
      'subsidy_application_event.at',
      'subsidy_application_event.note',
      'account.display_name',
    ])
    .where('subsidy_application_event.application_id', '=', applicationId)
    .orderBy('subsidy_application_event.id')
    .execute()
}

export async function insertDocument(
  db: DbOrTrx,
  d: {
    applicationId: string
    areaId: string
    documentKey: string
    fileName: string
    contentType: string
    content: Buffer
    uploadedBy: string
  },
) {
  await db
    .insertInto('subsidy_document')
    .values({
      application_id: d.applicationId,
      area_id: d.areaId,
      document_key: d.documentKey,
      file_name: d.fileName,
      content_type: d.contentType,
      size: d.content.length,
      content: d.content,
      uploaded_by: d.uploadedBy,
    })
    .execute()
}

/** Removes the earlier files of the given keys (a resubmission replaces them). */
export async function deleteDocuments(db: DbOrTrx, applicationId: string, keys: string[]) {
  if (!keys.length) return
  await db.deleteFrom('subsidy_document').where('application_id', '=', applicationId).where('document_key', 'in', keys).execute()
}

export async function listDocuments(db: DbOrTrx, applicationId: string) {
  return db
    .selectFrom('subsidy_document')
    .select(['id', 'document_key', 'file_name', 'content_type', 'size', 'uploaded_at'])
    .where('application_id', '=', applicationId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute()
}

export async function findDocument(db: DbOrTrx, applicationId: string, documentId: string) {
  return db
    .selectFrom('subsidy_document')
    .select(['id', 'area_id', 'file_name', 'content_type', 'content'])
    .where('application_id', '=', applicationId)
    .where('id', '=', documentId)
    .executeTakeFirst()
}

export async function listPayments(db: DbOrTrx, applicationId: string) {
  return db
    .selectFrom('subsidy_payment')
    .innerJoin('subsidy_payout_batch', 'subsidy_payout_batch.id', 'subsidy_payment.batch_id')
    .select([
      'subsidy_payment.id',
      'subsidy_payout_batch.number as batch_number',
      'subsidy_payment.attempt',
      'subsidy_payment.state',
      'subsidy_payment.amount_fen',
      'subsidy_payment.bank_reference',
      'subsidy_payment.failure_reason',
      'subsidy_payment.created_at',
      'subsidy_payment.settled_at',
    ])
    .where('subsidy_payment.application_id', '=', applicationId)
    .orderBy('subsidy_payment.attempt')
    .execute()
}
