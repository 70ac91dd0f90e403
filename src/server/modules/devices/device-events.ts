import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'

/** NOTIFY channel: a device's credentials or binding changed (payload: its serial). */
export const DEVICE_CHANNEL = 'gridline_devices'

/** Tells the ingestion (in any process) to forget what it cached about a device; sent on commit. */
export async function announceDeviceChange(db: DbOrTrx, serial: string): Promise<void> {
  await sql`SELECT pg_notify(${DEVICE_CHANNEL}, ${serial})`.execute(db)
}
