import { prepareTrust, verifyCode, type TrustStore } from '../../../shared/codes/index.ts'
import { readCodeFromResult, type ReadCode } from '../../../shared/gate/decide.ts'
import { nodeCryptoBackend } from '../../codes/node-crypto-backend.ts'
import type { Db } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { currentTrust } from './trust-list.ts'

export type { ReadCode }

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
  return readCodeFromResult(await verifyCode(text, { trust: await trustStoreFor(deps), now: at }))
}
