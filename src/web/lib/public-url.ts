import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import type { PublicSite } from '../../shared/schemas/site.ts'

/**
 * Every link or QR the web prints goes through here, so a poster printed from a staff laptop on
 * localhost still points at the address phones reach (the server's PUBLIC_URL).
 */
let site: Promise<PublicSite> | undefined

/** The public base URL (no trailing slash); falls back to this page's origin if the server cannot say. */
export function loadPublicBase(): Promise<string> {
  site ??= api<PublicSite>('/api/public/site').catch(() => ({ publicUrl: window.location.origin, configured: false }))
  return site.then((s) => s.publicUrl)
}

/** `usePublicLink('/h#GL1:…')` → the full link, or undefined while the base is loading. */
export function usePublicLink(path: string | null): string | undefined {
  const [base, setBase] = useState<string>()
  useEffect(() => {
    let live = true
    void loadPublicBase().then((b) => live && setBase(b))
    return () => {
      live = false
    }
  }, [])
  return base === undefined || path === null ? undefined : `${base}${path}`
}
