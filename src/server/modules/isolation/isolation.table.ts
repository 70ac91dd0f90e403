import type { ColumnType, Generated } from 'kysely'

/** Shared by the gate (opens orders) and home isolation (devices, release). */
export interface IsolationOrderTable {
  id: Generated<string>
  person_id: string
  area_id: string
  kind: 'home' | 'centralised'
  status: 'open' | 'released'
  source: 'gate' | 'manual'
  passage_id: string | null
  address: string | null
  starts_at: Date
  ends_at: Date
  responsible_account_id: string | null
  released_at: Date | null
  release_note: string | null
  /** migration 202611250004 */
  released_by: ColumnType<string | null, string | null | undefined, string | null>
  created_at: ColumnType<Date, never, never>
}
