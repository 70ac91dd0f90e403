import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

/** What a subscriber hears when its channel is listened to again after a gap. */
export interface ListenGap {
  /** The last moment the old connection was known to hear everything (notices after it may be lost). */
  since: Date
}

export interface ListenOptions {
  /**
   * Called each time the channel is listened to again after the connection was lost (or could not
   * be opened when `listen` was called): notices sent meanwhile are gone, so re-read what changed.
   */
  onReconnect?: (gap: ListenGap) => void
}

export type Listen = (channel: string, handler: (payload: string) => void, options?: ListenOptions) => Promise<() => Promise<void>>

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/
/** Backoff between attempts to listen again: doubling from the first to the last. */
const RETRY_FIRST_MS = 250
const RETRY_MAX_MS = 10_000
/** A silent partition sends no error: a query this often proves the connection still hears. */
const HEARTBEAT_MS = 15_000

interface Subscription {
  handler: (payload: string) => void
  onReconnect?: (gap: ListenGap) => void
  /** false until `listen` has returned: the first connection is not a reconnect */
  armed: boolean
}

/**
 * LISTEN/NOTIFY for one database. PostgreSQL: one dedicated connection (outside the pool, which
 * would hand it to queries). `listen` never hangs on an absent database: it registers the
 * handler, tries to connect once, and otherwise keeps trying in the background with backoff
 * (250 ms doubling to 10 s); every (re)connection listens to every channel again and tells each
 * subscriber, through `onReconnect`, since when it may have missed notices. A heartbeat query
 * notices a partition that never errors. PGlite: its own listen(), which cannot be cut off.
 * Channels are our constants, checked so they can be quoted as identifiers.
 */
export function createListener(target: { connectionString: string; connectTimeoutMs?: number } | { pglite: PGlite }): {
  listen: Listen
  close(): Promise<void>
} {
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
  const subscriptions = new Map<string, Set<Subscription>>()
  let client: pg.Client | null = null
  let connecting: Promise<void> | null = null
  let retryTimer: NodeJS.Timeout | null = null
  let heartbeat: NodeJS.Timeout | null = null
  let retryMs = RETRY_FIRST_MS
  let closed = false
  /** When the current or last connection was last known to hear everything. */
  let aliveAt = new Date()

  const scheduleRetry = () => {
    if (closed || client || retryTimer || subscriptions.size === 0) return
    retryTimer = setTimeout(() => {
      retryTimer = null
      connect().catch(scheduleRetry)
    }, retryMs)
    retryTimer.unref()
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
  }

  const drop = (lostClient: pg.Client) => {
    if (client !== lostClient) return
    client = null
    if (heartbeat) clearInterval(heartbeat)
    heartbeat = null
    lostClient.end().catch(() => {})
    scheduleRetry()
  }

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const next = new pg.Client({
        connectionString: target.connectionString,
        connectionTimeoutMillis: target.connectTimeoutMs ?? 5_000,
        keepAlive: true,
        query_timeout: 10_000,
      })
      next.on('notification', (message) => {
        aliveAt = new Date()
        for (const subscription of subscriptions.get(message.channel) ?? []) subscription.handler(message.payload ?? '')
      })
      // An error event without a listener would end the process.
      next.on('error', () => drop(next))
      next.on('end', () => drop(next))
      const gap = { since: aliveAt }
      try {
        await next.connect()
        for (const channel of subscriptions.keys()) await next.query(`LISTEN "${channel}"`)
      } catch (error) {
        await next.end().catch(() => {})
        throw error
      }
      client = next
      aliveAt = new Date()
      retryMs = RETRY_FIRST_MS
      heartbeat = setInterval(() => {
        next.query('SELECT 1').then(
          () => (aliveAt = new Date()),
          () => drop(next),
        )
      }, HEARTBEAT_MS)
      heartbeat.unref()
      for (const set of subscriptions.values()) for (const subscription of set) if (subscription.armed) subscription.onReconnect?.(gap)
    })().finally(() => (connecting = null))
    return connecting
  }

  return {
    listen: async (channel, handler, options = {}) => {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`)
      let set = subscriptions.get(channel)
      if (!set) {
        set = new Set()
        subscriptions.set(channel, set)
      }
      const subscription: Subscription = { handler, onReconnect: options.onReconnect, armed: false }
      set.add(subscription)
      if (!client) await connect().catch(scheduleRetry)
      // LISTEN twice is harmless; a connection lost here is listened to again on reconnect.
      await client?.query(`LISTEN "${channel}"`).catch(() => {})
      if (!client) scheduleRetry()
      subscription.armed = true
      return async () => {
        set.delete(subscription)
        if (set.size === 0 && subscriptions.get(channel) === set) {
          subscriptions.delete(channel)
          await client?.query(`UNLISTEN "${channel}"`).catch(() => {})
        }
      }
    },
    close: async () => {
      closed = true
      subscriptions.clear()
      if (retryTimer) clearTimeout(retryTimer)
      // A connection being opened now would otherwise stay open: wait for it, then end it too.
      await connecting?.catch(() => {})
      if (heartbeat) clearInterval(heartbeat)
      const current = client
      client = null
      await current?.end().catch(() => {})
    },
  }
}
