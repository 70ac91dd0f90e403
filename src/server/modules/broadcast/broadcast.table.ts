import type { ColumnType, Generated } from 'kysely'

/** A text announcement to a group of public-area loudspeakers (应急喇叭). */
export interface AnnouncementTable {
  id: Generated<string>
  area_id: string
  body: string
  group_name: string | null
  created_by: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}

/** One speaker's copy: sent by the device worker over MQTT, acknowledged by the speaker. */
export interface AnnouncementDeliveryTable {
  announcement_id: string
  device_id: string
  area_id: string
  sent_at: Date | null
  acked_at: Date | null
}
