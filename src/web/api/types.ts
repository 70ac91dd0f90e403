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

/** Work-resumption programmes of the area: subsidies (惠企兑现) and recruitment drives (招工专班). */
export interface ProgrammeNumbers {
  subsidies: {
    applications: number
    approvedFen: number
    paidFen: number
    medianWorkdaysToPay: number | null
    withinPromise: number | null
  }
  recruitment: { teams: number; quota: number; signups: number; seats: number; hires: number }
}

export interface Overview {
  area: { id: string; name: string; level: AreaLevel }
  totals: HeadlineNumbers
  programmes: ProgrammeNumbers
  children: (HeadlineNumbers & { id: string; name: string; level: AreaLevel })[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
