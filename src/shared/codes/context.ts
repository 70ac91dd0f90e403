/**
 * What each format's reader gets from `verifyCode`, and the checks they share.
 */
import type { SignatureAlg } from './backend.ts'
import type { FailureReason } from './result.ts'
import { CodeError } from './result.ts'
import type { StoredKey, TrustStore } from './trust-store.ts'
import { keyHandle } from './trust-store.ts'

/** One verification's inputs, resolved. */
export interface VerifyContext {
  store: TrustStore
  /** "Now", seconds since the epoch. */
  now: number
  /** Clock tolerance applied to nbf/exp, seconds. */
  leeway: number
  /** Extra revoked code ids (base64url) on top of the trust list's. */
  extraRevoked: ReadonlySet<string> | undefined
}

/** Whether a code id (base64url) is revoked by the trust list or the extra list. */
export function isRevoked(context: VerifyContext, id: string): boolean {
  return context.store.revoked.has(id) || (context.extraRevoked?.has(id) ?? false)
}

/**
 * Checks `now` against a validity window, both ends inclusive and widened by the leeway.
 * @returns the failure, or null inside the window
 */
export function checkWindow(context: VerifyContext, from: number, until: number | undefined): FailureReason | null {
  if (context.now + context.leeway < from) return 'NOT_YET_VALID'
  if (until !== undefined && context.now - context.leeway > until) return 'EXPIRED'
  return null
}

/**
 * Verifies a signature with a stored key (imported once, then cached on the entry).
 * @throws {CodeError} `BAD_SIGNATURE` when it does not verify
 */
export async function verifyWithKey(
  context: VerifyContext,
  entry: StoredKey,
  alg: SignatureAlg,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<void> {
  if (alg !== entry.alg) throw new CodeError('BAD_SIGNATURE', `signed with ${alg} but the key is ${entry.alg}`)
  const backend = context.store.backend
  let handle = keyHandle(entry, backend)
  if (handle instanceof Promise) handle = await handle
  let ok = backend.verify(alg, handle, data, signature)
  if (ok instanceof Promise) ok = await ok
  if (!ok) throw new CodeError('BAD_SIGNATURE', 'signature does not verify')
}

/**
 * Reads a NumericDate claim (seconds; DCC and SHC issuers sometimes send fractions).
 * @throws {CodeError} `MALFORMED` when required and missing, or not a finite number
 */
export function numericDate(value: unknown, name: string, required: true): number
export function numericDate(value: unknown, name: string, required: false): number | undefined
export function numericDate(value: unknown, name: string, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CodeError('MALFORMED', `claim ${name} is not a NumericDate`)
  return value
}
