/**
 * COSE_Sign1 (RFC 9052 §4.2), written here: it is CBOR plus the Sig_structure, and the small
 * COSE packages on npm are Node-only or unmaintained. Reading keeps the protected header and
 * payload as the exact bytes received, so the signature is checked over them without
 * re-encoding anything.
 */
import type { CryptoBackend, PublicKeyHandle, SignatureAlg } from './backend.ts'
import { CborTag, decodeCbor, encodeCbor } from './cbor.ts'
import { concatBytes } from './bytes.ts'
import { CodeError } from './result.ts'

/** COSE header labels and algorithm ids used here. */
export const COSE_ALG = 1
export const COSE_KID = 4
export const COSE_ES256 = -7
export const COSE_PS256 = -37
const COSE_SIGN1_TAG = 18
const CWT_TAG = 61

/** A decoded COSE_Sign1; byte fields are the received bytes. */
export interface CoseSign1 {
  protectedBytes: Uint8Array
  protectedHeader: Map<unknown, unknown>
  unprotectedHeader: Map<unknown, unknown>
  payload: Uint8Array
  signature: Uint8Array
}

/** How strictly to read the envelope. */
export interface CoseReadOptions {
  /**
   * `strict` (our codes): tag 18 required, canonical CBOR. `lenient` (DCC): also untagged or
   * wrapped in the CWT tag 61, as issuers in the test data do, and indefinite lengths.
   */
  mode: 'strict' | 'lenient'
}

/**
 * Decodes a COSE_Sign1 envelope.
 * @throws {CodeError} `BAD_CBOR` for bytes that are not CBOR, `MALFORMED` for CBOR of another shape
 */
export function decodeCoseSign1(bytes: Uint8Array, options: CoseReadOptions): CoseSign1 {
  const strict = options.mode === 'strict'
  let item = decodeCbor(bytes, strict)
  if (!strict && item instanceof CborTag && item.tag === CWT_TAG) item = item.value
  if (item instanceof CborTag) {
    if (item.tag !== COSE_SIGN1_TAG) throw new CodeError('MALFORMED', `cose: tag ${item.tag}, expected 18`)
    item = item.value
  } else if (strict) {
    throw new CodeError('MALFORMED', 'cose: COSE_Sign1 tag 18 missing')
  }
  if (!Array.isArray(item) || item.length !== 4) throw new CodeError('MALFORMED', 'cose: not a 4-element array')
  const [protectedBytes, unprotectedHeader, payload, signature] = item as unknown[]
  if (!(protectedBytes instanceof Uint8Array)) throw new CodeError('MALFORMED', 'cose: protected header is not a byte string')
  if (!(unprotectedHeader instanceof Map)) throw new CodeError('MALFORMED', 'cose: unprotected header is not a map')
  if (!(payload instanceof Uint8Array))
    throw new CodeError('MALFORMED', 'cose: payload is not a byte string (detached payloads are not accepted)')
  if (!(signature instanceof Uint8Array)) throw new CodeError('MALFORMED', 'cose: signature is not a byte string')
  // RFC 9052: an empty protected header may be sent as a zero-length byte string.
  const protectedHeader = protectedBytes.length === 0 ? new Map() : decodeCbor(protectedBytes, strict)
  if (!(protectedHeader instanceof Map)) throw new CodeError('MALFORMED', 'cose: protected header is not a map')
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature }
}

/**
 * The signing algorithm, from the protected header (signed). DCC issuers sometimes put it in
 * the unprotected header only (test vector CO20); `allowUnprotected` accepts that, which is safe
 * because the verifier also requires the algorithm to match the trusted key's type.
 * @throws {CodeError} `UNSUPPORTED_ALGORITHM` for any other algorithm or none
 */
export function coseAlgorithm(cose: CoseSign1, allowed: readonly SignatureAlg[], allowUnprotected = false): SignatureAlg {
  const id = cose.protectedHeader.get(COSE_ALG) ?? (allowUnprotected ? cose.unprotectedHeader.get(COSE_ALG) : undefined)
  const alg = id === COSE_ES256 ? 'ES256' : id === COSE_PS256 ? 'PS256' : undefined
  if (!alg || !allowed.includes(alg)) throw new CodeError('UNSUPPORTED_ALGORITHM', `cose: algorithm ${String(id)} not accepted`)
  return alg
}

/**
 * The key id: from the protected header, else (when allowed) the unprotected one — the DCC rule.
 * @throws {CodeError} `MALFORMED` when there is none or it is not a byte string
 */
export function coseKid(cose: CoseSign1, allowUnprotected: boolean): Uint8Array {
  const kid = cose.protectedHeader.get(COSE_KID) ?? (allowUnprotected ? cose.unprotectedHeader.get(COSE_KID) : undefined)
  if (!(kid instanceof Uint8Array) || kid.length === 0) throw new CodeError('MALFORMED', 'cose: no key id')
  return kid
}

const SIGNATURE1 = new TextEncoder().encode('Signature1')

function byteStringHead(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length)
  if (length < 0x100) return Uint8Array.of(0x58, length)
  if (length < 0x10000) return Uint8Array.of(0x59, length >> 8, length & 0xff)
  return Uint8Array.of(0x5a, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff)
}

/**
 * The bytes that are signed: `["Signature1", protected, h'', payload]`, built directly from the
 * received byte strings (RFC 9052 §4.4).
 */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return concatBytes(
    Uint8Array.of(0x84, 0x6a),
    SIGNATURE1,
    byteStringHead(protectedBytes.length),
    protectedBytes,
    Uint8Array.of(0x40),
    byteStringHead(payload.length),
    payload,
  )
}

/**
 * Encodes a tagged COSE_Sign1 with an empty unprotected header.
 * @example encodeCoseSign1(protectedBytes, payload, signature) // Uint8Array [0xd2, 0x84, …]
 */
export function encodeCoseSign1(protectedBytes: Uint8Array, payload: Uint8Array, signature: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0xc0 | COSE_SIGN1_TAG), encodeCbor([protectedBytes, new Map(), payload, signature]))
}

/**
 * Checks a COSE_Sign1 signature with a public key (the Sig_structure is built from the received
 * bytes). Key lookup by kid is the caller's: see the trust store.
 * @returns whether the signature verifies
 */
export async function verifyCoseSignature(
  cose: Pick<CoseSign1, 'protectedBytes' | 'payload' | 'signature'>,
  alg: SignatureAlg,
  key: PublicKeyHandle,
  backend: CryptoBackend,
): Promise<boolean> {
  return backend.verify(alg, key, sigStructure(cose.protectedBytes, cose.payload), cose.signature)
}
