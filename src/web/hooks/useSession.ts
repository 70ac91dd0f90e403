import { createContext, useContext } from 'react'
import type { Area } from '../../shared/schemas/area.ts'
import type { SessionAccount } from '../../shared/schemas/auth.ts'

export interface Session {
  /** undefined while /api/auth/me is in flight, null when signed out. */
  account: SessionAccount | null | undefined
  /** `code`: the authenticator or recovery code, for an account with two-step verification. */
  login(username: string, password: string, code?: string): Promise<SessionAccount>
  logout(): Promise<void>
  /** The account's area and everything under it down to villages (for the area switcher). */
  areas: Area[]
  areasById: Map<string, Area>
  /** The area Home and People show; always inside the account's scope. */
  selectedAreaId: string | undefined
  selectArea(id: string): void
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The signed-in account, for components that only render after login. */
export function useAccount(): SessionAccount {
  const { account } = useSession()
  if (!account) throw new Error('useAccount needs a signed-in session')
  return account
}
