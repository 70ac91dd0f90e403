import { z } from 'zod'
import type { Role } from '../roles.ts'

export const DEVICE_KINDS = ['bracelet', 'door_seal', 'door_camera', 'public_camera', 'speaker'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]
/** Bound to an isolation order (三电: bracelet, door seal, door camera). */
export const ISOLATION_DEVICE_KINDS = ['bracelet', 'door_seal', 'door_camera'] as const satisfies readonly DeviceKind[]
/** Registered in a public area (视频监控 + 应急喇叭). */
export const PUBLIC_DEVICE_KINDS = ['public_camera', 'speaker'] as const satisfies readonly DeviceKind[]

export const DEVICE_SERIAL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** Below this battery percentage a bound device alerts. */
export const LOW_BATTERY_PERCENT = 20

export const deviceInputSchema = z.object({
  serial: z.string().trim().regex(DEVICE_SERIAL_PATTERN),
  kind: z.enum(DEVICE_KINDS),
  label: z.string().trim().max(100).optional(),
  areaId: z.uuid(),
  groupName: z.string().trim().min(1).max(50).optional(),
  streamUrl: z.url().max(500).optional(),
  /** How often the device reports; silent for 3 intervals (at least 2 minutes) alerts. */
  reportIntervalS: z.number().int().min(1).max(86400).default(60),
})
export type DeviceInput = z.input<typeof deviceInputSchema>

export const deviceSchema = z.object({
  id: z.uuid(),
  serial: z.string(),
  kind: z.enum(DEVICE_KINDS),
  label: z.string().nullable(),
  areaId: z.uuid(),
  areaName: z.string(),
  groupName: z.string().nullable(),
  streamUrl: z.string().nullable(),
  reportIntervalS: z.number(),
  status: z.enum(['active', 'retired']),
  battery: z.number().nullable(),
  lastSeenAt: z.string().nullable(),
  isolationOrderId: z.uuid().nullable(),
})
export type Device = z.infer<typeof deviceSchema>

export const deviceListQuerySchema = z.object({
  kind: z.enum(DEVICE_KINDS).optional(),
  areaId: z.uuid().optional(),
  unbound: z.enum(['true', 'false']).optional(),
})

/** Shown once, when a device is registered or its secret rotated: what to flash into it. */
export const deviceCredentialsSchema = z.object({
  device: deviceSchema,
  mqttUsername: z.string(),
  mqttPassword: z.string(),
  signingKey: z.string(),
  topicBase: z.string(),
})
export type DeviceCredentials = z.infer<typeof deviceCredentialsSchema>

export const deviceReadingSchema = z.object({
  seq: z.number(),
  kind: z.enum(['temperature', 'door', 'motion', 'heartbeat']),
  measuredAt: z.string(),
  value: z.number().nullable(),
  snapshotRef: z.string().nullable(),
  battery: z.number().nullable(),
})
export type DeviceReading = z.infer<typeof deviceReadingSchema>

/** Roles that register devices and bind them to isolation orders. */
export const ROLES_MANAGING_DEVICES = ['admin', 'grid_worker', 'village_cadre'] as const satisfies readonly Role[]
/** Roles that see devices and their readings. */
export const ROLES_READING_DEVICES = [
  'admin',
  'leader',
  'grid_worker',
  'village_cadre',
  'health_officer',
  'doctor',
] as const satisfies readonly Role[]
