import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * The signed-request scheme `hmac-sha256-v1` of the national health-code interface as gate
 * vendors integrated it (app id, timestamp, nonce, signature). Both sides sign: the platform's
 * answer is bound to our request's nonce, so a replayed or forged answer does not verify.
 * Used by our client, our own 验码 endpoint and the platform simulator.
 */
export const SIGNATURE_HEADERS = { appId: 'x-app-id', timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const

/** A request or answer older or newer than this is refused (clock skew plus transit). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000

function sha256Hex(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex')
}
function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}
function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

/** Headers of a signed request: HMAC(secret, appId \n timestamp \n nonce \n sha256(body)). */
export function signRequest(appId: string, secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now)
  const nonce = randomBytes(12).toString('hex')
  return {
    [SIGNATURE_HEADERS.appId]: appId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: hmacHex(secret, `${appId}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`),
  }
}

type HeaderBag = Record<string, string | string[] | undefined>
const header = (headers: HeaderBag, name: string) => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Checks a signed request's headers against the secret of the app id they name.
 * @returns 'ok', or why not
 */
export function checkRequestSignature(
  headers: HeaderBag,
  body: string,
  secretOf: (appId: string) => string | undefined,
  now = Date.now(),
): 'ok' | 'unknown_app' | 'stale' | 'bad_signature' {
  const appId = header(headers, SIGNATURE_HEADERS.appId) ?? ''
  const timestamp = header(headers, SIGNATURE_HEADERS.timestamp) ?? ''
  const nonce = header(headers, SIGNATURE_HEADERS.nonce) ?? ''
  const signature = header(headers, SIGNATURE_HEADERS.signature) ?? ''
  const secret = secretOf(appId)
  if (!secret) return 'unknown_app'
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > SIGNATURE_WINDOW_MS) return 'stale'
  return sameHex(signature, hmacHex(secret, `${appId}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`)) ? 'ok' : 'bad_signature'
}

/** Headers of a signed answer to the request with `nonce`. */
export function signResponse(secret: string, nonce: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now)
  return {
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.signature]: hmacHex(secret, `${timestamp}\n${nonce}\n${sha256Hex(body)}`),
  }
}

/** Whether an answer is the platform's, to our request with `nonce`, and recent. */
export function checkResponseSignature(
  headers: { get(name: string): string | null },
  secret: string,
  nonce: string,
  body: string,
  now = Date.now(),
): boolean {
  const timestamp = headers.get(SIGNATURE_HEADERS.timestamp) ?? ''
  const signature = headers.get(SIGNATURE_HEADERS.signature) ?? ''
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > SIGNATURE_WINDOW_MS) return false
  return sameHex(signature, hmacHex(secret, `${timestamp}\n${nonce}\n${sha256Hex(body)}`))
}
