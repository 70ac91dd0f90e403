import { z } from 'zod'

export const CONSULTATION_STATUSES = ['queued', 'in_progress', 'closed', 'cancelled'] as const
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number]
export const CONSULTATION_OUTCOMES = ['advice', 'observe', 'refer_hospital', 'no_issue'] as const
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number]

export const consultationRequestSchema = z.object({
  personId: z.uuid(),
  reason: z.string().trim().min(1).max(500),
})
export const selfConsultationRequestSchema = z.object({ reason: z.string().trim().min(1).max(500) })

export const closeConsultationSchema = z.object({
  notes: z.string().trim().min(1).max(2000),
  outcome: z.enum(CONSULTATION_OUTCOMES),
})
export type CloseConsultationBody = z.infer<typeof closeConsultationSchema>

export const consultationSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  areaName: z.string(),
  isolationOrderId: z.uuid().nullable(),
  requestedVia: z.enum(['self', 'staff']),
  reason: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  doctorName: z.string().nullable(),
  videoUrl: z.string().nullable(),
  notes: z.string().nullable(),
  outcome: z.enum(CONSULTATION_OUTCOMES).nullable(),
  createdAt: z.string(),
  takenAt: z.string().nullable(),
  closedAt: z.string().nullable(),
})
export type Consultation = z.infer<typeof consultationSchema>

export const consultationListQuerySchema = z.object({ status: z.enum(CONSULTATION_STATUSES).optional() })

export const videoServiceBodySchema = z.object({
  areaId: z.uuid(),
  /** `{room}` is replaced by the consultation's id */
  urlTemplate: z
    .url()
    .max(300)
    .refine((u) => u.includes('%7Broom%7D') || u.includes('{room}'), { message: 'must contain {room}' }),
})
