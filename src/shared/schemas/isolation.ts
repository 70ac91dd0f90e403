import { z } from 'zod'
import { deviceSchema } from './devices.ts'

export const ISOLATION_KINDS = ['home', 'centralised'] as const

export const isolationOrderInputSchema = z
  .object({
    personId: z.uuid(),
    kind: z.enum(ISOLATION_KINDS),
    address: z.string().trim().max(200).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    responsibleAccountId: z.uuid().optional(),
  })
  .refine((v) => !v.startsAt || !v.endsAt || v.startsAt < v.endsAt, { path: ['endsAt'], message: 'the end must be after the start' })
export type IsolationOrderInput = z.input<typeof isolationOrderInputSchema>

export const isolationOrderUpdateSchema = z
  .object({
    address: z.string().trim().max(200).nullable().optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    responsibleAccountId: z.uuid().nullable().optional(),
  })
  // An update with nothing to set is a client mistake, not an empty UPDATE statement.
  .refine((body) => Object.values(body).some((value) => value !== undefined), { params: { key: 'update.empty' } })

export const isolationOrderSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  kind: z.enum(ISOLATION_KINDS),
  status: z.enum(['open', 'released']),
  source: z.enum(['gate', 'manual']),
  address: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  responsibleAccountId: z.uuid().nullable(),
  responsibleName: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releaseNote: z.string().nullable(),
  devices: z.array(deviceSchema),
  openAlerts: z.number(),
})
export type IsolationOrder = z.infer<typeof isolationOrderSchema>

export const isolationListQuerySchema = z.object({
  status: z.enum(['open', 'released']).default('open'),
  areaId: z.uuid().optional(),
})

export const releaseOrderBodySchema = z.object({ note: z.string().trim().min(1).max(500) })
export const bindDeviceBodySchema = z.object({ serial: z.string().trim().min(1).max(64) })

/** Accounts that can be made responsible for an order (grid workers of the area). */
export const responsibleOptionSchema = z.object({ id: z.uuid(), displayName: z.string(), areaName: z.string() })
