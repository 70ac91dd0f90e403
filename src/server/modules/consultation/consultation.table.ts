import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ConsultationOutcome, ConsultationStatus } from '../../../shared/schemas/consultation.ts'

/** Remote consultation (微医通): queued → in_progress (a doctor took it) → closed with notes. */
export interface ConsultationTable {
  id: Generated<string>
  area_id: string
  person_id: string
  isolation_order_id: string | null
  requested_via: 'self' | 'staff'
  requested_by: string | null
  reason: string
  status: ConsultationStatus
  doctor_account_id: string | null
  taken_at: Date | null
  closed_at: Date | null
  video_url: string | null
  notes: string | null
  outcome: ConsultationOutcome | null
  created_at: ColumnType<Date, Date | undefined, never>
}
export type ConsultationRow = Selectable<ConsultationTable>

/** The video service of an area (nearest ancestor wins); `{room}` in the template is the consultation. */
export interface VideoServiceTable {
  area_id: string
  url_template: string
  updated_at: ColumnType<Date, Date | undefined, Date>
}
