/**
 * What the verifier answers: a typed result with one precise reason. Shared by the server
 * (gate API), the scanner page and the `verify` CLI, so every surface words a refusal alike.
 */
import type { HealthColour } from '../schemas/gate.ts'

/** Code formats the verifier reads; `unknown` when no known prefix matched. */
export const CODE_FORMATS = ['gridline', 'dcc', 'shc', 'unknown'] as const
export type CodeFormat = (typeof CODE_FORMATS)[number]

/**
 * Reasons, in the order the pipeline checks them (the first failing step is reported).
 * - `MALFORMED`: well-formed bytes or text of the wrong shape (not COSE_Sign1, a claim missing…)
 * - `BAD_PREFIX`: no `GL1:`, `HC1:` or `shc:/` prefix
 * - `TOO_LARGE`: longer than any QR code holds, or inflating past what any code inflates to
 * - `BAD_BASE45`, `BAD_COMPRESSION`, `BAD_CBOR`: that decoding step failed
 * - `UNSUPPORTED_ALGORITHM`: signed with something other than ES256 (or PS256 for DCC)
 * - `UNKNOWN_KEY`: no trusted key has the code's key id
 * - `BAD_SIGNATURE`: the signature does not verify (a forgery or a changed byte)
 * - `KEY_NOT_VALID`: the key exists but was not valid when the code was issued
 * - `WRONG_KEY_USAGE`: a DCC signing certificate not allowed for this certificate type
 * - `REVOKED`: the code id (Gridline/CWT `cti`, SHC `rid`) is on the revocation list
 * - `NOT_YET_VALID`, `EXPIRED`: outside the code's validity window at `now`
 */
export const VERIFY_REASONS = [
  'OK',
  'MALFORMED',
  'BAD_PREFIX',
  'TOO_LARGE',
  'BAD_BASE45',
  'BAD_COMPRESSION',
  'BAD_CBOR',
  'UNSUPPORTED_ALGORITHM',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'KEY_NOT_VALID',
  'WRONG_KEY_USAGE',
  'REVOKED',
  'NOT_YET_VALID',
  'EXPIRED',
] as const
export type VerifyReason = (typeof VERIFY_REASONS)[number]
export type FailureReason = Exclude<VerifyReason, 'OK'>

/** Thrown by the decoding steps; `verifyCode` turns it into a result. */
export class CodeError extends Error {
  override name = 'CodeError'
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message)
  }
}

/** Registered CWT times, NumericDate seconds. */
export interface CodeTimes {
  iat: number
  nbf: number
  exp: number
}

/**
 * Who a health code was issued to, enough for a guard to compare with the face and the ID card
 * without a network: never the full name or number.
 */
export interface CodeHolder {
  /** masked, e.g. 张*明 */
  name: string
  /** YYYY-MM-DD */
  birthDate?: string
  /** the ID document's last four characters */
  idTail?: string
}

/** Claims of a verified Gridline code (`GL1:`). */
export type GridlineClaims = CodeTimes & {
  iss: string
  /** The 16-byte code id, base64url: what the revocation list names. */
  cti: string
} & ({ type: 'health'; personId: string; colour: HealthColour; holder?: CodeHolder } | { type: 'house'; propertyId: string })

/** JSON-shaped data (DCC and SHC payloads are handed out as plain JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** Claims of a verified EU DCC (`HC1:`). */
export interface DccClaims {
  iss?: string
  iat: number
  exp: number
  /** Which certificate it is: vaccination, test or recovery. */
  type: 'v' | 't' | 'r'
  /** The hcert payload (`-260` → `1`) as JSON: `ver`, `nam`, `dob`, `v`/`t`/`r`. */
  dcc: { [key: string]: JsonValue }
}

/** Claims of a verified SMART Health Card (`shc:/`). */
export interface ShcClaims {
  iss: string
  nbf: number
  exp?: number
  rid?: string
  /** The `vc` claim: `type` and `credentialSubject.fhirBundle`. */
  vc: { [key: string]: JsonValue }
}

export type CodeClaims = GridlineClaims | DccClaims | ShcClaims

/**
 * The verifier's answer. `claims` is there exactly when the signature verified: on success, and
 * on refusals that come after the signature check (key window, usage, revocation, time), so a
 * gate can still say whose expired code it was. A forged code never yields claims.
 */
export type VerifyResult =
  | { valid: true; reason: 'OK'; format: 'gridline'; kid: string; claims: GridlineClaims }
  | { valid: true; reason: 'OK'; format: 'dcc'; kid: string; claims: DccClaims }
  | { valid: true; reason: 'OK'; format: 'shc'; kid: string; claims: ShcClaims }
  | {
      valid: false
      reason: FailureReason
      format: CodeFormat
      kid?: string
      claims?: CodeClaims
      /** A short technical note (never personal data), e.g. which byte or field failed. */
      detail?: string
    }

/** Builds a refusal. */
export function refuse(
  format: CodeFormat,
  reason: FailureReason,
  detail?: string,
  extra?: { kid?: string; claims?: CodeClaims },
): VerifyResult {
  return {
    valid: false,
    format,
    reason,
    ...(extra?.kid ? { kid: extra.kid } : {}),
    ...(extra?.claims ? { claims: extra.claims } : {}),
    ...(detail ? { detail } : {}),
  }
}
