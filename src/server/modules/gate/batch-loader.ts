/**
 * Collects the keys asked for within one tick and loads them in one query (the DataLoader
 * pattern): under load, a thousand scans need one person query, not a thousand.
 */
export class BatchLoader<K, V> {
  private pending = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>()
  private scheduled = false

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key)
      if (waiting) waiting.push({ resolve, reject })
      else this.pending.set(key, [{ resolve, reject }])
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => void this.flush())
      }
    })
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = new Map()
    this.scheduled = false
    try {
      const values = await this.loadMany([...batch.keys()])
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key))
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
    }
  }
}
