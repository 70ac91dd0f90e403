import type { ColumnType, Generated, Selectable } from 'kysely'

export type KeyPurpose = 'code' | 'trust_list'
export type HealthColour = 'green' | 'yellow' | 'red'

export interface IssuerKeyTable {
  id: Generated<string>
  kid: string
  purpose: KeyPurpose
  alg: Generated<string>
  /** base64 SPKI DER */
  public_key: string
  /** PKCS#8 DER sealed by FieldCipher */
  private_key_enc: string
  status: 'active' | 'retired'
  not_before: ColumnType<Date, Date | undefined, Date>
  not_after: Date | null
  created_at: ColumnType<Date, never, never>
}
export type IssuerKeyRow = Selectable<IssuerKeyTable>

export interface HealthStatusTable {
  person_id: string
  colour: HealthColour
  source: 'officer' | 'import' | 'api'
  updated_at: ColumnType<Date, Date | undefined, Date>
  updated_by: string | null
}

export interface IssuedCodeTable {
  /** base64url of the 16-byte CWT id */
  cti: string
  kind: 'health' | 'house'
  person_id: string | null
  property_id: string | null
  area_id: string
  kid: string
  colour: HealthColour | null
  issued_at: Date
  expires_at: Date
  revoked_at: Date | null
  revoke_reason: string | null
  /** The account that revoked the code by hand; null for automatic revocations (a colour change). */
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>
}

/** One colour change in a person's history (migration 202612070201). */
export interface HealthStatusEventTable {
  id: Generated<string>
  person_id: string
  from_colour: HealthColour | null
  to_colour: HealthColour
  source: 'officer' | 'import' | 'api'
  account_id: string | null
  api_client_id: string | null
  /** One import file or one API push. */
  batch_id: string | null
  file_name: string | null
  line: number | null
  reason: string | null
  at: ColumnType<Date, Date | undefined, never>
}

export interface ApiClientTable {
  id: Generated<string>
  name: string
  token_hash: string
  area_id: string
  scope: string
  created_at: ColumnType<Date, never, never>
  revoked_at: Date | null
}
