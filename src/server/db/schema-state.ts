import type { Db } from './database.ts'
import { migrateToLatest } from './migrate.ts'

/** Whether the database has this release's schema yet (the server may start before PostgreSQL). */
export interface SchemaState {
  readonly ready: boolean
  /** Resolves once migrated; rejects when migrating failed for another reason than an absent database. */
  readonly whenReady: Promise<void>
  /** Stops trying (the server stops before the database came back). */
  stop(): void
}

/** `whenReady` rejects with this when the server stopped before the database came back. */
export class SchemaWaitStoppedError extends Error {
  constructor() {
    super('stopped before the database was reachable')
    this.name = 'SchemaWaitStoppedError'
  }
}

/** Backoff between attempts: doubling from the first to the last. */
const RETRY_FIRST_MS = 1_000
const RETRY_MAX_MS = 30_000

/**
 * Migrates now if the database answers, else keeps trying in the background with backoff, so a
 * server started while PostgreSQL is down or restarting comes up (health 200, readiness and data
 * routes 503) and serves once it is back. Any other failure of a migration is not retried.
 * @param isUnavailable tells an absent database from a failing migration
 * @example const schema = await migrateWhenReachable(db, { isUnavailable: isDatabaseUnavailable, log: console.log })
 */
export async function migrateWhenReachable(
  db: Db,
  options: { isUnavailable: (error: unknown) => boolean; log: (line: string) => void },
): Promise<SchemaState> {
  let ready = false
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let wake: (() => void) | null = null
  const attempt = async () => {
    await migrateToLatest(db)
    ready = true
  }
  const first = await attempt().then(
    () => null,
    (error: unknown) => error,
  )
  if (first !== null && !options.isUnavailable(first)) throw first
  const whenReady =
    first === null
      ? Promise.resolve()
      : (async () => {
          options.log(`gridline: database unreachable (${codeOf(first)}): serving 503 until it is back, trying again in the background.`)
          for (let waitMs = RETRY_FIRST_MS; ; waitMs = Math.min(waitMs * 2, RETRY_MAX_MS)) {
            if (stopped) throw new SchemaWaitStoppedError()
            await new Promise<void>((resolve) => {
              wake = resolve
              timer = setTimeout(resolve, waitMs)
            })
            if (stopped) throw new SchemaWaitStoppedError()
            try {
              await attempt()
              options.log('gridline: database reachable again: migrated, serving.')
              return
            } catch (error) {
              if (!options.isUnavailable(error)) throw error
            }
          }
        })()
  // The server may stop before anyone awaits this.
  whenReady.catch(() => {})
  return {
    get ready() {
      return ready
    },
    whenReady,
    stop: () => {
      stopped = true
      if (timer) clearTimeout(timer)
      wake?.()
    },
  }
}

/** An error's code for the log (a message may quote data). */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : ((error as Error | null)?.name ?? 'error')
}
