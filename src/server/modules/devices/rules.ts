import { FEVER_THRESHOLD_C } from '../../../shared/schemas/gate.ts'
import { LOW_BATTERY_PERCENT, type DeviceKind } from '../../../shared/schemas/devices.ts'
import type { AlertSeverity } from '../alerts/alerts.table.ts'
import type { DeviceEntry } from './device-directory.ts'
import type { Uplink, UplinkType } from './protocol.ts'

/** Which device kinds may send which message types; anything else is malformed. */
const ALLOWED: Record<UplinkType, readonly DeviceKind[]> = {
  temperature: ['bracelet'],
  door: ['door_seal'],
  motion: ['door_camera', 'public_camera'],
  heartbeat: ['bracelet', 'door_seal', 'door_camera', 'public_camera', 'speaker'],
  ack: ['speaker'],
}

/** Whether a device of this kind sends this message type. */
export function isAllowedFor(kind: DeviceKind, type: UplinkType): boolean {
  return ALLOWED[type].includes(kind)
}

export interface AlertIntent {
  kind: 'fever' | 'door_opened' | 'battery_low'
  severity: AlertSeverity
  areaId: string
  personId: string | null
}

/**
 * The alerts one message calls for (pure). Isolation devices alert only while bound to an open
 * order in force at the time of measurement: a bracelet on a shelf reports, but nobody is called.
 * Fever and door rules follow PRODUCT.md §4; a low battery alerts for bound devices and speakers.
 */
export function evaluateReading(device: DeviceEntry, message: Uplink): AlertIntent[] {
  const intents: AlertIntent[] = []
  const order = device.order && message.body.ts >= device.order.startsAt && message.body.ts < device.order.endsAt ? device.order : null
  if (order) {
    if (message.type === 'temperature' && message.body.celsius >= FEVER_THRESHOLD_C) {
      intents.push({ kind: 'fever', severity: 'warning', areaId: order.areaId, personId: order.personId })
    }
    if (message.type === 'door' && message.body.open) {
      intents.push({ kind: 'door_opened', severity: 'critical', areaId: order.areaId, personId: order.personId })
    }
  }
  const battery = message.body.battery
  if (battery !== undefined && battery < LOW_BATTERY_PERCENT && (order || device.kind === 'speaker')) {
    intents.push({ kind: 'battery_low', severity: 'info', areaId: order?.areaId ?? device.areaId, personId: order?.personId ?? null })
  }
  return intents
}
