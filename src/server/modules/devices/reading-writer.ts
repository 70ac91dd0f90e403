import { sql } from 'kysely'
import type { Db, DbOrTrx } from '../../db/database.ts'
import { GroupCommit, isRowDataError } from '../../db/group-commit.ts'
import { updateInScope, WHOLE_TREE } from '../../db/scope.ts'
import { raiseAlerts, type RaiseAlertInput } from '../alerts/alerts.service.ts'
import type { ReadingKind } from './devices.table.ts'

export interface Reading {
  deviceId: string
  seq: number
  kind: ReadingKind
  measuredAt: number
  receivedAt: number
  value: number | null
  snapshotRef: string | null
  battery: number | null
  /** Alerts this reading raises (a fever): written in the reading's own transaction. */
  alerts?: RaiseAlertInput[]
}

/** device.last_seen_at moves at most this often per device: enough for silence rules (≥ 2 min). */
export const LAST_SEEN_RESOLUTION_MS = 60_000

/** What one insert did: rows written (not duplicates), and the devices whose last-seen is due. */
interface Inserted {
  written: number
  seen: Map<string, { at: number; battery: number | null }>
}

/** Tries of a batch of alerting readings: 250 ms, 0.5 s, 1 s, 2 s apart (about 4 s in all). */
const ALERT_WRITE_ATTEMPTS = 5

/** Readings written, duplicates ignored, failures: for the log and the bench. */
export interface WriterStats {
  written: number
  duplicates: number
  failed: number
}

/**
 * Writes readings in batches (group commit): one `INSERT … SELECT FROM unnest(…)` per batch,
 * eight array parameters whatever the batch size, and `ON CONFLICT DO NOTHING` on (device, seq)
 * so redelivered messages are stored once. Each device's last_seen_at and battery are updated in
 * the same round of writes, at most every LAST_SEEN_RESOLUTION_MS per device.
 * Readings that raise alerts (a fever) go through their own lane, in one transaction with their
 * alerts: a stored fever reading always has its alert, and it does not wait behind telemetry.
 */
export class ReadingWriter {
  readonly stats: WriterStats = { written: 0, duplicates: 0, failed: 0 }
  /** Two batches in flight at once: one is parsed and built while PostgreSQL writes the other. */
  private readonly lanes: GroupCommit<Reading, void>[]
  /** Several, so a slow transaction does not hold back the next fever. */
  private readonly alertLanes: GroupCommit<Reading, void>[]
  private readonly lastSeenWritten = new Map<string, { at: number; battery: number | null }>()

  constructor(
    private readonly db: Db,
    maxBatch = 4000,
    private readonly onFailure: (error: unknown) => void = () => {},
  ) {
    this.lanes = [0, 1].map(() => new GroupCommit<Reading, void>((readings) => this.flush(readings), { maxBatch }))
    this.alertLanes = [0, 1, 2, 3].map(
      () => new GroupCommit<Reading, void>((readings) => this.flushWithAlerts(readings), { maxBatch: 500 }),
    )
  }

  /** Queues a reading; it is committed within a tick or a batch. */
  write(reading: Reading): void {
    this.store(reading).catch(() => {})
  }

  /**
   * Queues a reading and resolves once its batch has committed (the ingestion acknowledges the
   * MQTT message then). Rejects when it could not be stored even on its own, after counting it.
   */
  store(reading: Reading): Promise<void> {
    const [a, b] = this.lanes as [GroupCommit<Reading, void>, GroupCommit<Reading, void>]
    const lane = reading.alerts?.length ? leastBusy(this.alertLanes) : a.pending <= b.pending ? a : b
    return lane.add(reading).catch((error: unknown) => {
      this.stats.failed++
      this.onFailure(error)
      throw error
    })
  }

  /** Readings queued or being written (the ingestion slows the broker down above a limit). */
  get pending(): number {
    return [...this.lanes, ...this.alertLanes].reduce((n, lane) => n + lane.pending, 0)
  }

  /** Resolves when everything queued so far is written. */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes, ...this.alertLanes].map((lane) => lane.idle()))
  }

  /**
   * Readings with alerts, in one transaction, tried again over a short blip (a lost connection, a
   * deadlock): a fever must not be lost to a restart that lasts a second. A row's bad data is not
   * retried here (the group commit then tries the rows one by one).
   */
  private async flushWithAlerts(readings: Reading[]): Promise<undefined[]> {
    let inserted: Inserted | null = null
    for (let attempt = 1; !inserted; attempt++) {
      try {
        inserted = await this.db.transaction().execute((trx) => this.insert(readings, trx))
      } catch (error) {
        if (isRowDataError(error) || attempt >= ALERT_WRITE_ATTEMPTS) throw error
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)))
      }
    }
    // Last-seen is bookkeeping, not part of the fever: written after, outside the transaction.
    return this.finish(readings.length, inserted)
  }

  private async flush(readings: Reading[]): Promise<undefined[]> {
    return this.finish(readings.length, await this.insert(readings))
  }

  private async finish(n: number, inserted: Inserted): Promise<undefined[]> {
    this.stats.written += inserted.written
    this.stats.duplicates += n - inserted.written
    await this.writeLastSeen(this.db, inserted.seen)
    return new Array<undefined>(n)
  }

  /**
   * Inserts the readings (and, given a transaction, their alerts).
   * @param trx given for readings with alerts: they and their alerts commit together or not at all
   */
  private async insert(readings: Reading[], trx?: DbOrTrx): Promise<Inserted> {
    const db = trx ?? this.db
    const n = readings.length
    // Times go as epoch milliseconds (float8): cheaper than timestamp text on both sides.
    const cols = {
      device: new Array<string>(n),
      seq: new Array<number>(n),
      kind: new Array<string>(n),
      measured: new Array<number>(n),
      received: new Array<number>(n),
      value: new Array<number | null>(n),
      snapshot: new Array<string | null>(n),
      battery: new Array<number | null>(n),
    }
    const seen = new Map<string, { at: number; battery: number | null }>()
    for (let i = 0; i < n; i++) {
      const r = readings[i]!
      cols.device[i] = r.deviceId
      cols.seq[i] = r.seq
      cols.kind[i] = r.kind
      cols.measured[i] = r.measuredAt
      cols.received[i] = r.receivedAt
      cols.value[i] = r.value
      cols.snapshot[i] = r.snapshotRef
      cols.battery[i] = r.battery
      if (this.isDue(r.deviceId, r.receivedAt, r.battery)) {
        const previous = seen.get(r.deviceId)
        if (!previous || previous.at < r.receivedAt)
          seen.set(r.deviceId, { at: r.receivedAt, battery: r.battery ?? previous?.battery ?? null })
      }
    }
    const result = await sql`
      INSERT INTO device_reading (device_id, seq, kind, measured_at, received_at, value, snapshot_ref, battery)
      SELECT d, s, k, to_timestamp(m / 1000.0), to_timestamp(r / 1000.0), v, p, b
      FROM unnest(${cols.device}::uuid[], ${cols.seq}::bigint[], ${cols.kind}::text[], ${cols.measured}::float8[],
                  ${cols.received}::float8[], ${cols.value}::numeric[], ${cols.snapshot}::text[], ${cols.battery}::smallint[]) AS t(d, s, k, m, r, v, p, b)
      ON CONFLICT DO NOTHING
      ${trx ? sql`RETURNING device_id, seq` : sql``}`.execute(db)
    const written = trx ? result.rows.length : Number(result.numAffectedRows ?? 0)
    if (trx) {
      // A redelivered reading (already stored) raised its alerts the first time.
      const stored = new Set((result.rows as { device_id: string; seq: string | number }[]).map((r) => `${r.device_id}:${r.seq}`))
      await raiseAlerts(
        trx,
        readings.flatMap((r) => (stored.delete(`${r.deviceId}:${r.seq}`) ? (r.alerts ?? []) : [])),
      )
    }
    return { written, seen }
  }

  /** Whether a device's row needs writing: time moved on by the resolution, or the battery changed. */
  private isDue(deviceId: string, at: number, battery: number | null): boolean {
    const last = this.lastSeenWritten.get(deviceId)
    return !last || at - last.at >= LAST_SEEN_RESOLUTION_MS || (battery !== null && battery !== last.battery)
  }

  private async writeLastSeen(db: DbOrTrx, seen: Map<string, { at: number; battery: number | null }>): Promise<void> {
    const due = [...seen].filter(([id, s]) => this.isDue(id, s.at, s.battery))
    if (!due.length) return
    const values = sql<{
      id: string
      seen: Date
      battery: number | null
    }>`(SELECT * FROM unnest(${due.map(([id]) => id)}::uuid[], ${due.map(([, s]) => new Date(s.at).toISOString())}::timestamptz[], ${due.map(([, s]) => s.battery)}::int[]) AS t(id, seen, battery))`
    await updateInScope(db, WHOLE_TREE, 'device')
      .from(values.as('v'))
      .set({
        last_seen_at: sql`greatest(coalesce(device.last_seen_at, v.seen), v.seen)`,
        battery: sql`coalesce(v.battery, device.battery)`,
      })
      .whereRef('device.id', '=', 'v.id')
      .execute()
    for (const [id, s] of due)
      this.lastSeenWritten.set(id, { at: s.at, battery: s.battery ?? this.lastSeenWritten.get(id)?.battery ?? null })
  }
}

function leastBusy<T>(lanes: GroupCommit<T, void>[]): GroupCommit<T, void> {
  return lanes.reduce((best, lane) => (lane.pending < best.pending ? lane : best))
}
