import { prepareTrust, verifyCode, type TrustStore, type VerifyResult } from '../../../shared/codes/index.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import { nodeCryptoBackend } from '../../codes/node-crypto-backend.ts'
import type { Db } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { currentTrust } from './trust-list.ts'

/** A scanned code as the gate needs it: valid or why not, and whose / which property. */
export interface ReadCode {
  valid: boolean
  format: VerifyResult['format']
  reason: string
  kind?: 'health' | 'house'
  personId?: string
  colour?: HealthColour
  propertyId?: string
  cti?: string
}

/**
 * How stale the server's copy of keys and revocations may get when another app server made the
 * change. Changes made through this process invalidate it at once.
 */
export const TRUST_REFRESH_MS = 5_000

interface CachedTrust {
  store: Promise<TrustStore>
  loadedAt: number
}
const caches = new WeakMap<Db, CachedTrust>()

function trustStoreFor(deps: Deps): Promise<TrustStore> {
  const cached = caches.get(deps.db)
  const now = Date.now()
  if (cached && now - cached.loadedAt < TRUST_REFRESH_MS) return cached.store
  const store = currentTrust(deps.db).then((list) => prepareTrust(list, nodeCryptoBackend))
  caches.set(deps.db, { store, loadedAt: now })
  // A failed load must not stick: the next scan tries again.
  store.catch(() => caches.delete(deps.db))
  return store
}

/** Forgets the cached trust after a key rotation, revocation or colour change in this process. */
export function invalidateTrustCache(deps: Deps): void {
  caches.delete(deps.db)
}

/**
 * Verifies a scanned code against the server's own trust (our keys, revocations) as of `at`.
 */
export async function readCode(deps: Deps, text: string, at: Date): Promise<ReadCode> {
  const result = await verifyCode(text, { trust: await trustStoreFor(deps), now: at })
  const read: ReadCode = { valid: result.valid, format: result.format, reason: result.reason }
  if (result.valid && result.format === 'gridline') {
    const claims = result.claims
    read.cti = claims.cti
    if (claims.type === 'health') Object.assign(read, { kind: 'health', personId: claims.personId, colour: claims.colour })
    else Object.assign(read, { kind: 'house', propertyId: claims.propertyId })
  }
  return read
}
