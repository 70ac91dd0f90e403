import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { insertPassages } from './gate.repository.ts'
import type { PassageTable } from './gate.table.ts'

interface Pending {
  row: Insertable<PassageTable>
  resolve: (inserted: boolean) => void
  reject: (error: unknown) => void
}

/**
 * Group commit for the gate's common case (a scan that opens no case): scans arriving within
 * the same tick are written in one multi-row INSERT, and each caller is answered only after
 * that INSERT has committed. A city's peak is thousands of scans a second; one round trip per
 * batch instead of per scan is what makes that fit on one modest server.
 */
export class PassageWriter {
  private queue: Pending[] = []
  private flushing: Promise<void> | null = null

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 500,
  ) {}

  /**
   * Queues a passage and resolves once it is committed.
   * @returns false when a passage with the same client scan id already existed
   */
  write(row: Insertable<PassageTable>): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject })
      if (!this.flushing) this.flushing = this.drain()
    })
  }

  private async drain(): Promise<void> {
    // Let the other requests of this tick join the batch.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch)
      try {
        // The same scan id twice in one batch: the first one counts.
        const unique = new Map<string, Insertable<PassageTable>>()
        for (const p of batch) if (!unique.has(p.row.client_scan_id)) unique.set(p.row.client_scan_id, p.row)
        const inserted = await insertPassages(this.db, [...unique.values()])
        for (const p of batch) {
          const first = unique.get(p.row.client_scan_id) === p.row
          p.resolve(first && inserted.has(p.row.client_scan_id))
        }
      } catch (error) {
        for (const p of batch) p.reject(error)
      }
    }
    this.flushing = null
  }
}
