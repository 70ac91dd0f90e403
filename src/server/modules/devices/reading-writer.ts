import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { GroupCommit } from '../../db/group-commit.ts'
import { updateInScope, WHOLE_TREE } from '../../db/scope.ts'
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
}

/** device.last_seen_at moves at most this often per device: enough for silence rules (≥ 2 min). */
export const LAST_SEEN_RESOLUTION_MS = 60_000

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
 */
export class ReadingWriter {
  readonly stats: WriterStats = { written: 0, duplicates: 0, failed: 0 }
  /** Two batches in flight at once: one is parsed and built while PostgreSQL writes the other. */
  private readonly lanes: GroupCommit<Reading, void>[]
  private readonly lastSeenWritten = new Map<string, { at: number; battery: number | null }>()

  constructor(
    private readonly db: Db,
    maxBatch = 4000,
    private readonly onFailure: (error: unknown) => void = () => {},
  ) {
    this.lanes = [0, 1].map(() => new GroupCommit<Reading, void>((readings) => this.flush(readings), maxBatch))
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
    return (a.pending <= b.pending ? a : b).add(reading).catch((error: unknown) => {
      this.stats.failed++
      this.onFailure(error)
      throw error
    })
  }

  /** Readings queued or being written (the ingestion slows the broker down above a limit). */
  get pending(): number {
    return this.lanes.reduce((n, lane) => n + lane.pending, 0)
  }

  /** Resolves when everything queued so far is written. */
  async idle(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.idle()))
  }

  private async flush(readings: Reading[]): Promise<void[]> {
    const n = readings.length
    // Times go as epoch milliseconds (float8): cheaper than timestamp text on both sides.
    const cols = { device: new Array<string>(n), seq: new Array<number>(n), kind: new Array<string>(n), measured: new Array<number>(n), received: new Array<number>(n), value: new Array<number | null>(n), snapshot: new Array<string | null>(n), battery: new Array<number | null>(n) }
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
        if (!previous || previous.at < r.receivedAt) seen.set(r.deviceId, { at: r.receivedAt, battery: r.battery ?? previous?.battery ?? null })
      }
    }
    const result = await sql`
      INSERT INTO device_reading (device_id, seq, kind, measured_at, received_at, value, snapshot_ref, battery)
      SELECT d, s, k, to_timestamp(m / 1000.0), to_timestamp(r / 1000.0), v, p, b
      FROM unnest(${cols.device}::uuid[], ${cols.seq}::bigint[], ${cols.kind}::text[], ${cols.measured}::float8[],
                  ${cols.received}::float8[], ${cols.value}::numeric[], ${cols.snapshot}::text[], ${cols.battery}::smallint[]) AS t(d, s, k, m, r, v, p, b)
      ON CONFLICT DO NOTHING`.execute(this.db)
    const written = Number(result.numAffectedRows ?? 0)
    this.stats.written += written
    this.stats.duplicates += n - written
    await this.writeLastSeen(seen)
    return new Array<void>(n)
  }

  /** Whether a device's row needs writing: time moved on by the resolution, or the battery changed. */
  private isDue(deviceId: string, at: number, battery: number | null): boolean {
    const last = this.lastSeenWritten.get(deviceId)
    return !last || at - last.at >= LAST_SEEN_RESOLUTION_MS || (battery !== null && battery !== last.battery)
  }

  private async writeLastSeen(seen: Map<string, { at: number; battery: number | null }>): Promise<void> {
    const due = [...seen].filter(([id, s]) => this.isDue(id, s.at, s.battery))
    if (!due.length) return
    const values = sql<{ id: string; seen: Date; battery: number | null }>`(SELECT * FROM unnest(${due.map(([id]) => id)}::uuid[], ${due.map(([, s]) => new Date(s.at).toISOString())}::timestamptz[], ${due.map(([, s]) => s.battery)}::int[]) AS t(id, seen, battery))`
    await updateInScope(this.db, WHOLE_TREE, 'device')
      .from(values.as('v'))
      .set({ last_seen_at: sql`greatest(coalesce(device.last_seen_at, v.seen), v.seen)`, battery: sql`coalesce(v.battery, device.battery)` })
      .whereRef('device.id', '=', 'v.id')
      .execute()
    for (const [id, s] of due) this.lastSeenWritten.set(id, { at: s.at, battery: s.battery ?? this.lastSeenWritten.get(id)?.battery ?? null })
  }
}
