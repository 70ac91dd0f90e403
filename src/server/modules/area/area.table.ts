import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { AreaLevel } from '../../../shared/areas.ts'

export interface AreaTable {
  id: Generated<string>
  parent_id: string | null
  code: string
  name: string
  level: AreaLevel
  path: string
  created_at: ColumnType<Date, never, never>
}
export type AreaRow = Selectable<AreaTable>
export type NewAreaRow = Insertable<AreaTable>
