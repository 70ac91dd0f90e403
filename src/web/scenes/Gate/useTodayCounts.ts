import { useCallback, useState } from 'react'
import type { GateDecision } from '../../../shared/schemas/gate.ts'

/** Decisions shown on this phone today, in three groups. */
export interface TodayCounts {
  date: string
  admit: number
  isolation: number
  refuse: number
}

const KEY = 'gridline.gate.today'

function today(): string {
  const now = new Date()
  return `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`
}

function load(): TodayCounts {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as TodayCounts | null
    if (stored?.date === today()) return stored
  } catch {
    // A damaged entry starts the day again.
  }
  return { date: today(), admit: 0, isolation: 0, refuse: 0 }
}

/**
 * The day's counts on this phone, online and offline alike (the server's passage log is the
 * record; this is the guard's tally at a glance). Starts from zero each local day.
 */
export function useTodayCounts(): [TodayCounts, (decision: GateDecision) => void] {
  const [counts, setCounts] = useState(load)
  const count = useCallback((decision: GateDecision) => {
    const next = { ...load() }
    if (decision === 'admit' || decision === 'admit_escort') next.admit++
    else if (decision === 'refuse') next.refuse++
    else next.isolation++
    localStorage.setItem(KEY, JSON.stringify(next))
    setCounts(next)
  }, [])
  return [counts, count]
}
