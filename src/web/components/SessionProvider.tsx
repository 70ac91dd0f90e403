import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Area } from '../../shared/schemas/area.ts'
import type { SessionAccount } from '../../shared/schemas/auth.ts'
import { api, ApiError, setAuthRequiredHandler } from '../api/client.ts'
import { SessionContext, type Session } from '../hooks/useSession.ts'

const selectedKey = (accountId: string) => `gridline.area.${accountId}`

/**
 * The last signed-in account on this device. A gate phone that reloads without a network
 * cannot ask /api/auth/me; it carries on as this account (the server still checks the session
 * cookie on every upload). Cleared on sign-out and on any 401.
 */
const ACCOUNT_KEY = 'gridline.account'

function rememberAccount(account: SessionAccount | null) {
  if (account) localStorage.setItem(ACCOUNT_KEY, JSON.stringify(account))
  else localStorage.removeItem(ACCOUNT_KEY)
}

function rememberedAccount(): SessionAccount | null {
  try {
    return JSON.parse(localStorage.getItem(ACCOUNT_KEY) ?? 'null') as SessionAccount | null
  } catch {
    return null
  }
}

/** No answer, or a proxy's 5xx: the server could not say whether the session is still valid. */
function unreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500)
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<SessionAccount | null | undefined>(undefined)
  const [areas, setAreas] = useState<Area[]>([])
  const [selectedAreaId, setSelectedAreaId] = useState<string>()

  // false while the account shown is only the remembered one (loaded offline).
  const confirmed = useRef(false)

  useEffect(() => {
    // Any 401 (session expired, signed out elsewhere) drops back to the login page.
    setAuthRequiredHandler(() => {
      rememberAccount(null)
      setAccount(null)
    })
    const check = () =>
      api<SessionAccount>('/api/auth/me').then(
        (me) => {
          confirmed.current = true
          rememberAccount(me)
          setAccount(me)
        },
        (error: unknown) => setAccount((current) => (unreachable(error) ? (current ?? rememberedAccount()) : null)),
      )
    void check()
    // Back online after an offline start: confirm the session, which also loads the areas.
    const handleOnline = () => {
      if (!confirmed.current) void check()
    }
    window.addEventListener('online', handleOnline)
    return () => window.removeEventListener('online', handleOnline)
  }, [])

  useEffect(() => {
    if (!account) {
      setAreas([])
      setSelectedAreaId(undefined)
      return
    }
    // Restore the area chosen earlier in this tab, but only if it is still in scope.
    const remembered = sessionStorage.getItem(selectedKey(account.id))
    setSelectedAreaId(account.areaId)
    let cancelled = false
    api<Area[]>('/api/areas/tree', { query: { maxLevel: 'village' } }).then(
      (list) => {
        if (cancelled) return
        setAreas(list)
        if (remembered && list.some((a) => a.id === remembered)) setSelectedAreaId(remembered)
      },
      () => {},
    )
    return () => {
      cancelled = true
    }
  }, [account])

  const login = useCallback(async (username: string, password: string, code?: string) => {
    const signedIn = await api<SessionAccount>('/api/auth/login', {
      method: 'POST',
      body: { username, password, ...(code ? { code } : {}) },
    })
    confirmed.current = true
    rememberAccount(signedIn)
    setAccount(signedIn)
    return signedIn
  }, [])

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' })
    } finally {
      rememberAccount(null)
      setAccount(null)
    }
  }, [])

  const selectArea = useCallback(
    (id: string) => {
      setSelectedAreaId(id)
      if (account) sessionStorage.setItem(selectedKey(account.id), id)
    },
    [account],
  )

  const value = useMemo<Session>(
    () => ({
      account,
      login,
      logout,
      areas,
      areasById: new Map(areas.map((a) => [a.id, a])),
      selectedAreaId,
      selectArea,
    }),
    [account, login, logout, areas, selectedAreaId, selectArea],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
