/**
 * SMART Health Cards (`shc:/`): numeric QR text → compact JWS (ES256, raw-DEFLATE payload),
 * key by `kid` (JWK thumbprint) from a trusted issuer's JWKS, revocation by the CRL's `rids`.
 */
import { fromBase64, toBase64Url } from './bytes.ts'
import type { VerifyContext } from './context.ts'
import { checkWindow, numericDate, verifyWithKey } from './context.ts'
import { CodeError, refuse } from './result.ts'
import type { JsonValue, ShcClaims, VerifyResult } from './result.ts'
import { inflateRaw } from './zlib.ts'

export const SHC_PREFIX = 'shc:/'
const CHUNK = /^shc:\/(\d+)\/(\d+)\/(\d*)$/i
const SINGLE = /^shc:\/(\d*)$/i

/**
 * Joins the chunks of a multi-QR card (`shc:/1/3/…`, any order) into one `shc:/…` text.
 * A single unchunked text is returned as it is.
 * @throws {CodeError} `MALFORMED` for mixed, missing or repeated chunks
 * @example joinShcChunks(['shc:/2/2/56', 'shc:/1/2/12']) // 'shc:/1256'
 */
export function joinShcChunks(parts: readonly string[]): string {
  if (parts.length === 1 && SINGLE.test(parts[0]!)) return parts[0]!
  const chunks: string[] = []
  let total = 0
  for (const part of parts) {
    const match = CHUNK.exec(part)
    if (!match) throw new CodeError('MALFORMED', 'not an shc:/C/N/… chunk')
    const index = Number(match[1])
    const count = Number(match[2])
    if (total && count !== total) throw new CodeError('MALFORMED', 'chunks of different cards')
    total = count
    if (index < 1 || index > count || chunks[index - 1] !== undefined)
      throw new CodeError('MALFORMED', `chunk ${index}/${count} out of range or repeated`)
    chunks[index - 1] = match[3]!
  }
  if (chunks.length !== total || chunks.some((chunk) => chunk === undefined))
    throw new CodeError('MALFORMED', `${parts.length} of ${total} chunks`)
  return SHC_PREFIX + chunks.join('')
}

/**
 * Numeric QR text → JWS: each pair of digits is a character code minus 45.
 * @throws {CodeError} `BAD_PREFIX` without `shc:/`, `MALFORMED` for bad digits
 */
export function decodeShcNumeric(text: string): string {
  const match = SINGLE.exec(text)
  if (!match) throw new CodeError(text.toLowerCase().startsWith(SHC_PREFIX) ? 'MALFORMED' : 'BAD_PREFIX', 'not a single shc:/ numeric text')
  const digits = match[1]!
  if (digits.length === 0 || digits.length % 2 !== 0) throw new CodeError('MALFORMED', 'odd number of digits')
  let jws = ''
  for (let i = 0; i < digits.length; i += 2) {
    const value = Number(digits.slice(i, i + 2))
    // 45 + 77 = 'z', the highest base64url / '.' character.
    if (value > 77) throw new CodeError('MALFORMED', `digit pair ${value} above 77`)
    jws += String.fromCharCode(value + 45)
  }
  return jws
}

function decodeJsonPart(part: string, what: string): Record<string, JsonValue> {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(part)))
  } catch {
    throw new CodeError('MALFORMED', `JWS ${what} is not base64url JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CodeError('MALFORMED', `JWS ${what} is not an object`)
  return value as Record<string, JsonValue>
}

function inflateJson(part: string): Record<string, JsonValue> {
  let compressed: Uint8Array
  try {
    compressed = fromBase64(part)
  } catch {
    throw new CodeError('MALFORMED', 'JWS payload is not base64url')
  }
  const json = new TextDecoder().decode(inflateRaw(compressed))
  try {
    const value: unknown = JSON.parse(json)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object')
    return value as Record<string, JsonValue>
  } catch {
    throw new CodeError('MALFORMED', 'JWS payload is not a JSON object')
  }
}

/**
 * Verifies a compact JWS health card (the form inside `shc:/` and in `.smart-health-card` files).
 * @returns the result; never throws for a bad card
 */
export async function verifyShcJws(jws: string, context: VerifyContext): Promise<VerifyResult> {
  let kidText: string | undefined
  try {
    const parts = jws.split('.')
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw new CodeError('MALFORMED', 'not a compact JWS')
    const header = decodeJsonPart(parts[0]!, 'header')
    if (header.alg !== 'ES256') throw new CodeError('UNSUPPORTED_ALGORITHM', `JWS alg ${String(header.alg)} not accepted`)
    if (header.zip !== 'DEF') throw new CodeError('MALFORMED', 'JWS zip is not DEF')
    if (typeof header.kid !== 'string') throw new CodeError('MALFORMED', 'JWS kid missing')
    const key = context.store.shcKeys.get(header.kid)
    if (!key) throw new CodeError('UNKNOWN_KEY', `no trusted SHC key ${header.kid}`)
    kidText = key.kidText
    const signingInput = new TextEncoder().encode(`${parts[0]}.${parts[1]}`)
    let signature: Uint8Array
    try {
      signature = fromBase64(parts[2]!)
    } catch {
      throw new CodeError('MALFORMED', 'JWS signature is not base64url')
    }
    // The last base64url character carries unused bits; only the canonical spelling is accepted,
    // so no character of a card can change without refusal.
    if (toBase64Url(signature) !== parts[2]) throw new CodeError('MALFORMED', 'JWS signature is not canonical base64url')
    await verifyWithKey(context, key, 'ES256', signingInput, signature)
    const payload = inflateJson(parts[1]!)
    const vc = payload.vc
    if (typeof payload.iss !== 'string' || typeof vc !== 'object' || vc === null || Array.isArray(vc))
      throw new CodeError('MALFORMED', 'payload lacks iss or vc')
    // The key vouches only for its own issuer: a card naming another iss is not covered by it.
    if (payload.iss !== key.iss) throw new CodeError('UNKNOWN_KEY', 'card iss is not the key’s issuer')
    const nbf = numericDate(payload.nbf, 'nbf', true)
    const exp = numericDate(payload.exp, 'exp', false)
    const rid = typeof vc.rid === 'string' ? vc.rid : undefined
    const claims: ShcClaims = { iss: payload.iss, nbf, ...(exp !== undefined ? { exp } : {}), ...(rid ? { rid } : {}), vc }
    const signed = { kid: kidText, claims }
    if (rid && key.revokedRids.has(rid)) {
      // A timestamp suffix revokes only cards issued (nbf) before it.
      const before = key.revokedRids.get(rid)
      if (before === null || before === undefined || nbf < before) return refuse('shc', 'REVOKED', undefined, signed)
    }
    const window = checkWindow(context, nbf, exp)
    if (window) return refuse('shc', window, undefined, signed)
    return { valid: true, reason: 'OK', format: 'shc', kid: kidText, claims }
  } catch (error) {
    if (error instanceof CodeError) return refuse('shc', error.reason, error.message, { kid: kidText })
    throw error
  }
}

/**
 * Verifies `shc:/` text: one numeric QR, or all chunks of a multi-QR card one per line.
 * @returns the result; never throws for a bad card
 */
export async function verifyShc(text: string, context: VerifyContext): Promise<VerifyResult> {
  try {
    const lines = text.split(/\s+/).filter(Boolean)
    return await verifyShcJws(decodeShcNumeric(joinShcChunks(lines)), context)
  } catch (error) {
    if (error instanceof CodeError) return refuse('shc', error.reason, error.message)
    throw error
  }
}
