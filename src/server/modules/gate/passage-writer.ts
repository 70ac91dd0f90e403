import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { insertPassages } from './gate.repository.ts'
import type { PassageTable } from './gate.table.ts'

interface Pending {
  row: Insertable<PassageTable>
  /** set when this row failed on its own */
  error?: unknown
  resolve: (passageId: string | null) => void
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
   * @returns the new passage's id, or null when the client scan id was already stored
   */
  write(row: Insertable<PassageTable>): Promise<string | null> {
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
      // The same scan id twice in one batch: the first one counts.
      const unique = new Map<string, Insertable<PassageTable>>()
      for (const p of batch) if (!unique.has(p.row.client_scan_id)) unique.set(p.row.client_scan_id, p.row)
      let inserted: Map<string, string>
      try {
        inserted = await insertPassages(this.db, [...unique.values()])
      } catch {
        // One bad row (a person deleted a moment ago) must not fail the scans batched with it.
        inserted = await this.insertOneByOne(batch)
      }
      for (const p of batch) {
        if (p.error) continue
        const first = unique.get(p.row.client_scan_id) === p.row
        p.resolve(first ? (inserted.get(p.row.client_scan_id) ?? null) : null)
      }
    }
    this.flushing = null
  }

  private async insertOneByOne(batch: Pending[]): Promise<Map<string, string>> {
    const inserted = new Map<string, string>()
    for (const p of batch) {
      try {
        for (const [scanId, id] of await insertPassages(this.db, [p.row])) inserted.set(scanId, id)
      } catch (error) {
        p.error = error
        p.reject(error)
      }
    }
    return inserted
  }
}
