/**
 * Stopping on SIGTERM/SIGINT: stop accepting, finish what is queued (passages, readings), close
 * the broker and the database, exit 0. A second signal forces the exit, but only once
 * REPEAT_GRACE_MS has passed: Ctrl-C in a terminal reaches both `npm` and the server, and npm
 * forwards it once more, so one key press arrives twice within milliseconds.
 */
export const REPEAT_GRACE_MS = 1500
/** A drain that hangs (database gone) must not keep the ports forever. */
export const DRAIN_LIMIT_MS = 20_000

export interface ShutdownOptions {
  /** Closes everything in order; resolves when done. */
  stop: () => Promise<void>
  log?: (line: string) => void
  exit?: (code: number) => void
  now?: () => number
}

/** Installs the handlers; returns the function they call (for tests). */
export function handleStopSignals({
  stop,
  log = (line) => console.log(line),
  exit = (code) => process.exit(code),
  now = Date.now,
}: ShutdownOptions) {
  let startedAt: number | null = null
  const onSignal = (signal: string) => {
    if (startedAt !== null) {
      if (now() - startedAt < REPEAT_GRACE_MS) return
      log(`gridline: ${signal} again: stopping now without waiting.`)
      exit(1)
      return
    }
    startedAt = now()
    log(
      `gridline: ${signal}: stopping (draining queued passages and readings; ${signal === 'SIGINT' ? 'Ctrl-C again' : 'a second signal'} forces)…`,
    )
    const limit = setTimeout(() => {
      log('gridline: still draining after 20 s: stopping anyway.')
      exit(1)
    }, DRAIN_LIMIT_MS)
    limit.unref()
    stop().then(
      () => {
        log('gridline: stopped.')
        exit(0)
      },
      (error: unknown) => {
        log(`gridline: error while stopping: ${error instanceof Error ? error.message : String(error)}`)
        exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return onSignal
}
