import type { ColumnType, Generated } from 'kysely'

/** What people and the escalation did with an alert: acknowledgements, handling notes, escalations. */
export interface AlertEventTable {
  id: Generated<string>
  alert_id: string
  area_id: string
  action: 'acknowledged' | 'handled' | 'escalated'
  account_id: string | null
  escalation_level: number | null
  note: string | null
  at: ColumnType<Date, Date | undefined, never>
}
