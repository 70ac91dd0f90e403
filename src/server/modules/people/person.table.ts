import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { IdDocumentType } from '../../../shared/id-document.ts'
import type { PersonKind } from '../../../shared/schemas/person.ts'

/** ID numbers and phones are sealed (AES-256-GCM) and looked up by their keyed hash. */
export interface PersonTable {
  id: Generated<string>
  area_id: string
  city_area_id: string
  name: string
  kind: PersonKind
  id_type: IdDocumentType
  id_number_enc: string
  id_number_index: string
  phone_enc: string | null
  phone_index: string | null
  origin: string | null
  employer: string | null
  address: string | null
  stayed_over_holiday: Generated<boolean>
  is_landlord: Generated<boolean>
  /** Set while a self-registered new arrival waits for a grid worker's check (待核实). */
  pending_since: Date | null
  created_by: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type PersonRow = Selectable<PersonTable>
export type NewPersonRow = Insertable<PersonTable>
export type PersonUpdate = Updateable<PersonTable>
