import type { ColumnType, Generated } from 'kysely'

/** Append-only: the database refuses UPDATE and DELETE (see the core migration). */
export interface AuditLogTable {
  id: Generated<string>
  at: ColumnType<Date, Date | undefined, never>
  account_id: string | null
  username: string | null
  action: string
  entity_type: string
  entity_id: string | null
  area_id: string | null
  ip: string | null
}
