import type { MeHealthCode, MePerson, MeView } from '../../../shared/schemas/resident.ts'
import { ME_REFRESH_BEFORE_MS } from '../../../shared/schemas/resident.ts'

/**
 * What the phone keeps between visits, so the codes still show offline: the last view, the last
 * signed code of each person and when they were saved. Only on this phone (localStorage); signing
 * out or a session the server no longer knows clears it.
 */
export interface SavedCodes {
  view: MeView
  codes: Record<string, MeHealthCode>
  savedAt: string
}

const KEY = 'gridline.me'

export function loadSaved(): SavedCodes | null {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as SavedCodes | null
    return saved && Array.isArray(saved.view?.people) ? saved : null
  } catch {
    return null
  }
}

export function save(saved: SavedCodes): void {
  localStorage.setItem(KEY, JSON.stringify(saved))
}

export function forget(): void {
  localStorage.removeItem(KEY)
}

/**
 * Whether the held code must be replaced: none yet, another colour, revoked on the server (a
 * colour change or an officer's revocation takes it off the live list), or close to expiry.
 */
export function needsNewCode(code: MeHealthCode | undefined, person: MePerson, now: number): boolean {
  if (!person.colour) return false
  if (!code) return true
  return (
    code.colour !== person.colour || !person.liveCodeIds.includes(code.codeId) || Date.parse(code.expiresAt) - now < ME_REFRESH_BEFORE_MS
  )
}

/** A stored code past its expiry is shown as expired, never as valid. */
export function isExpired(code: MeHealthCode, now: number): boolean {
  return Date.parse(code.expiresAt) <= now
}
