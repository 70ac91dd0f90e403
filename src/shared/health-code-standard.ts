/**
 * The national health-code standards as Gridline reads them: GB/T 38961-2020 (reference model),
 * GB/T 38962-2020 (data format) and GB/T 38963-2020 (application interface). The published texts
 * could not be checked from here, so every code and field name the interface uses is in this
 * one file; what is assumed is said next to it and in docs/DECISIONS.md. Shared by the server,
 * the platform simulator and the scanner page.
 */
import type { IdDocumentType } from './id-document.ts'
import type { HealthColour } from './schemas/gate.ts'

/**
 * 证件类型 (ID document type) codes. Assumed: the national government-service platform's
 * dictionary the provincial interfaces used (111 居民身份证 …), not re-checked against GB/T 38962.
 */
export const NATIONAL_ID_TYPE_CODES: Record<IdDocumentType, { code: string; zh: string }> = {
  resident_id: { code: '111', zh: '居民身份证' },
  hk_macao_permit: { code: '516', zh: '港澳居民来往内地通行证' },
  taiwan_permit: { code: '511', zh: '台湾居民来往大陆通行证' },
  passport: { code: '414', zh: '护照' },
  foreign_permanent_id: { code: '553', zh: '外国人永久居留身份证' },
  other: { code: '990', zh: '其他证件' },
}

/** Our document type for a national code; unknown codes read as `other`. */
export function idTypeFromNationalCode(code: string): IdDocumentType {
  const found = Object.entries(NATIONAL_ID_TYPE_CODES).find(([, v]) => v.code === code)
  return (found?.[0] as IdDocumentType | undefined) ?? 'other'
}

/** 健康码颜色 value domain. Assumed codes: 01 绿码, 02 黄码, 03 红码. */
export const NATIONAL_COLOUR_CODES: Record<HealthColour, string> = { green: '01', yellow: '02', red: '03' }

export function colourFromNationalCode(code: string): HealthColour | null {
  const found = Object.entries(NATIONAL_COLOUR_CODES).find(([, v]) => v === code)
  return (found?.[0] as HealthColour | undefined) ?? null
}

/**
 * A code issued by another platform, as scanned. Assumed layout (GB/T 38961 says a code names
 * its issuing platform; the exact text is not checked here): `CNHC:<GB/T 2260 region>:<token>`.
 * A platform may also be registered with its own literal prefix (e.g. `JXHC:`).
 */
export const NATIONAL_CODE_PREFIX = 'CNHC:'

/** The issuing region of a `CNHC:` code (6-digit GB/T 2260), or null for any other text. */
export function regionOfNationalCode(text: string): string | null {
  const match = /^CNHC:(\d{6}):[A-Za-z0-9_-]{8,200}$/.exec(text.trim())
  return match ? match[1]! : null
}

/** Result codes of a 验码 (code-verification) answer. Assumed names. */
export const VERIFY_RESULT_CODES = {
  ok: '0',
  badRequest: '4000',
  unknownCode: '4004',
  revoked: '4010',
  badSignature: '4001',
  expiredRequest: '4002',
} as const

/** The 验码 request body (signed, see the server's platform-signing.ts). */
export interface NationalVerifyRequest {
  /** the scanned code text */
  code: string
  /** where it is verified: our checkpoint's GB/T 2260 region */
  verifierRegion: string
  /** 场所/卡口 name, for the issuing platform's own log */
  scene: string
}

/** The 验码 answer's data elements (GB/T 38962 names assumed as camelCase English). */
export interface NationalVerifyData {
  /** 健康码颜色 NATIONAL_COLOUR_CODES */
  colourCode: string
  /** 姓名, masked by the issuing platform (张*明) */
  maskedName: string
  /** 证件类型 NATIONAL_ID_TYPE_CODES */
  idTypeCode: string
  /** 证件号码 last four characters */
  idTail: string
  /** 状态时间: when the colour was last set, ISO 8601 */
  statusTime: string
  /** 发码机构行政区划 GB/T 2260 */
  issuerRegion: string
}

export interface NationalVerifyResponse {
  code: string
  message: string
  data?: NationalVerifyData
}
