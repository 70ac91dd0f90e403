import { z } from 'zod'
import { customIssue, pageQuerySchema } from './common.ts'

/**
 * The prevention checklist of the report's guide, in its four parts: entering the site,
 * workshops, canteen, dormitories. Every item must be ticked before the area office approves.
 */
export const RESUMPTION_CHECKLIST = {
  entry: ['temperature_check', 'registration', 'masks', 'disinfection'],
  workshop: ['ventilation', 'daily_disinfection', 'spacing', 'health_log'],
  canteen: ['staggered_meals', 'separate_seating', 'tableware_disinfection'],
  dormitory: ['occupancy_limit', 'ventilation', 'daily_disinfection', 'isolation_room'],
} as const
export type ChecklistPart = keyof typeof RESUMPTION_CHECKLIST
export const CHECKLIST_PARTS = Object.keys(RESUMPTION_CHECKLIST) as ChecklistPart[]

function partSchema<T extends readonly string[]>(items: T) {
  const shape = Object.fromEntries(items.map((item) => [item, z.boolean().default(false)]))
  return z.object(shape as Record<T[number], z.ZodDefault<z.ZodBoolean>>)
}

export const checklistSchema = z.object({
  entry: partSchema(RESUMPTION_CHECKLIST.entry),
  workshop: partSchema(RESUMPTION_CHECKLIST.workshop),
  canteen: partSchema(RESUMPTION_CHECKLIST.canteen),
  dormitory: partSchema(RESUMPTION_CHECKLIST.dormitory),
})
export type Checklist = z.output<typeof checklistSchema>

/** Whether every item of every part is ticked. */
export function isChecklistComplete(checklist: Checklist): boolean {
  return CHECKLIST_PARTS.every((part) => Object.values(checklist[part]).every(Boolean))
}

/** Mainland plate: province character, letter, 5 (or 6 for new-energy) letters and digits. */
export const PLATE_PATTERN = /^[\u4e00-\u9fa5][A-Z][A-HJ-NP-Z0-9]{5,6}$/

const count = z.number().int().min(0).max(10_000_000)

export const resumptionInputSchema = z.object({
  /** Required for staff filing on an enterprise's behalf; an enterprise account files for itself. */
  enterpriseId: z.uuid().optional(),
  checklist: checklistSchema,
  staffPlan: z.object({
    returningLocal: count,
    returningOtherProvince: count,
    firstDay: z.iso.date(),
    note: z.string().trim().max(500).optional(),
  }),
  ppe: z.object({ masks: count, thermometers: count, disinfectantLitres: count }),
  vehiclePasses: z
    .array(
      z.object({
        plate: z
          .string()
          .trim()
          .transform((p) => p.toUpperCase().replace(/\s+/g, ''))
          .refine((p) => PLATE_PATTERN.test(p), customIssue('plate.format', 'plate number')),
        route: z.string().trim().min(1).max(100),
      }),
    )
    .max(50)
    .default([]),
  note: z.string().trim().max(1000).optional(),
})
export type ResumptionInput = z.input<typeof resumptionInputSchema>
export type ResumptionData = z.output<typeof resumptionInputSchema>

export const RESUMPTION_STATUSES = ['submitted', 'approved', 'returned'] as const
export type ResumptionStatus = (typeof RESUMPTION_STATUSES)[number]

export const resumptionSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  areaName: z.string(),
  aboveScale: z.boolean(),
  status: z.enum(RESUMPTION_STATUSES),
  checklist: checklistSchema,
  checklistComplete: z.boolean(),
  staffPlan: resumptionInputSchema.shape.staffPlan,
  ppe: resumptionInputSchema.shape.ppe,
  vehiclePasses: z.array(z.object({ plate: z.string(), route: z.string() })),
  note: z.string().nullable(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
})
export type Resumption = z.infer<typeof resumptionSchema>

export const resumptionDecisionSchema = z
  .object({ decision: z.enum(['approve', 'return']), note: z.string().trim().max(500).optional() })
  .superRefine((value, ctx) => {
    if (value.decision === 'return' && !value.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], ...customIssue('resumption.returnReasonRequired', 'say what to fix') })
    }
  })

export const resumptionListQuerySchema = pageQuerySchema.extend({
  status: z.enum(RESUMPTION_STATUSES).optional(),
  enterpriseId: z.uuid().optional(),
})

export const resumptionListSchema = z.object({
  items: z.array(resumptionSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})
