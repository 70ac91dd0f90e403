import type { ColumnType, Generated, Selectable } from 'kysely'
import type { GateDecision, IdentityCheck, ManualProof, UnverifiedPolicy } from '../../../shared/schemas/gate.ts'

export interface CheckpointTable {
  id: Generated<string>
  area_id: string
  name: string
  address: string | null
  created_at: ColumnType<Date, never, never>
  /** when another province's platform cannot answer: refuse, or admit on a checked paper/phone proof */
  unverified_policy: ColumnType<UnverifiedPolicy, UnverifiedPolicy | undefined, UnverifiedPolicy>
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
  /** the platform that verified the code online (its name then), null for codes we verify */
  verified_online_by: ColumnType<string | null, string | null | undefined, string | null>
  /** admitted on a paper or phone proof while the platform could not answer */
  manual_proof: ColumnType<ManualProof | null, ManualProof | null | undefined, never>
}
export type PassageRow = Selectable<PassageTable>
