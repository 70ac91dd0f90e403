import type { ColumnType, Generated } from 'kysely'

export type AlertSeverity = 'info' | 'warning' | 'critical'

/** One unhandled alert per dedupe_key: repeats bump `occurrences` instead of flooding. */
export interface AlertTable {
  id: Generated<string>
  area_id: string
  kind: string
  severity: AlertSeverity
  person_id: string | null
  subject_ref: string | null
  dedupe_key: string
  status: 'open' | 'acknowledged' | 'handled'
  occurrences: Generated<number>
  created_at: ColumnType<Date, Date | undefined, never>
  last_seen_at: ColumnType<Date, Date | undefined, Date>
  acknowledged_at: Date | null
  acknowledged_by: string | null
  handled_at: Date | null
  handled_by: string | null
  note: string | null
  /** 0 grid worker, 1 village cadre, 2 street: raised while nobody acknowledges (migration 202611250004) */
  escalation_level: Generated<number>
  escalated_at: Date | null
}
