import type { ColumnType, Generated } from 'kysely'

/** How a person agreed to be held on a phone: their own one-time code, or their personal link. */
export type ConsentMethod = 'phone_otp' | 'personal_link'

export interface ResidentLinkTable {
  id: Generated<string>
  person_id: string
  area_id: string
  /** keyed hash of the token; the token itself is shown once, in the printed link */
  token_hash: string
  issued_by: string | null
  issued_at: ColumnType<Date, Date | undefined, never>
  revoked_at: Date | null
}

export interface ResidentSessionTable {
  id: Generated<string>
  token_hash: string
  created_at: ColumnType<Date, Date | undefined, never>
  last_seen_at: ColumnType<Date, Date | undefined, Date>
  expires_at: Date
  revoked_at: Date | null
}

export interface ResidentSessionPersonTable {
  id: Generated<string>
  session_id: string
  person_id: string
  area_id: string
  consent_method: ConsentMethod
  consent_at: Date
  link_id: string | null
  removed_at: Date | null
  removed_reason: 'removed' | 'link_reissued' | 'signed_out' | null
}

export interface ResidentOtpTable {
  id: Generated<string>
  phone_index: string
  otp_hash: string
  expires_at: Date
  attempts: ColumnType<number, number | undefined, number>
  used_at: Date | null
  created_at: ColumnType<Date, Date | undefined, never>
}

export interface ResidentTables {
  resident_link: ResidentLinkTable
  resident_session: ResidentSessionTable
  resident_session_person: ResidentSessionPersonTable
  resident_otp: ResidentOtpTable
}
