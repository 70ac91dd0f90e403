import { createWebCryptoBackend, trustListSchema, type CryptoBackend, type TrustList } from '../../../../shared/codes/index.ts'
import { fromBase64, utf8 } from '../../../../shared/codes/bytes.ts'
import { api } from '../../../api/client.ts'
import { kvGet, kvSet } from './db.ts'

/**
 * The scanner's trust list: downloaded while online, checked against the trust anchor pinned
 * on first use (trust on first use, like SSH), kept in IndexedDB for offline verification. A
 * list that fails the check, or is older than the one we have, is never used.
 */

/** What GET /api/codes/trust-list answers: the payload text is what was signed. */
export interface SignedTrustList {
  payload: string
  kid: string
  alg: 'ES256'
  signature: string
}

/** What GET /api/codes/trust-anchor answers. */
export interface TrustAnchorKey {
  kid: string
  alg: 'ES256'
  publicKey: string
}

/** A verified trust list and when this device fetched it. */
export interface CachedTrust {
  list: TrustList
  fetchedAt: string
}

interface StoredTrust {
  envelope: SignedTrustList
  fetchedAt: string
}

/** Why a downloaded trust list was not used. */
export type TrustProblem = 'UNKNOWN_SIGNER' | 'BAD_SIGNATURE' | 'MALFORMED' | 'ROLLBACK'

/** A trust list that must not be used; the cached one stays. */
export class TrustListError extends Error {
  constructor(readonly problem: TrustProblem) {
    super(`trust list refused: ${problem}`)
    this.name = 'TrustListError'
  }
}

const ANCHOR_KEY = 'trustAnchor'
const TRUST_KEY = 'trustList'

let backend: CryptoBackend | undefined
/**
 * One backend for the page's lifetime: verifyCode caches prepared keys per backend object.
 * @throws {Error} on a page without WebCrypto (plain http)
 */
export function cryptoBackend(): CryptoBackend {
  backend ??= createWebCryptoBackend()
  return backend
}

/** Checks the envelope against the anchor and parses the payload. */
async function openEnvelope(envelope: SignedTrustList, anchor: TrustAnchorKey): Promise<TrustList> {
  if (envelope.kid !== anchor.kid || envelope.alg !== 'ES256') throw new TrustListError('UNKNOWN_SIGNER')
  const crypto = cryptoBackend()
  let valid = false
  try {
    const key = await crypto.importSpki(fromBase64(anchor.publicKey), 'ES256')
    valid = await crypto.verify('ES256', key, utf8(envelope.payload), fromBase64(envelope.signature))
  } catch {
    valid = false
  }
  if (!valid) throw new TrustListError('BAD_SIGNATURE')
  let json: unknown
  try {
    json = JSON.parse(envelope.payload)
  } catch {
    throw new TrustListError('MALFORMED')
  }
  const parsed = trustListSchema.safeParse(json)
  if (!parsed.success) throw new TrustListError('MALFORMED')
  return parsed.data
}

// The last opened list: handing out the same TrustList object keeps verifyCode's key cache warm.
let lastOpened: { signature: string; list: TrustList } | undefined

async function openStored(stored: StoredTrust, anchor: TrustAnchorKey): Promise<CachedTrust> {
  if (lastOpened?.signature !== stored.envelope.signature) {
    lastOpened = { signature: stored.envelope.signature, list: await openEnvelope(stored.envelope, anchor) }
  }
  return { list: lastOpened.list, fetchedAt: stored.fetchedAt }
}

/** The trust list cached on this device, re-checked against the pinned anchor; null if none. */
export async function loadCachedTrust(): Promise<CachedTrust | null> {
  const [anchor, stored] = await Promise.all([kvGet<TrustAnchorKey>(ANCHOR_KEY), kvGet<StoredTrust>(TRUST_KEY)])
  if (!anchor || !stored) return null
  return openStored(stored, anchor)
}

/**
 * Downloads the trust list, verifies it and caches it. Pins the server's anchor on first use.
 * @throws {TrustListError} for a list not signed by the pinned anchor, malformed, or older than ours
 * @throws {ApiError} when the server cannot be reached
 */
export async function refreshTrust(): Promise<CachedTrust> {
  let anchor = await kvGet<TrustAnchorKey>(ANCHOR_KEY)
  if (!anchor) {
    anchor = await api<TrustAnchorKey>('/api/codes/trust-anchor')
    await kvSet(ANCHOR_KEY, anchor)
  }
  const envelope = await api<SignedTrustList>('/api/codes/trust-list')
  const current = await loadCachedTrust().catch(() => null)
  const fresh: StoredTrust = { envelope, fetchedAt: new Date().toISOString() }
  const next = await openStored(fresh, anchor)
  // A replayed older list could bring back a revoked code: refuse to go backwards.
  if (current && next.list.version < current.list.version) throw new TrustListError('ROLLBACK')
  await kvSet(TRUST_KEY, fresh)
  return next
}
