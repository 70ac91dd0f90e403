import { DomainError } from '../errors.ts'

interface Pending<T, R> {
  item: T
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

const ignore = () => {}

/** Seconds a caller refused for a full queue is told to wait: a batch or two drains by then. */
export const QUEUE_FULL_RETRY_AFTER_S = 2

/**
 * The writer already holds as many items as it may: the database is slow or away. Nothing was
 * written; the caller retries later (the HTTP layer answers 503 with Retry-After).
 */
export class GroupCommitQueueFullError extends DomainError {
  readonly retryAfterSeconds = QUEUE_FULL_RETRY_AFTER_S
  constructor() {
    super('SERVICE_UNAVAILABLE', 503, 'write queue full')
  }
}

/**
 * Whether a failed batch may be retried row by row: only SQLSTATE classes 22 (data exception)
 * and 23 (integrity constraint violation) are about one row's values. Anything else (a lost
 * connection, a timeout, a bug) would fail every row again, one round trip each.
 */
export function isRowDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code)
}

/**
 * Group commit: items arriving within the same tick are written by one `flush` call (one
 * multi-row INSERT, one round trip), and each caller is answered only after that call has
 * committed. A batch that fails on a row's data (SQLSTATE 22/23) is retried one item at a time so
 * the bad row fails alone; any other failure fails the whole batch at once. One batch is in
 * flight at a time; what arrives meanwhile forms the next batch. At most `maxQueue` items wait:
 * beyond that `add` rejects with GroupCommitQueueFullError instead of growing memory while the
 * database is away. Used by the gate's passages and the devices' readings.
 * @example
 * const passages = new GroupCommit((rows) => insertAndReturnIds(db, rows), { maxBatch: 500, maxQueue: 10_000 })
 * const id = await passages.add(row)
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = []
  private flushing: Promise<void> | null = null
  private inFlight = 0
  private readonly maxBatch: number
  private readonly maxQueue: number

  /**
   * @param flush writes a batch and returns one result per item, in order
   * @param limits.maxBatch the largest batch handed to flush
   * @param limits.maxQueue the most items queued or being written (Infinity: no cap)
   */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    limits: { maxBatch?: number; maxQueue?: number } = {},
  ) {
    this.maxBatch = limits.maxBatch ?? 500
    this.maxQueue = limits.maxQueue ?? Infinity
  }

  /**
   * Queues an item and resolves with its result once its batch has committed.
   * @throws GroupCommitQueueFullError (as a rejection) when `maxQueue` items already wait
   */
  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => this.push({ item, resolve, reject }))
  }

  /** Queues an item without waiting for it (telemetry); failures, a full queue included, go to `onError`. */
  enqueue(item: T, onError: (error: unknown) => void = ignore): void {
    this.push({ item, resolve: ignore, reject: onError })
  }

  /** Items queued or being written. */
  get pending(): number {
    return this.queue.length + this.inFlight
  }

  /** Resolves once everything queued so far has been written (or has failed). */
  async idle(): Promise<void> {
    while (this.flushing !== null) await this.flushing
  }

  private push(pending: Pending<T, R>) {
    if (this.pending >= this.maxQueue) return pending.reject(new GroupCommitQueueFullError())
    this.queue.push(pending)
    if (!this.flushing) this.flushing = this.drain()
  }

  private async drain(): Promise<void> {
    // Let the other callers of this tick join the batch.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch)
      this.inFlight = batch.length
      let results: R[] | null = null
      try {
        results = await this.flush(batch.map((p) => p.item))
      } catch (error) {
        if (isRowDataError(error) && batch.length > 1) await this.flushOneByOne(batch)
        else for (const p of batch) p.reject(error)
      }
      if (results) for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!)
      this.inFlight = 0
    }
    this.flushing = null
  }

  private async flushOneByOne(batch: Pending<T, R>[]): Promise<void> {
    for (const p of batch) {
      try {
        const [result] = await this.flush([p.item])
        p.resolve(result!)
      } catch (error) {
        p.reject(error)
      }
    }
  }
}
