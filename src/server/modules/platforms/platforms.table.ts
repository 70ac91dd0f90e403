import type { ColumnType, Generated, Selectable } from 'kysely'

/** Another province's health-code platform: a trust anchor we ask online (issue 20). */
export interface HealthPlatformTable {
  id: Generated<string>
  name: string
  /** comma-separated GB/T 2260 region codes the platform issues for (360000, 430000 …) */
  region_codes: string
  /** a literal prefix its codes carry besides `CNHC:<region>:`, or null */
  code_prefix: string | null
  endpoint: string
  app_id: string
  /** the request-signing secret, AES-GCM sealed with the data key */
  secret_sealed: string
  timeout_ms: ColumnType<number, number | undefined, number>
  cache_seconds: ColumnType<number, number | undefined, number>
  signing_scheme: ColumnType<'hmac-sha256-v1', 'hmac-sha256-v1' | undefined, 'hmac-sha256-v1'>
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  created_at: ColumnType<Date, never, never>
}
export type HealthPlatformRow = Selectable<HealthPlatformTable>

/** A scan the platform could not answer: verified again when it does. */
export interface PendingVerificationTable {
  id: Generated<string>
  passage_id: string
  platform_id: string
  area_id: string
  /** the scanned code, sealed: it identifies a person at the issuing platform */
  code_sealed: string
  attempts: ColumnType<number, number | undefined, number>
  last_reason: string
  created_at: ColumnType<Date, Date | undefined, never>
  resolved_at: Date | null
  /** the colour or refusal reason the platform finally gave */
  outcome: string | null
}
