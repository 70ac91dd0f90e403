import type { ColumnType, Generated } from 'kysely'

/** The outbox: in-app notices; an SMS gateway adapter delivers the same rows. */
export interface NotificationTable {
  id: Generated<string>
  area_id: string
  recipient_account_id: string | null
  recipient_person_id: string | null
  kind: string
  body: string
  created_at: ColumnType<Date, Date | undefined, never>
  read_at: Date | null
}
