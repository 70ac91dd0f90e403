import { z } from 'zod'
import type { Role } from '../roles.ts'

/** Alert kinds raised today: by the gate, the device rules and the daily-report sweep. */
export const ALERT_KINDS = [
  'fever',
  'isolation_home',
  'isolation_centralised',
  'forged_code',
  'door_opened',
  'device_silent',
  'battery_low',
  'report_missed',
  'report_abnormal',
] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const ALERT_STATUSES = ['open', 'acknowledged', 'handled'] as const

/** Who an unacknowledged alert has reached: 0 grid worker, 1 village cadre, 2 street. */
export const ESCALATION_LEVELS = [0, 1, 2] as const

export const alertSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  severity: z.string(),
  status: z.enum(ALERT_STATUSES),
  occurrences: z.number(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  personId: z.uuid().nullable(),
  personName: z.string().nullable(),
  subjectRef: z.string().nullable(),
  /** Where it happened when that is a place: the checkpoint of a forged code. */
  placeName: z.string().nullable(),
  areaName: z.string(),
  escalationLevel: z.number(),
  acknowledgedAt: z.string().nullable(),
  note: z.string().nullable(),
})
export type AlertView = z.infer<typeof alertSchema>

export const acknowledgeAlertBodySchema = z.object({ note: z.string().trim().max(500).optional() })
export const handleAlertBodySchema = z.object({ note: z.string().trim().min(1).max(1000) })
export type HandleAlertBody = z.infer<typeof handleAlertBodySchema>

export const ALERT_EVENTS = ['raised', 'repeated', 'acknowledged', 'handled', 'escalated'] as const
export type AlertEventName = (typeof ALERT_EVENTS)[number]

/** One message on the live channel (server-sent event `alert`). */
export const alertStreamMessageSchema = z.object({ event: z.enum(ALERT_EVENTS), alert: alertSchema })
export type AlertStreamMessage = z.infer<typeof alertStreamMessageSchema>

/** Roles that see alerts (the list, the live channel) and acknowledge or handle them. */
export const ROLES_READING_ALERTS = [
  'admin',
  'leader',
  'grid_worker',
  'village_cadre',
  'health_officer',
  'doctor',
] as const satisfies readonly Role[]
export const ROLES_HANDLING_ALERTS = [
  'admin',
  'grid_worker',
  'village_cadre',
  'health_officer',
  'doctor',
] as const satisfies readonly Role[]
