import type { ColumnType, Generated, Selectable } from 'kysely'
import type { DeviceKind } from '../../../shared/schemas/devices.ts'

/** A device with its own credentials: the sealed master secret derives its MQTT password and signing key. */
export interface DeviceTable {
  id: Generated<string>
  area_id: string
  serial: string
  kind: DeviceKind
  label: string | null
  /** speakers: the group an announcement can target */
  group_name: string | null
  /** public cameras: where the video is watched */
  stream_url: string | null
  report_interval_s: number
  secret_enc: string
  status: 'active' | 'retired'
  battery: number | null
  /** advanced by the ingestion at most every LAST_SEEN_RESOLUTION_MS */
  last_seen_at: Date | null
  created_at: ColumnType<Date, Date | undefined, never>
}
export type DeviceRow = Selectable<DeviceTable>

/** A device bound to an isolation order for a period. */
export interface DeviceBindingTable {
  id: Generated<string>
  device_id: string
  isolation_order_id: string
  area_id: string
  bound_at: Date
  unbound_at: Date | null
  bound_by: string | null
}

export type ReadingKind = 'temperature' | 'door' | 'motion' | 'heartbeat'

/** Telemetry, keyed by (device, seq) so a redelivered message is stored once. */
export interface DeviceReadingTable {
  device_id: string
  seq: ColumnType<string, number, never>
  kind: ReadingKind
  measured_at: Date
  received_at: Date
  /** °C for temperature, 1 (open) / 0 (closed) for a door */
  value: ColumnType<string | null, number | null, never>
  snapshot_ref: string | null
  battery: number | null
}
