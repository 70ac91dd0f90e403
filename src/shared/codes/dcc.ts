/**
 * EU Digital COVID Certificates (`HC1:`): the same pipeline as ours, keys from X.509 signing
 * certificates chosen by kid (SHA-256 of the certificate, first 8 bytes), ES256 or PS256.
 * Conformance: dcc-conformance.test.ts runs the upstream test vectors.
 */
import { Base45Error, decodeBase45 } from './base45.ts'
import { toBase64, toBase64Url, toHex } from './bytes.ts'
import { cborToJson, decodeCbor } from './cbor.ts'
import type { VerifyContext } from './context.ts'
import { checkWindow, isRevoked, numericDate, verifyWithKey } from './context.ts'
import { coseAlgorithm, coseKid, decodeCoseSign1, sigStructure } from './cose.ts'
import type { CoseSign1 } from './cose.ts'
import { CodeError, refuse } from './result.ts'
import type { DccClaims, JsonValue, VerifyResult } from './result.ts'
import type { DccKey } from './trust-store.ts'
import { inflateZlib } from './zlib.ts'

export const DCC_PREFIX = 'HC1:'
/** CWT claim holding the health certificate: `-260` → `{1: DCC}`. */
export const HCERT_CLAIM = -260

/**
 * Extended-key-usage OIDs that limit which certificate type a DSC may sign. Both the registered
 * arc and the `…4.1.0.1847…` form found in the test data are accepted.
 */
export const DCC_KEY_USAGE: Record<DccClaims['type'], readonly string[]> = {
  t: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  v: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  r: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
}

/**
 * Step 1: the base45 text after the `HC1:` context prefix.
 * @throws {CodeError} `BAD_PREFIX` for any other prefix or none
 */
export function stripDccPrefix(text: string): string {
  if (!text.startsWith(DCC_PREFIX)) throw new CodeError('BAD_PREFIX', 'not an HC1: code')
  return text.slice(DCC_PREFIX.length)
}

/**
 * Steps 1–4: the COSE_Sign1 inside a DCC text (prefix, base45, zlib, CBOR envelope).
 * @throws {CodeError} `BAD_PREFIX`, `BAD_BASE45`, `BAD_COMPRESSION`, `BAD_CBOR` or `MALFORMED`
 */
export function decodeDccCose(text: string): CoseSign1 {
  let compressed: Uint8Array
  try {
    compressed = decodeBase45(stripDccPrefix(text))
  } catch (error) {
    if (error instanceof Base45Error) throw new CodeError('BAD_BASE45', error.message)
    throw error
  }
  return decodeCoseSign1(inflateZlib(compressed), { mode: 'lenient' })
}

/** The decoded CWT of a DCC. */
export interface DccPayload {
  claims: DccClaims
  /** `cti` when the issuer set one, base64url (revocable then). */
  cti?: string
  /** The DCC exactly as decoded (Maps), for comparisons that must not go through JSON. */
  hcert: unknown
}

/**
 * Reads the CWT payload: `1` iss, `4` exp, `6` iat, `-260` → `{1: DCC}` with exactly one of v/t/r.
 * @throws {CodeError} `BAD_CBOR` or `MALFORMED`
 */
export function decodeDccPayload(payload: Uint8Array): DccPayload {
  const cwt = decodeCbor(payload)
  if (!(cwt instanceof Map)) throw new CodeError('MALFORMED', 'payload is not a CWT claims map')
  const hcertClaim = cwt.get(HCERT_CLAIM)
  const hcert = hcertClaim instanceof Map ? hcertClaim.get(1) : undefined
  if (!(hcert instanceof Map)) throw new CodeError('MALFORMED', 'claim -260/1 (the DCC) missing')
  const dcc = cborToJson(hcert) as { [key: string]: JsonValue }
  // Some issuers send the unused kinds as null (BG); only a non-empty list counts.
  const types = (['v', 't', 'r'] as const).filter((key) => Array.isArray(dcc[key]) && (dcc[key] as JsonValue[]).length > 0)
  if (types.length !== 1) throw new CodeError('MALFORMED', `DCC holds ${types.length} certificate kinds, expected one of v/t/r`)
  const iss = cwt.get(1)
  const cti = cwt.get(7)
  return {
    claims: {
      ...(typeof iss === 'string' ? { iss } : {}),
      iat: numericDate(cwt.get(6), 'iat', true),
      exp: numericDate(cwt.get(4), 'exp', true),
      type: types[0]!,
      dcc,
    },
    ...(cti instanceof Uint8Array ? { cti: toBase64Url(cti) } : {}),
    hcert,
  }
}

/**
 * Whether a DSC may sign this certificate type. A DSC without an extended-key-usage extension
 * may sign all types; one with the extension must list the type's OID (this is the rule the
 * upstream test suite applies: a DSC whose EKU names only other purposes is refused).
 */
export function dccKeyUsageAllows(extendedKeyUsage: readonly string[] | null, type: DccClaims['type']): boolean {
  if (extendedKeyUsage === null || extendedKeyUsage.length === 0) return true
  return DCC_KEY_USAGE[type].some((oid) => extendedKeyUsage.includes(oid))
}

/** Whether the DSC was valid over the code's life: notBefore ≤ iat and exp ≤ notAfter. */
export function dccKeyCovers(key: Pick<DccKey, 'notBefore' | 'notAfter'>, claims: Pick<DccClaims, 'iat' | 'exp'>): boolean {
  return key.notBefore <= claims.iat && claims.iat <= key.notAfter && claims.exp <= key.notAfter
}

/**
 * Verifies a DCC text (with its `HC1:` prefix).
 * @returns the result; never throws for a bad code
 */
export async function verifyDcc(text: string, context: VerifyContext): Promise<VerifyResult> {
  let kidText: string | undefined
  try {
    const cose = decodeDccCose(text)
    const alg = coseAlgorithm(cose, ['ES256', 'PS256'], true)
    const kid = coseKid(cose, true)
    const key = context.store.dccKeys.get(toHex(kid))
    if (!key) throw new CodeError('UNKNOWN_KEY', `no trusted certificate ${toBase64(kid)}`)
    kidText = key.kidText
    await verifyWithKey(context, key, alg, sigStructure(cose.protectedBytes, cose.payload), cose.signature)
    const { claims, cti } = decodeDccPayload(cose.payload)
    const signed = { kid: kidText, claims }
    if (!dccKeyCovers(key, claims)) return refuse('dcc', 'KEY_NOT_VALID', 'certificate not valid over the code’s life', signed)
    if (!dccKeyUsageAllows(key.extendedKeyUsage, claims.type))
      return refuse('dcc', 'WRONG_KEY_USAGE', `certificate may not sign type ${claims.type}`, signed)
    if (cti && isRevoked(context, cti)) return refuse('dcc', 'REVOKED', undefined, signed)
    const window = checkWindow(context, claims.iat, claims.exp)
    if (window) return refuse('dcc', window, undefined, signed)
    return { valid: true, reason: 'OK', format: 'dcc', kid: kidText, claims }
  } catch (error) {
    if (error instanceof CodeError) return refuse('dcc', error.reason, error.message, { kid: kidText })
    throw error
  }
}
