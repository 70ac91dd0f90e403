import { useCallback, useEffect, useState } from 'react'
import { loadCachedTrust, refreshTrust, TrustListError, type CachedTrust } from './offline/trust.ts'

/** How often an open scanner page fetches a fresher trust list (new revocations). */
const REFRESH_MS = 10 * 60 * 1000

/** The trust list the page verifies with offline. */
export interface GateTrust {
  trust: CachedTrust | null
  /** A downloaded list was refused (bad signature, rollback); the cached one stays in use. */
  rejected: boolean
}

/**
 * The trust list for offline verification: the cached one at once, then a fresh download
 * whenever the page is online (on load, on reconnect, every ten minutes).
 */
export function useGateTrust(online: boolean): GateTrust {
  const [trust, setTrust] = useState<CachedTrust | null>(null)
  const [rejected, setRejected] = useState(false)

  useEffect(() => {
    loadCachedTrust().then(
      (cached) => setTrust((current) => current ?? cached),
      () => {},
    )
  }, [])

  const refresh = useCallback(() => {
    refreshTrust().then(
      (fresh) => {
        setTrust(fresh)
        setRejected(false)
      },
      // Unreachable is normal at a gate; only a refused list is worth telling the guard.
      (error: unknown) => setRejected(error instanceof TrustListError),
    )
  }, [])

  useEffect(() => {
    if (!online) return
    refresh()
    const timer = setInterval(refresh, REFRESH_MS)
    return () => clearInterval(timer)
  }, [online, refresh])

  return { trust, rejected }
}
