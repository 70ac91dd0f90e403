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
