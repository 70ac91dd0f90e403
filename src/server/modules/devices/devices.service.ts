import type { Device, DeviceCredentials, DeviceReading } from '../../../shared/schemas/devices.ts'
import type { DeviceInput } from '../../../shared/schemas/devices.ts'
import { deviceInputSchema } from '../../../shared/schemas/devices.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { deriveDeviceKeys, newDeviceSecret } from './credentials.ts'
import { announceDeviceChange } from './device-events.ts'
import { DeviceSerialTakenError } from './devices.errors.ts'
import * as repo from './devices.repository.ts'
import { deviceTopicBase } from './protocol.ts'

const ENTITY = 'device'

/** Maps a device row to what the API shows (never the secret). */
export function deviceRowToDevice(row: repo.DeviceListRow): Device {
  return {
    id: row.id,
    serial: row.serial,
    kind: row.kind,
    label: row.label,
    areaId: row.area_id,
    areaName: row.area_name,
    groupName: row.group_name,
    streamUrl: row.stream_url,
    reportIntervalS: row.report_interval_s,
    status: row.status,
    battery: row.battery,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    isolationOrderId: row.isolation_order_id,
  }
}

function credentials(deps: Deps, device: Device, secret: string): DeviceCredentials {
  const keys = deriveDeviceKeys(secret)
  return {
    device,
    mqttUsername: device.serial,
    mqttPassword: keys.mqttPassword,
    signingKey: keys.signingKey.toString('base64url'),
    topicBase: deviceTopicBase(deps.config.devices.topicPrefix, device.serial),
  }
}

function isSerialTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === 'device_serial_key' || !!e.message?.includes('device_serial_key'))
}

/**
 * Registers a device in an area and returns its credentials, shown this once.
 * @throws DeviceSerialTakenError; AREA_OUTSIDE_SCOPE
 */
export async function registerDevice(deps: Deps, actor: Actor, input: DeviceInput): Promise<DeviceCredentials> {
  const data = deviceInputSchema.parse(input)
  const secret = newDeviceSecret()
  try {
    const device = await deps.db.transaction().execute(async (trx) => {
      const area = await requireAreaInScope(trx, actor, data.areaId)
      const { id } = await repo.insertDevice(trx, {
        area_id: area.id,
        serial: data.serial,
        kind: data.kind,
        label: data.label ?? null,
        group_name: data.groupName ?? null,
        stream_url: data.streamUrl ?? null,
        report_interval_s: data.reportIntervalS,
        secret_enc: deps.cipher.seal(secret),
        status: 'active',
        battery: null,
        last_seen_at: null,
      })
      await announceDeviceChange(trx, data.serial)
      return deviceRowToDevice((await repo.findDevice(trx, actor, id))!)
    })
    return credentials(deps, device, secret)
  } catch (error) {
    if (isSerialTaken(error)) throw new DeviceSerialTakenError()
    throw error
  }
}

/** A new secret for a device (lost or leaked): the old password and key stop working at once. @throws NotFoundError */
export async function rotateDeviceSecret(deps: Deps, actor: Actor, id: string): Promise<DeviceCredentials> {
  const secret = newDeviceSecret()
  return deps.db.transaction().execute(async (trx) => {
    const updated = await repo.setDeviceSecret(trx, actor, id, deps.cipher.seal(secret))
    if (!updated) throw new NotFoundError(ENTITY)
    await announceDeviceChange(trx, updated.serial)
    return credentials(deps, deviceRowToDevice((await repo.findDevice(trx, actor, id))!), secret)
  })
}

/** Takes a device out of service: its messages are refused from now on. @throws NotFoundError */
export async function retireDevice(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const retired = await repo.retireDevice(trx, actor, id)
    if (!retired) throw new NotFoundError(ENTITY)
    await trx
      .updateTable('device_binding')
      .set({ unbound_at: new Date() })
      .where('device_id', '=', id)
      .where('unbound_at', 'is', null)
      .execute()
    await announceDeviceChange(trx, retired.serial)
  })
}

/** Active devices in scope. */
export async function listDevices(
  deps: Deps,
  actor: Actor,
  query: { kind?: Device['kind']; areaId?: string; unbound?: 'true' | 'false' },
): Promise<Device[]> {
  const areaPath = query.areaId ? (await requireAreaInScope(deps.db, actor, query.areaId)).path : undefined
  const rows = await repo.listDevices(deps.db, actor, { kind: query.kind, areaPath, unbound: query.unbound === 'true' })
  return rows.map(deviceRowToDevice)
}

/** The latest readings of a device. @throws NotFoundError */
export async function listDeviceReadings(deps: Deps, actor: Actor, id: string, limit: number): Promise<DeviceReading[]> {
  if (!(await repo.findDevice(deps.db, actor, id))) throw new NotFoundError(ENTITY)
  const rows = await repo.listReadings(deps.db, actor, id, limit)
  return rows.map((r) => ({
    seq: Number(r.seq),
    kind: r.kind,
    measuredAt: r.measured_at.toISOString(),
    value: r.value === null ? null : Number(r.value),
    snapshotRef: r.snapshot_ref,
    battery: r.battery,
  }))
}
