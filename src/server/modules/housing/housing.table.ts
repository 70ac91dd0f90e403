import type { ColumnType, Generated } from 'kysely'

/** A rental property of a landlord; the house-code module builds on it. */
export interface RentalPropertyTable {
  id: Generated<string>
  area_id: string
  landlord_person_id: string
  address: string
  rooms: number
  beds: number
  created_at: ColumnType<Date, never, never>
}
