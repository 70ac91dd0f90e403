import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { GroupCommit } from '../../db/group-commit.ts'
import { insertPassages } from './gate.repository.ts'
import type { PassageTable } from './gate.table.ts'

/**
 * Group commit for the gate's common case (a scan that opens no case): scans arriving within
 * the same tick are written in one multi-row INSERT, and each caller is answered only after
 * that INSERT has committed. A city's peak is thousands of scans a second; one round trip per
 * batch instead of per scan is what makes that fit on one modest server.
 */
export class PassageWriter {
  private readonly commits: GroupCommit<Insertable<PassageTable>, string | null>

  /** @param limits batch size, and the most scans waiting before `write` answers 503 (GroupCommitQueueFullError) */
  constructor(db: Db, limits: { maxBatch?: number; maxQueue?: number } = {}) {
    writers.add(new WeakRef(this))
    this.commits = new GroupCommit(
      async (rows) => {
        // The same scan id twice in one batch: the first one counts.
        const unique = new Map<string, Insertable<PassageTable>>()
        for (const row of rows) if (!unique.has(row.client_scan_id)) unique.set(row.client_scan_id, row)
        const inserted = await insertPassages(db, [...unique.values()])
        return rows.map((row) => (unique.get(row.client_scan_id) === row ? (inserted.get(row.client_scan_id) ?? null) : null))
      },
      { maxBatch: 500, ...limits },
    )
  }

  /**
   * Queues a passage and resolves once it is committed.
   * @returns the new passage's id, or null when the client scan id was already stored
   * @throws GroupCommitQueueFullError when too many scans wait (the database is slow or away)
   */
  write(row: Insertable<PassageTable>): Promise<string | null> {
    return this.commits.add(row)
  }

  /** Resolves once every passage queued so far is committed. */
  idle(): Promise<void> {
    return this.commits.idle()
  }
}

/**
 * Every writer of this process, so stopping can wait for all of them without knowing where
 * they live; weak, so a test's closed database is not kept alive by its writer.
 */
const writers = new Set<WeakRef<PassageWriter>>()

/** Waits for every queued passage of this process to commit (stopping the server). */
export async function drainPassageWriters(): Promise<void> {
  for (const ref of writers) if (!ref.deref()) writers.delete(ref)
  await Promise.all([...writers].map((ref) => ref.deref()?.idle()))
}
