/**
 * Gridline codes: `GL1:` + base45(zlib(COSE_Sign1(CWT))), the EU DCC construction with our
 * own prefix and a private claim. Every layer has exactly one encoding (zlib stored block,
 * canonical CBOR, base45), so a changed character is always refused. Byte layout and claim
 * keys: docs/CODES.md.
 */
import { z } from 'zod'
import { HEALTH_COLOURS } from '../schemas/gate.ts'
import type { HealthColour } from '../schemas/gate.ts'
import { encodeBase45, decodeBase45, Base45Error } from './base45.ts'
import { fromHex, toBase64Url, toHex } from './bytes.ts'
import { decodeCbor, encodeCbor } from './cbor.ts'
import type { VerifyContext } from './context.ts'
import { checkWindow, isRevoked, numericDate, verifyWithKey } from './context.ts'
import { COSE_ALG, COSE_ES256, COSE_KID, coseAlgorithm, coseKid, decodeCoseSign1, encodeCoseSign1, sigStructure } from './cose.ts'
import { CodeError, refuse } from './result.ts'
import type { GridlineClaims, VerifyResult } from './result.ts'
import { unzlibStored, zlibStore } from './zlib.ts'

export const GRIDLINE_PREFIX = 'GL1:'
/** Private CWT claim holding the Gridline claims map (RFC 8392 leaves negative keys < -65536 free). */
export const GRIDLINE_CLAIM = -70001
/** CWT claim keys (RFC 8392 §4). */
export const CWT = { iss: 1, exp: 4, nbf: 5, iat: 6, cti: 7 } as const
/** Length of a code id (`cti`). */
export const CTI_BYTES = 16

/** A person or property id as the database writes it: a lower-case UUID. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Birth date on a health code: `YYYY-MM-DD`. */
export const BIRTH_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/
/** The ID document's last characters on a health code: at most four, never the whole number. */
export const ID_TAIL_PATTERN = /^[0-9A-Z]{1,4}$/
/** A masked name fits in this many characters (see maskName in src/shared/gate/holder.ts). */
export const MASKED_NAME_MAX = 16

/**
 * The Gridline claims map, short keys to keep the QR small: what is signed besides the times.
 * Health codes carry the holder's identity for an offline comparison at the gate (EU DCC style):
 * `n` masked name, `b` birth date, `d` last four of the ID document — all optional, so codes
 * issued before them still verify.
 */
export const gridlineClaimsSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('health'),
    p: z.string().regex(UUID_PATTERN),
    c: z.enum(HEALTH_COLOURS),
    n: z.string().min(1).max(MASKED_NAME_MAX).optional(),
    b: z.string().regex(BIRTH_DATE_PATTERN).optional(),
    d: z.string().regex(ID_TAIL_PATTERN).optional(),
  }),
  z.object({ t: z.literal('house'), h: z.string().regex(UUID_PATTERN) }),
])
export type GridlineClaimsMap = z.infer<typeof gridlineClaimsSchema>

const COLOURS: ReadonlySet<unknown> = new Set(HEALTH_COLOURS)

/** A uuid as 16 bytes: new codes carry the person id this way (20 bytes shorter than the text). */
function uuidToBytes(uuid: string): Uint8Array {
  return fromHex(uuid.replaceAll('-', ''))
}
function bytesToUuid(bytes: Uint8Array): string {
  const hex = toHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A person id as read from a code: 16 bytes (current) or lower-case text (codes issued before). */
function readPersonId(p: unknown): string | undefined {
  if (p instanceof Uint8Array) return p.length === 16 ? bytesToUuid(p) : undefined
  return typeof p === 'string' && UUID_PATTERN.test(p) ? p : undefined
}

/** An optional text claim: absent is fine, present must fit. `false` means it does not fit. */
function optionalText(value: unknown, fits: (v: string) => boolean): string | undefined | false {
  if (value === undefined) return undefined
  return typeof value === 'string' && fits(value) ? value : false
}

/**
 * Reads the claims map of a verified code: the schema above, checked by hand because this runs
 * once per gate scan (a Zod parse costs more than the rest of the decoding).
 */
function readClaimsMap(raw: Map<unknown, unknown>): GridlineClaimsMap | undefined {
  const t = raw.get('t')
  if (t === 'health') {
    const p = readPersonId(raw.get('p'))
    const c = raw.get('c')
    if (!p || !COLOURS.has(c)) return undefined
    const n = optionalText(raw.get('n'), (v) => v.length > 0 && [...v].length <= MASKED_NAME_MAX)
    const b = optionalText(raw.get('b'), (v) => BIRTH_DATE_PATTERN.test(v))
    const d = optionalText(raw.get('d'), (v) => ID_TAIL_PATTERN.test(v))
    if (n === false || b === false || d === false) return undefined
    return { t, p, c: c as HealthColour, ...(n && { n }), ...(b && { b }), ...(d && { d }) }
  }
  if (t === 'house') {
    const h = raw.get('h')
    return typeof h === 'string' && UUID_PATTERN.test(h) ? { t, h } : undefined
  }
  return undefined
}

/** What the issuer puts in a code. Times are NumericDate seconds. */
export interface GridlineCodeInput {
  claims: GridlineClaimsMap
  /** Issuer, e.g. the city's area code `CN-330300`. */
  iss: string
  iat: number
  nbf: number
  exp: number
  /** 16 random bytes; the revocation list names codes by it. */
  cti: Uint8Array
}

/** Signs Sig_structures with ES256, answering raw r‖s (64 bytes), as COSE wants. */
export interface CodeSigner {
  kid: Uint8Array
  sign(sigStructure: Uint8Array): Uint8Array | Promise<Uint8Array>
}

/**
 * Encodes and signs a Gridline code.
 * @throws {TypeError} for claims that do not fit the schema, non-integer times or a cti that is not 16 bytes
 * @throws {Error} when the signer answers something other than 64 bytes
 * @example
 * const text = await encodeGridlineCode(
 *   { claims: { t: 'health', p: personId, c: 'green' }, iss: 'CN-330300', iat, nbf: iat, exp: iat + 86400, cti },
 *   signer,
 * ) // 'GL1:6BF…'
 */
export async function encodeGridlineCode(input: GridlineCodeInput, signer: CodeSigner): Promise<string> {
  const claims = gridlineClaimsSchema.safeParse(input.claims)
  if (!claims.success)
    throw new TypeError(`gridline claims: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
  for (const name of ['iat', 'nbf', 'exp'] as const) {
    if (!Number.isSafeInteger(input[name])) throw new TypeError(`gridline ${name} must be whole seconds`)
  }
  if (input.cti.length !== CTI_BYTES) throw new TypeError(`gridline cti must be ${CTI_BYTES} bytes`)
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [COSE_ALG, COSE_ES256],
      [COSE_KID, signer.kid],
    ]),
  )
  const payload = encodeCbor(
    new Map<number, unknown>([
      [CWT.iss, input.iss],
      [CWT.exp, input.exp],
      [CWT.nbf, input.nbf],
      [CWT.iat, input.iat],
      [CWT.cti, input.cti],
      [GRIDLINE_CLAIM, claimsToMap(claims.data)],
    ]),
  )
  const signature = await signer.sign(sigStructure(protectedBytes, payload))
  if (signature.length !== 64) throw new Error(`signer answered ${signature.length} bytes, expected raw r||s (64)`)
  return GRIDLINE_PREFIX + encodeBase45(zlibStore(encodeCoseSign1(protectedBytes, payload, signature)))
}

/** The claims map as CBOR gets it: the person id as 16 bytes. */
function claimsToMap(claims: GridlineClaimsMap): Map<string, unknown> {
  const map = new Map<string, unknown>(Object.entries(claims))
  if (claims.t === 'health') map.set('p', uuidToBytes(claims.p))
  return map
}

/**
 * Reads the signed CWT payload of a Gridline code into claims.
 * @throws {CodeError} `BAD_CBOR` or `MALFORMED`
 */
export function decodeGridlinePayload(payload: Uint8Array): GridlineClaims {
  const cwt = decodeCbor(payload, true)
  if (!(cwt instanceof Map)) throw new CodeError('MALFORMED', 'payload is not a CWT claims map')
  const iss = cwt.get(CWT.iss)
  const cti = cwt.get(CWT.cti)
  if (typeof iss !== 'string' || iss.length === 0) throw new CodeError('MALFORMED', 'claim iss missing')
  if (!(cti instanceof Uint8Array) || cti.length !== CTI_BYTES) throw new CodeError('MALFORMED', 'claim cti is not 16 bytes')
  const raw = cwt.get(GRIDLINE_CLAIM)
  if (!(raw instanceof Map)) throw new CodeError('MALFORMED', `claim ${GRIDLINE_CLAIM} missing`)
  const claims = readClaimsMap(raw)
  if (!claims) throw new CodeError('MALFORMED', `claim ${GRIDLINE_CLAIM} does not fit the Gridline claims`)
  const iat = numericDate(cwt.get(CWT.iat), 'iat', true)
  const nbf = numericDate(cwt.get(CWT.nbf), 'nbf', true)
  const exp = numericDate(cwt.get(CWT.exp), 'exp', true)
  if (claims.t === 'house') return { iss, iat, nbf, exp, cti: toBase64Url(cti), type: 'house', propertyId: claims.h }
  const holder = claims.n
    ? { holder: { name: claims.n, ...(claims.b && { birthDate: claims.b }), ...(claims.d && { idTail: claims.d }) } }
    : {}
  return { iss, iat, nbf, exp, cti: toBase64Url(cti), type: 'health', personId: claims.p, colour: claims.c, ...holder }
}

const OWN_PROTECTED_HEAD = [0xa2, 0x01, 0x26, 0x04, 0x48]

/**
 * Reads the envelope exactly as `encodeGridlineCode` writes it, without a CBOR decoder:
 * `d2 84 4d {1: -7, 4: h'kid8'} a0 <bstr payload> 58 40 <r‖s>`. Anything else (which a genuine
 * code never is) goes through the general COSE reader, which words the refusal.
 */
function readOwnLayout(
  bytes: Uint8Array,
): { protectedBytes: Uint8Array; kid: Uint8Array; payload: Uint8Array; signature: Uint8Array } | undefined {
  if (bytes.length < 86 || bytes[0] !== 0xd2 || bytes[1] !== 0x84 || bytes[2] !== 0x4d || bytes[16] !== 0xa0) return undefined
  for (let i = 0; i < OWN_PROTECTED_HEAD.length; i++) if (bytes[3 + i] !== OWN_PROTECTED_HEAD[i]) return undefined
  const head = bytes[17]!
  let length: number
  let start: number
  if (head >= 0x40 && head < 0x58) [length, start] = [head - 0x40, 18]
  else if (head === 0x58 && bytes[18]! >= 24) [length, start] = [bytes[18]!, 19]
  else if (head === 0x59 && bytes[18]! > 0) [length, start] = [(bytes[18]! << 8) | bytes[19]!, 20]
  else return undefined
  const end = start + length
  if (end + 66 !== bytes.length || bytes[end] !== 0x58 || bytes[end + 1] !== 0x40) return undefined
  return {
    protectedBytes: bytes.subarray(3, 16),
    kid: bytes.subarray(8, 16),
    payload: bytes.subarray(start, end),
    signature: bytes.subarray(end + 2),
  }
}

/**
 * Verifies the part of a Gridline code after `GL1:`.
 * @returns the result; never throws for a bad code
 */
export async function verifyGridlineBody(body: string, context: VerifyContext): Promise<VerifyResult> {
  let kidText: string | undefined
  try {
    let compressed: Uint8Array
    try {
      compressed = decodeBase45(body)
    } catch (error) {
      if (error instanceof Base45Error) throw new CodeError('BAD_BASE45', error.message)
      throw error
    }
    const coseBytes = unzlibStored(compressed)
    let cose = readOwnLayout(coseBytes)
    if (!cose) {
      const general = decodeCoseSign1(coseBytes, { mode: 'strict' })
      coseAlgorithm(general, ['ES256'])
      cose = { ...general, kid: coseKid(general, false) }
    }
    const { kid } = cose
    const key = context.store.gridlineKeys.get(toHex(kid))
    if (!key) throw new CodeError('UNKNOWN_KEY', `no trusted key ${toBase64Url(kid)}`)
    kidText = key.kidText
    await verifyWithKey(context, key, 'ES256', sigStructure(cose.protectedBytes, cose.payload), cose.signature)
    const claims = decodeGridlinePayload(cose.payload)
    const signed = { kid: kidText, claims }
    if (claims.iat < key.notBefore || claims.iat > key.notAfter)
      return refuse('gridline', 'KEY_NOT_VALID', 'issued outside the key’s validity', signed)
    if (isRevoked(context, claims.cti)) return refuse('gridline', 'REVOKED', undefined, signed)
    const window = checkWindow(context, claims.nbf, claims.exp)
    if (window) return refuse('gridline', window, undefined, signed)
    return { valid: true, reason: 'OK', format: 'gridline', kid: kidText, claims }
  } catch (error) {
    if (error instanceof CodeError) return refuse('gridline', error.reason, error.message, { kid: kidText })
    throw error
  }
}
