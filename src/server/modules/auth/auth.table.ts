import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Role } from '../../../shared/roles.ts'

export interface AccountTable {
  id: Generated<string>
  username: string
  display_name: string
  password_hash: string
  role: Role
  area_id: string
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
  /** the User-Agent header at sign-in, cut to 512 characters */
  user_agent: string | null
}

export interface LoginThrottleTable {
  /** sha256 of the throttled thing: username + address, username, or address */
  key: string
  failures: number
  blocked_until: Date | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface AccountTotpTable {
  account_id: string
  secret_sealed: string
  confirmed_at: Date | null
  last_used_step: number | null
  created_at: ColumnType<Date, never, never>
}

export interface TotpRecoveryCodeTable {
  account_id: string
  code_hash: string
  used_at: Date | null
}
