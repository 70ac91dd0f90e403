import { useCallback, useEffect, useRef, useState } from 'react'
import type { MeHealthCode, MeSignedIn, MeView } from '../../../shared/schemas/resident.ts'
import { api, ApiError } from '../../api/client.ts'
import { forget, loadSaved, needsNewCode, save, type SavedCodes } from './me-storage.ts'

/** How often an open page asks whether colours changed; a code close to expiry renews on the next tick. */
const SYNC_EVERY_MS = 5 * 60_000
const TICK_MS = 30_000

export type MePhase = 'loading' | 'signed-out' | 'ready'

function unreachable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500
}

/**
 * The page's state: the saved codes at once, then the server's view; fresh codes are signed
 * when the held ones are revoked, of another colour or close to expiry. Offline, the saved
 * codes stay and `offline` says so.
 */
export function useMeCodes() {
  const [saved, setSaved] = useState<SavedCodes | null>(loadSaved)
  const [phase, setPhase] = useState<MePhase>(() => (loadSaved() ? 'ready' : 'loading'))
  const [offline, setOffline] = useState(false)
  const [now, setNow] = useState(Date.now)
  const [linkError, setLinkError] = useState<unknown>()
  const lastSync = useRef(0)
  const syncing = useRef(false)

  /** Takes a view from the server and signs the codes it needs. */
  const apply = useCallback(async (view: MeView) => {
    const held = loadSaved()?.codes ?? {}
    const codes: Record<string, MeHealthCode> = {}
    for (const person of view.people) {
      const code = held[person.personId]
      if (!person.colour) continue
      if (!needsNewCode(code, person, Date.now())) {
        codes[person.personId] = code!
        continue
      }
      try {
        codes[person.personId] = await api<MeHealthCode>(`/api/public/me/people/${person.personId}/health-code`, { method: 'POST' })
      } catch (error) {
        if (unreachable(error) && code) codes[person.personId] = code
        else if (unreachable(error)) throw error
      }
    }
    const next = { view, codes, savedAt: new Date().toISOString() }
    save(next)
    setSaved(next)
    setOffline(false)
    setPhase('ready')
    lastSync.current = Date.now()
  }, [])

  const handleFailure = useCallback((error: unknown) => {
    if (unreachable(error)) {
      setOffline(true)
      setPhase(loadSaved() ? 'ready' : 'signed-out')
      return
    }
    // The server no longer knows this phone (signed out, link re-issued, expired): nothing stays.
    forget()
    setSaved(null)
    setOffline(false)
    setPhase('signed-out')
  }, [])

  const sync = useCallback(async () => {
    if (syncing.current) return
    syncing.current = true
    try {
      await apply(await api<MeView>('/api/public/me'))
    } catch (error) {
      handleFailure(error)
    } finally {
      syncing.current = false
    }
  }, [apply, handleFailure])

  /** After a sign-in (one-time code or personal link) the server answers with the view. */
  const signedIn = useCallback(async (result: MeSignedIn) => apply(result.view).catch(handleFailure), [apply, handleFailure])

  useEffect(() => {
    // A personal link: /me#<token>. The token leaves the address bar at once (it is a key).
    const token = window.location.hash.slice(1)
    if (token) {
      window.history.replaceState(null, '', window.location.pathname)
      api<MeSignedIn>('/api/public/me/link', { method: 'POST', body: { token } }).then(signedIn, (error: unknown) => {
        setLinkError(error)
        void sync()
      })
    } else void sync()
    const tick = setInterval(() => {
      setNow(Date.now())
      const current = loadSaved()
      const due =
        Date.now() - lastSync.current > SYNC_EVERY_MS ||
        current?.view.people.some((p) => needsNewCode(current.codes[p.personId], p, Date.now()))
      if (due && navigator.onLine) void sync()
    }, TICK_MS)
    const handleOnline = () => void sync()
    const handleVisible = () => document.visibilityState === 'visible' && void sync()
    window.addEventListener('online', handleOnline)
    document.addEventListener('visibilitychange', handleVisible)
    return () => {
      clearInterval(tick)
      window.removeEventListener('online', handleOnline)
      document.removeEventListener('visibilitychange', handleVisible)
    }
  }, [sync, signedIn])

  const signOut = useCallback(async () => {
    await api('/api/public/me/sign-out', { method: 'POST' }).catch(() => undefined)
    forget()
    setSaved(null)
    setPhase('signed-out')
  }, [])

  const remove = useCallback(
    async (personId: string) => {
      await api(`/api/public/me/people/${personId}`, { method: 'DELETE' })
      await sync()
    },
    [sync],
  )

  return { saved, phase, offline, now, linkError, signedIn, signOut, remove, sync }
}
