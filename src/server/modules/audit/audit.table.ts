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
  /** A request that touched several records (a list, an export): their ids, one row in all. */
  target_ids: ColumnType<string[] | null, string[] | null | undefined, never>
  target_count: ColumnType<number | null, number | null | undefined, never>
  /** The areas of those records, so each area's admin sees the row. */
  target_area_ids: ColumnType<string[] | null, string[] | null | undefined, never>
  /** The request's shape (filters, page) without personal data; JSON text on insert. */
  detail: ColumnType<Record<string, unknown> | null, string | null | undefined, never>
}
