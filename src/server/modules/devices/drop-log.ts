/** Why a message was dropped. Never anything from inside the message: it may be personal. */
export type DropReason = 'malformed' | 'unauthenticated'

/**
 * Logs dropped messages without flooding the log: the first few per window one line each,
 * then one summary line with the count.
 */
export class DropLog {
  private inWindow = 0
  private suppressed = 0
  private windowStart = 0

  constructor(
    private readonly log: (line: string) => void,
    private readonly perWindow = 10,
    private readonly windowMs = 10_000,
  ) {}

  record(reason: DropReason, detail: string, now = Date.now()): void {
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed) this.log(`devices: ${this.suppressed} more messages dropped in the last ${this.windowMs / 1000} s`)
      this.windowStart = now
      this.inWindow = 0
      this.suppressed = 0
    }
    if (this.inWindow++ < this.perWindow) this.log(`devices: message dropped (${reason}: ${detail})`)
    else this.suppressed++
  }
}

/**
 * Readings that could not be stored, as one log line per window with counts by SQLSTATE (or
 * error kind): while the database is away every batch fails, and a line per reading would bury
 * the log. Only codes are logged: a driver's message can quote the row, which may be personal.
 */
export class WriteFailureLog {
  private readonly counts = new Map<string, number>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly log: (line: string) => void,
    private readonly windowMs = 10_000,
  ) {}

  record(error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code
    const key = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : ((error as Error | null)?.name ?? 'unknown')
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
    this.timer ??= setTimeout(() => this.flush(), this.windowMs).unref()
  }

  /** Writes the pending summary line now (stopping). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.counts.size) return
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0)
    const byCode = [...this.counts].map(([code, n]) => `${code} ×${n}`).join(', ')
    this.counts.clear()
    this.log(`devices: ${total} readings not stored in the last ${this.windowMs / 1000} s (${byCode})`)
  }
}
