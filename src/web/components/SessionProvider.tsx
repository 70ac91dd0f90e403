import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Area } from '../../shared/schemas/area.ts'
import type { SessionAccount } from '../../shared/schemas/auth.ts'
import { api, setAuthRequiredHandler } from '../api/client.ts'
import { SessionContext, type Session } from '../hooks/useSession.ts'

const selectedKey = (accountId: string) => `gridline.area.${accountId}`

export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<SessionAccount | null | undefined>(undefined)
  const [areas, setAreas] = useState<Area[]>([])
  const [selectedAreaId, setSelectedAreaId] = useState<string>()

  useEffect(() => {
    // Any 401 (session expired, signed out elsewhere) drops back to the login page.
    setAuthRequiredHandler(() => setAccount(null))
    api<SessionAccount>('/api/auth/me').then(setAccount, () => setAccount(null))
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

  const login = useCallback(async (username: string, password: string) => {
    const signedIn = await api<SessionAccount>('/api/auth/login', { method: 'POST', body: { username, password } })
    setAccount(signedIn)
    return signedIn
  }, [])

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' })
    } finally {
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
