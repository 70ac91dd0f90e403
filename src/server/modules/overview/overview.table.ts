import type { ColumnType } from 'kysely'

/** Sums the database keeps per area as people, rentals and registrations change (migration 202612080003). */
type Tally = ColumnType<string, never, never>

export interface AreaTallyTable {
  area_id: ColumnType<string, never, never>
  residents: Tally
  new_residents: Tally
  stayed_over_holiday: Tally
  landlords: Tally
  rental_properties: Tally
  rental_rooms: Tally
  coded_properties: Tally
  occupants: Tally
  pending_applications: Tally
  pending_registrations: Tally
}
