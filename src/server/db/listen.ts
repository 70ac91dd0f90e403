import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export type Listen = (channel: string, handler: (payload: string) => void) => Promise<() => Promise<void>>

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * LISTEN/NOTIFY for one database. PostgreSQL: one dedicated connection (outside the pool, which
 * would hand it to queries) that reconnects and listens again after a failure; PGlite: its own
 * listen(). Channels are our constants, checked so they can be quoted as identifiers.
 */
export function createListener(target: { connectionString: string } | { pglite: PGlite }): { listen: Listen; close(): Promise<void> } {
  if ('pglite' in target) {
    return {
      listen: async (channel, handler) => {
        if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`)
        const stop = await target.pglite.listen(channel, handler)
        return async () => {
          if (!target.pglite.closed) await stop()
        }
      },
      close: async () => {},
    }
  }
  const handlers = new Map<string, Set<(payload: string) => void>>()
  let client: pg.Client | null = null
  let connecting: Promise<pg.Client> | null = null
  let closed = false
  let retryMs = 250

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: target.connectionString })
      next.on('notification', (message) => {
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '')
      })
      const lost = () => {
        if (client !== next) return
        client = null
        connecting = null
        if (closed || handlers.size === 0) return
        // Reconnect and listen again; notices sent while away are lost, so callers re-read on reconnect.
        setTimeout(() => void connect().catch(() => {}), retryMs).unref()
        retryMs = Math.min(retryMs * 2, 10_000)
      }
      next.on('error', lost)
      next.on('end', lost)
      await next.connect()
      for (const channel of handlers.keys()) await next.query(`LISTEN "${channel}"`)
      client = next
      retryMs = 250
      return next
    })()
    connecting.catch(() => {
      connecting = null
      if (!closed && handlers.size) setTimeout(() => void connect().catch(() => {}), retryMs).unref()
      retryMs = Math.min(retryMs * 2, 10_000)
    })
    return connecting
  }

  return {
    listen: async (channel, handler) => {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`)
      let set = handlers.get(channel)
      const first = !set
      if (!set) {
        set = new Set()
        handlers.set(channel, set)
      }
      set.add(handler)
      const connection = client ?? (await connect())
      if (first && client === connection) await connection.query(`LISTEN "${channel}"`)
      return async () => {
        set.delete(handler)
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel)
          await client?.query(`UNLISTEN "${channel}"`).catch(() => {})
        }
      }
    },
    close: async () => {
      closed = true
      handlers.clear()
      const current = client
      client = null
      await current?.end().catch(() => {})
    },
  }
}
