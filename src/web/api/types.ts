import type { AreaLevel } from '../../shared/areas.ts'

/** Response shapes of routes whose schemas live in the server code (overview). */
export interface HeadlineNumbers {
  residents: number
  newResidents: number
  stayedOverHoliday: number
  landlords: number
  rentalProperties: number
  rentalRooms: number
  /** House codes (安居码) */
  codedProperties: number
  occupants: number
  pendingApplications: number
  pendingRegistrations: number
}

export interface Overview {
  area: { id: string; name: string; level: AreaLevel }
  totals: HeadlineNumbers
  children: (HeadlineNumbers & { id: string; name: string; level: AreaLevel })[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
