import type { ColumnType, Generated, Selectable } from 'kysely'

export type ReturneeStatus = 'observing' | 'completed' | 'cancelled'

/** A returnee (三返人员) under 14 days of observation; days are 'YYYY-MM-DD' in China Standard Time. */
export interface ReturneeTable {
  id: Generated<string>
  person_id: string
  area_id: string
  address: string | null
  came_from: string
  arrived_on: string
  observation_ends_on: string
  status: ReturneeStatus
  responsible_account_id: string | null
  registered_by: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}
export type ReturneeRow = Selectable<ReturneeTable>

/** One temperature a day: the 14 days before return ('before') and the observation days. */
export interface ReturneeReportTable {
  id: Generated<string>
  returnee_id: string
  area_id: string
  phase: 'before' | 'observation'
  day: string
  /** numeric(4,1): the drivers return it as text */
  temperature: ColumnType<string | null, number | null, number | null>
  /** comma-separated symptom codes, '' for none */
  symptoms: string
  reported_by: 'staff' | 'landlord' | 'self'
  account_id: string | null
  reported_at: ColumnType<Date, Date | undefined, Date>
}

/** The person's own phone page: a random link, stored hashed. */
export interface SelfServiceLinkTable {
  token_hash: string
  person_id: string
  area_id: string
  returnee_id: string | null
  isolation_order_id: string | null
  expires_at: Date
  created_at: ColumnType<Date, Date | undefined, never>
  /** Set when a newer link replaced this one (the page then answers 410). */
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}
