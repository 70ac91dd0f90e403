import type { ColumnType, Generated, Selectable } from 'kysely'
import type { GateDecision, IdentityCheck } from '../../../shared/schemas/gate.ts'

export interface CheckpointTable {
  id: Generated<string>
  area_id: string
  name: string
  address: string | null
  created_at: ColumnType<Date, never, never>
}

export interface PassageTable {
  id: Generated<string>
  client_scan_id: string
  checkpoint_id: string
  area_id: string
  device_id: string
  scanned_at: Date
  received_at: ColumnType<Date, Date | undefined, never>
  code_format: string
  code_reason: string
  person_id: string | null
  colour: string | null
  /** numeric comes back as a string from pg */
  temperature: ColumnType<string | null, number | null, number | null>
  property_id: string | null
  decision: GateDecision
  /** comma-separated reason codes */
  reasons: string
  guard_account_id: string | null
  /** 本人核验 / 非本人 at the identity step; null when not asked */
  identity_check: ColumnType<IdentityCheck | null, IdentityCheck | null | undefined, never>
}
export type PassageRow = Selectable<PassageTable>
