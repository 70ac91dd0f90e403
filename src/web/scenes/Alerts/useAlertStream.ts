import { useEffect, useRef, useState } from 'react'
import type { AlertStreamMessage, AlertView } from '../../../shared/schemas/alerts.ts'
import { api } from '../../api/client.ts'

export interface AlertStream {
  /** Unhandled alerts of the account's area, newest activity first. */
  alerts: AlertView[]
  /** Connected to the live channel (false while the browser reconnects). */
  live: boolean
  /** Ids of alerts raised since the page opened, for a moment's highlight. */
  fresh: ReadonlySet<string>
  /** Applies a change the page made itself (acknowledge, handle) without waiting for the echo. */
  apply(alert: AlertView): void
}

function sorted(map: Map<string, AlertView>): AlertView[] {
  return [...map.values()].sort((a, b) => (a.status === b.status ? b.lastSeenAt.localeCompare(a.lastSeenAt) : a.status === 'open' ? -1 : 1))
}

/**
 * The live alert channel (server-sent events). On every (re)connection the list is read again,
 * so nothing raised while the connection was down is missed; then each pushed change is merged
 * in. `onRaised` hears of alerts raised from now on (for the sound and a notice).
 */
export function useAlertStream(onRaised: (alert: AlertView) => void): AlertStream {
  const [map, setMap] = useState(() => new Map<string, AlertView>())
  const [live, setLive] = useState(false)
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set())
  const raised = useRef(onRaised)
  raised.current = onRaised

  const merge = (alert: AlertView) =>
    setMap((previous) => {
      const next = new Map(previous)
      if (alert.status === 'handled') next.delete(alert.id)
      else next.set(alert.id, alert)
      return next
    })

  useEffect(() => {
    const source = new EventSource('/api/alerts/stream')
    const timers = new Set<ReturnType<typeof setTimeout>>()
    source.addEventListener('ready', () => {
      setLive(true)
      api<AlertView[]>('/api/alerts').then(
        (list) => setMap(new Map(list.map((a) => [a.id, a]))),
        () => {},
      )
    })
    source.addEventListener('alert', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as AlertStreamMessage
      merge(message.alert)
      if (message.event === 'raised') {
        raised.current(message.alert)
        setFresh((previous) => new Set(previous).add(message.alert.id))
        const timer = setTimeout(() => {
          timers.delete(timer)
          setFresh((previous) => {
            const next = new Set(previous)
            next.delete(message.alert.id)
            return next
          })
        }, 8000)
        timers.add(timer)
      }
    })
    source.onerror = () => setLive(false)
    return () => {
      source.close()
      for (const timer of timers) clearTimeout(timer)
    }
  }, [])

  return { alerts: sorted(map), live, fresh, apply: merge }
}
