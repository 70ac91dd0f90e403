import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Role } from '../../../shared/roles.ts'

export interface AccountTable {
  id: Generated<string>
  username: string
  display_name: string
  password_hash: string
  role: Role
  area_id: string
  failed_logins: Generated<number>
  locked_until: Date | null
  disabled: Generated<boolean>
  created_at: ColumnType<Date, never, never>
}
export type AccountRow = Selectable<AccountTable>
export type NewAccountRow = Insertable<AccountTable>

export interface SessionTable {
  id: string
  account_id: string
  created_at: ColumnType<Date, never, never>
  expires_at: Date
  last_seen_at: ColumnType<Date, Date | undefined, Date>
  revoked_at: Date | null
  ip: string | null
}
