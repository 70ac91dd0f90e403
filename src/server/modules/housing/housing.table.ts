import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { IdDocumentType } from '../../../shared/id-document.ts'
import type { RegistrationStatus } from '../../../shared/schemas/housing-registration.ts'
import type { FileKind, InspectorRole, PropertyStatus } from '../../../shared/schemas/housing.ts'

/**
 * A rental property of a landlord. Its house-code application (状态) lives on the row itself:
 * one house, one application, one code.
 */
export interface RentalPropertyTable {
  id: Generated<string>
  area_id: string
  landlord_person_id: string
  address: string
  rooms: number
  beds: number
  created_at: ColumnType<Date, never, never>
  status: Generated<PropertyStatus>
  capacity: Generated<number>
  /** Open occupancies, kept in the same transaction; CHECK (occupants <= capacity). */
  occupants: Generated<number>
  round: Generated<number>
  submitted_at: Date | null
  updated_at: ColumnType<Date, Date | undefined, Date>
  house_code: string | null
  house_code_cti: string | null
  code_issued_at: Date | null
  code_expires_at: Date | null
}
export type RentalPropertyRow = Selectable<RentalPropertyTable>
export type NewRentalPropertyRow = Insertable<RentalPropertyTable>

/** The history of a property's application: every status change, who, when, why. */
export interface HouseEventTable {
  id: Generated<string>
  property_id: string
  area_id: string
  at: ColumnType<Date, Date | undefined, never>
  account_id: string | null
  from_status: PropertyStatus | null
  to_status: PropertyStatus
  note: string | null
}

/** One item of an inspector's checklist as stored (jsonb). */
export interface StoredChecklistItem {
  item: string
  passed: boolean
  note?: string | null
  /** photos of this item (a failed fire-safety item has at least one) */
  photoIds?: string[]
}

export interface HouseInspectionTable {
  id: Generated<string>
  property_id: string
  area_id: string
  round: number
  role: InspectorRole
  inspector_account_id: string | null
  passed: boolean
  /** JSON text on insert; pg and PGlite both hand jsonb back parsed. */
  items: ColumnType<StoredChecklistItem[], string, string>
  note: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}

export interface HouseFileTable {
  id: Generated<string>
  property_id: string
  area_id: string
  inspection_id: string | null
  kind: FileKind
  content_type: string
  size_bytes: number
  original_name: string
  /** Path under the uploads folder; never taken from the client. */
  storage_key: string
  uploaded_by: string | null
  created_at: ColumnType<Date, never, never>
}

/** A tenant's self-registration (云登记): identity sealed like a person row. */
export interface HouseRegistrationTable {
  id: Generated<string>
  property_id: string
  area_id: string
  status: RegistrationStatus
  name: string
  id_type: IdDocumentType
  id_number_enc: string
  id_number_index: string
  phone_enc: string
  phone_index: string
  origin: string | null
  employer: string | null
  /** 'YYYY-MM-DD' */
  expected_arrival: ColumnType<Date | string, string, string>
  /** null: no health code given (a new arrival) */
  health_code_format: string | null
  health_colour: string | null
  /** Registered without one of our health codes: the person may not be in the registry yet. */
  new_arrival: Generated<boolean>
  otp_hash: string | null
  otp_expires_at: Date | null
  otp_attempts: Generated<number>
  submissions: Generated<number>
  person_id: string | null
  reviewed_by: string | null
  reviewed_at: Date | null
  refuse_reason: string | null
  confirmed_at: Date | null
  created_at: ColumnType<Date, Date | undefined, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type HouseRegistrationRow = Selectable<HouseRegistrationTable>

export interface HouseOccupancyTable {
  id: Generated<string>
  property_id: string
  area_id: string
  person_id: string
  registration_id: string | null
  started_at: ColumnType<Date, Date | undefined, never>
  accepted_by: string | null
  ended_at: Date | null
  ended_by: string | null
  end_note: string | null
}

/** The landlord person an account acts for (added to `account` by the house-code migration). */
export interface AccountLandlordLink {
  person_id: ColumnType<string | null, string | null | undefined, string | null>
}

/** The house-code module's tables, for db/database.ts. */
export interface HousingTables {
  house_event: HouseEventTable
  house_inspection: HouseInspectionTable
  house_file: HouseFileTable
  house_registration: HouseRegistrationTable
  house_occupancy: HouseOccupancyTable
}
