interface Pending<T, R> {
  item: T
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

const ignore = () => {}

/**
 * Group commit: items arriving within the same tick are written by one `flush` call (one
 * multi-row INSERT, one round trip), and each caller is answered only after that call has
 * committed. When a batch fails, its items are retried one by one so a single bad row fails
 * alone. One batch is in flight at a time; what arrives meanwhile forms the next batch.
 * Used by the gate's passages and the devices' readings.
 * @example
 * const passages = new GroupCommit((rows) => insertAndReturnIds(db, rows), 500)
 * const id = await passages.add(row)
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = []
  private flushing: Promise<void> | null = null
  private inFlight = 0

  /**
   * @param flush writes a batch and returns one result per item, in order
   * @param maxBatch the largest batch handed to flush
   */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  /** Queues an item and resolves with its result once its batch has committed. */
  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => this.push({ item, resolve, reject }))
  }

  /** Queues an item without waiting for it (telemetry); failures go to `onError`. */
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
      } catch {
        await this.flushOneByOne(batch)
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
