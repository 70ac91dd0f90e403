import { sql } from 'kysely'
import type { DeviceKind } from '../../../shared/schemas/devices.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'
import type { DeviceTable } from './devices.table.ts'
import type { Insertable } from 'kysely'

/** The device columns the API shows, with the area name and the order it is bound to. */
function selectDevices(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'device')
    .innerJoin('area', 'area.id', 'device.area_id')
    .leftJoin('device_binding', (join) =>
      join.onRef('device_binding.device_id', '=', 'device.id').on('device_binding.unbound_at', 'is', null),
    )
    .select([
      'device.id',
      'device.serial',
      'device.kind',
      'device.label',
      'device.area_id',
      'device.group_name',
      'device.stream_url',
      'device.report_interval_s',
      'device.status',
      'device.battery',
      'device.last_seen_at',
      'area.name as area_name',
      'device_binding.isolation_order_id',
    ])
}
export type DeviceListRow = Awaited<ReturnType<ReturnType<typeof selectDevices>['execute']>>[number]

export function insertDevice(db: DbOrTrx, row: Insertable<DeviceTable>) {
  return db.insertInto('device').values(row).returning('id').executeTakeFirstOrThrow()
}

export function findDevice(db: DbOrTrx, scope: Scope, id: string) {
  return selectDevices(db, scope).where('device.id', '=', id).executeTakeFirst()
}

export function findDeviceBySerial(db: DbOrTrx, scope: Scope, serial: string) {
  return selectDevices(db, scope).where('device.serial', '=', serial).executeTakeFirst()
}

export function listDevices(
  db: DbOrTrx,
  scope: Scope,
  filter: { kind?: DeviceKind; areaPath?: string; unbound?: boolean; orderIds?: string[] },
) {
  let query = selectDevices(db, scope).where('device.status', '=', 'active')
  if (filter.kind) query = query.where('device.kind', '=', filter.kind)
  if (filter.areaPath) query = query.where('area.path', 'like', `${filter.areaPath}%`)
  if (filter.unbound) query = query.where('device_binding.id', 'is', null)
  if (filter.orderIds)
    query = query.where(
      'device_binding.isolation_order_id',
      'in',
      filter.orderIds.length ? filter.orderIds : ['00000000-0000-0000-0000-000000000000'],
    )
  return query.orderBy('device.kind').orderBy('device.serial').limit(1000).execute()
}

export function setDeviceSecret(db: DbOrTrx, scope: Scope, id: string, secretEnc: string) {
  return updateInScope(db, scope, 'device')
    .set({ secret_enc: secretEnc })
    .where('device.id', '=', id)
    .returning('device.serial')
    .executeTakeFirst()
}

export function retireDevice(db: DbOrTrx, scope: Scope, id: string) {
  return updateInScope(db, scope, 'device')
    .set({ status: 'retired' })
    .where('device.id', '=', id)
    .returning('device.serial')
    .executeTakeFirst()
}

/**
 * What the ingestion needs per device, for every area (it serves the whole tree): the sealed
 * secret and the isolation order the device is bound to now, if any.
 * @param serials only these devices; every active device when absent
 */
export function findDirectoryRows(db: DbOrTrx, serials?: string[]) {
  let query = selectInScope(db, WHOLE_TREE, 'device')
    .leftJoin('device_binding', (join) =>
      join.onRef('device_binding.device_id', '=', 'device.id').on('device_binding.unbound_at', 'is', null),
    )
    .leftJoin('isolation_order', (join) =>
      join.onRef('isolation_order.id', '=', 'device_binding.isolation_order_id').on('isolation_order.status', '=', 'open'),
    )
    .select([
      'device.id',
      'device.serial',
      'device.kind',
      'device.area_id',
      'device.status',
      'device.secret_enc',
      'isolation_order.id as order_id',
      'isolation_order.person_id',
      'isolation_order.area_id as order_area_id',
      'isolation_order.starts_at',
      'isolation_order.ends_at',
    ])
  if (serials) query = query.where('device.serial', 'in', serials)
  else query = query.where('device.status', '=', 'active')
  return query.execute()
}

/** Readings of one device, newest first (scope through the device). */
export function listReadings(db: DbOrTrx, scope: Scope, deviceId: string, limit: number) {
  return selectInScope(db, scope, 'device')
    .innerJoin('device_reading', 'device_reading.device_id', 'device.id')
    .select([
      'device_reading.seq',
      'device_reading.kind',
      'device_reading.measured_at',
      'device_reading.value',
      'device_reading.snapshot_ref',
      'device_reading.battery',
    ])
    .where('device.id', '=', deviceId)
    .orderBy('device_reading.measured_at', 'desc')
    .limit(limit)
    .execute()
}

/** A silent device: bound to an order in force (or a speaker) and unheard for 3 intervals, at least 2 minutes. */
const SILENT = (now: Date) =>
  sql<boolean>`coalesce(device.last_seen_at, device_binding.bound_at, device.created_at) < ${now.toISOString()}::timestamptz - make_interval(secs => greatest(device.report_interval_s * 3, 120))`

/** Devices bound to an open isolation order in force that have gone silent. */
export function findSilentBoundDevices(db: DbOrTrx, now: Date) {
  return selectInScope(db, WHOLE_TREE, 'device')
    .innerJoin('device_binding', (join) =>
      join.onRef('device_binding.device_id', '=', 'device.id').on('device_binding.unbound_at', 'is', null),
    )
    .innerJoin('isolation_order', 'isolation_order.id', 'device_binding.isolation_order_id')
    .select(['device.id', 'device.serial', 'isolation_order.person_id', 'isolation_order.area_id'])
    .where('device.status', '=', 'active')
    .where('isolation_order.status', '=', 'open')
    .where('isolation_order.starts_at', '<=', now)
    .where('isolation_order.ends_at', '>', now)
    .where(SILENT(now))
    .execute()
}

/** Public-area speakers that reported before and have gone silent (a dead speaker cannot warn anyone). */
export function findSilentSpeakers(db: DbOrTrx, now: Date) {
  return selectInScope(db, WHOLE_TREE, 'device')
    .leftJoin('device_binding', (join) =>
      join.onRef('device_binding.device_id', '=', 'device.id').on('device_binding.unbound_at', 'is', null),
    )
    .select(['device.id', 'device.serial', 'device.area_id'])
    .where('device.status', '=', 'active')
    .where('device.kind', '=', 'speaker')
    .where('device.last_seen_at', 'is not', null)
    .where(SILENT(now))
    .execute()
}
