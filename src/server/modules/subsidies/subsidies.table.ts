import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ApplicationState, PolicyState } from '../../../shared/schemas/subsidies.ts'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Json<T> = ColumnType<T, string, string>
/** int8 columns: pg returns them as strings; write numbers or strings, convert with Number() on read. */
type Fen = ColumnType<string | number, string | number, string | number | import('kysely').RawBuilder<unknown>>

export interface SubsidyPolicyTable {
  id: Generated<string>
  area_id: string
  code: string
  state: Generated<PolicyState>
  current_version: Generated<number>
  budget_fen: Fen
  committed_fen: Generated<string | number>
  paid_fen: Generated<string | number>
  created_by: string | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type SubsidyPolicyRow = Selectable<SubsidyPolicyTable>

export interface SubsidyPolicyVersionTable {
  policy_id: string
  version: number
  data: Json<unknown>
  created_by: string | null
  created_at: CreatedAt
}

export interface SubsidyApplicationTable {
  id: Generated<string>
  number: string
  policy_id: string
  policy_version: number
  enterprise_id: string
  area_id: string
  period: string
  state: ApplicationState
  pending_level: number | null
  levels: number
  round: Generated<number>
  inputs: Json<unknown>
  amount_fen: Fen
  payee_account_name: string
  payee_bank_name: string
  payee_account_no: string
  precheck: Json<unknown>
  note: string | null
  idempotency_key: string | null
  submitted_by: string | null
  submitted_at: CreatedAt
  approved_at: Date | null
  paid_at: Date | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type SubsidyApplicationRow = Selectable<SubsidyApplicationTable>

export interface SubsidyApplicationEventTable {
  id: Generated<string>
  application_id: string
  area_id: string
  action: string
  round: number
  level: number | null
  actor_account_id: string | null
  at: CreatedAt
  note: string | null
}

export interface SubsidyDocumentTable {
  id: Generated<string>
  application_id: string
  area_id: string
  document_key: string
  file_name: string
  content_type: string
  size: number
  content: Uint8Array
  uploaded_by: string | null
  uploaded_at: CreatedAt
}

export interface SubsidyPayoutBatchTable {
  id: Generated<string>
  number: string
  area_id: string
  state: Generated<'open' | 'exported' | 'reconciled'>
  note: string | null
  idempotency_key: string | null
  created_by: string | null
  created_at: CreatedAt
  exported_at: Date | null
  file_sha256: string | null
  /** The second policy officer who released the bank file; never the creator. */
  approved_by: string | null
  approved_at: Date | null
}

/** One import of the bank's result file: who, when, which bytes, what it changed. */
export interface SubsidyBankResultImportTable {
  id: Generated<string>
  batch_id: string
  imported_by: string | null
  imported_at: CreatedAt
  file_sha256: string
  rows: number
  paid: number
  failed: number
  unchanged: number
  errors: number
}

export interface SubsidyPaymentTable {
  id: Generated<string>
  application_id: string
  batch_id: string
  area_id: string
  attempt: number
  amount_fen: Fen
  state: Generated<'pending' | 'exported' | 'paid' | 'failed'>
  bank_reference: string | null
  failure_reason: string | null
  created_at: CreatedAt
  settled_at: Date | null
}

export interface SubsidyTables {
  subsidy_policy: SubsidyPolicyTable
  subsidy_policy_version: SubsidyPolicyVersionTable
  subsidy_application: SubsidyApplicationTable
  subsidy_application_event: SubsidyApplicationEventTable
  subsidy_document: SubsidyDocumentTable
  subsidy_payout_batch: SubsidyPayoutBatchTable
  subsidy_payment: SubsidyPaymentTable
  subsidy_bank_result_import: SubsidyBankResultImportTable
}
