import { createSecretKey, type KeyObject } from 'node:crypto'
import type { DeviceKind } from '../../../shared/schemas/devices.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import { listenOn, type Db } from '../../db/database.ts'
import { deriveDeviceKeys } from './credentials.ts'
import { DEVICE_CHANNEL } from './device-events.ts'
import { findDirectoryRows } from './devices.repository.ts'

/** What the ingestion and the embedded broker know about one device. */
export interface DeviceEntry {
  id: string
  serial: string
  kind: DeviceKind
  areaId: string
  /** as a KeyObject: HMAC with a prepared key is about a third cheaper per message */
  signingKey: KeyObject
  mqttPassword: string
  /** the open isolation order the device is bound to, if any */
  order: { id: string; personId: string; areaId: string; startsAt: number; endsAt: number } | null
  loadedAt: number
}

type Row = Awaited<ReturnType<typeof findDirectoryRows>>[number]

/** Cached entries are re-read after this long even without a change notice. */
const TTL_MS = 60_000
/** An unknown serial is looked up again only after this long (garbage must not flood the database). */
const NEGATIVE_TTL_MS = 10_000

/**
 * Device credentials and bindings, cached in memory for the hot path (tens of thousands of
 * messages a second cannot each query the database). Kept fresh by NOTIFY on every change
 * (device-events.ts) and by a TTL. Look-ups of the same unknown serial share one query.
 */
export class DeviceDirectory {
  private readonly entries = new Map<string, DeviceEntry | { missing: true; loadedAt: number }>()
  private readonly loading = new Map<string, Promise<DeviceEntry | null>>()
  /** known devices whose entry is older than TTL_MS, waiting for the next batch refresh */
  private readonly stale = new Set<string>()
  private refreshing: Promise<void> | null = null
  private stopListening: (() => Promise<void>) | null = null

  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Starts following changes and loads every active device. With the database away it starts
   * empty (each device is then read on its first message) and loads everything once the change
   * channel is back: changes made meanwhile sent no notice it could hear.
   * @param onError a reload failed (the database is away again)
   */
  async start(onError: (error: unknown) => void = () => {}): Promise<void> {
    this.stopListening = await listenOn(this.db, DEVICE_CHANNEL, (serial) => this.entries.delete(serial), {
      onReconnect: () => void this.reload().catch(onError),
    })
    await this.reload().catch(onError)
  }

  /** Forgets every cached entry and reads every active device again. */
  async reload(): Promise<void> {
    const rows = await findDirectoryRows(this.db)
    this.entries.clear()
    for (const row of rows) this.entries.set(row.serial, this.toEntry(row))
  }

  /**
   * The device, or null when it is unknown or retired. A known device past its TTL is answered
   * from memory and refreshed in the background, a thousand per query: when every entry expires
   * at once (the minute after start, 100,000 devices) messages must not each wait for, and
   * together exhaust, the database pool. Changes reach the cache at once anyway (NOTIFY).
   */
  get(serial: string): DeviceEntry | null | Promise<DeviceEntry | null> {
    const cached = this.entries.get(serial)
    if (cached && !('missing' in cached)) {
      if (this.clock() - cached.loadedAt >= TTL_MS) this.refreshLater(serial)
      return cached
    }
    if (cached && this.clock() - cached.loadedAt < NEGATIVE_TTL_MS) return null
    let pending = this.loading.get(serial)
    if (!pending) {
      pending = this.load(serial).finally(() => this.loading.delete(serial))
      this.loading.set(serial, pending)
    }
    return pending
  }

  /** Forgets one device (or all), so the next message reads it again. */
  invalidate(serial?: string): void {
    if (serial) this.entries.delete(serial)
    else this.entries.clear()
  }

  async close(): Promise<void> {
    await this.stopListening?.()
  }

  private refreshLater(serial: string): void {
    this.stale.add(serial)
    this.refreshing ??= this.refreshStale().finally(() => (this.refreshing = null))
  }

  private async refreshStale(): Promise<void> {
    while (this.stale.size) {
      const batch = [...this.stale].slice(0, 1000)
      for (const serial of batch) this.stale.delete(serial)
      let rows: Row[]
      try {
        rows = await findDirectoryRows(this.db, batch)
      } catch {
        // The entries stay as they were; the next message of each asks again.
        return
      }
      const found = new Map(rows.map((row) => [row.serial, row]))
      for (const serial of batch) {
        const row = found.get(serial)
        this.entries.set(serial, row && row.status === 'active' ? this.toEntry(row) : { missing: true, loadedAt: this.clock() })
      }
    }
  }

  private async load(serial: string): Promise<DeviceEntry | null> {
    const [row] = await findDirectoryRows(this.db, [serial])
    if (row?.status !== 'active') {
      this.entries.set(serial, { missing: true, loadedAt: this.clock() })
      return null
    }
    const entry = this.toEntry(row)
    this.entries.set(serial, entry)
    return entry
  }

  private toEntry(row: Row): DeviceEntry {
    const keys = deriveDeviceKeys(this.cipher.open(row.secret_enc))
    return {
      id: row.id,
      serial: row.serial,
      kind: row.kind,
      areaId: row.area_id,
      signingKey: createSecretKey(keys.signingKey),
      mqttPassword: keys.mqttPassword,
      order:
        row.order_id && row.person_id && row.order_area_id && row.starts_at && row.ends_at
          ? {
              id: row.order_id,
              personId: row.person_id,
              areaId: row.order_area_id,
              startsAt: row.starts_at.getTime(),
              endsAt: row.ends_at.getTime(),
            }
          : null,
      loadedAt: this.clock(),
    }
  }
}
