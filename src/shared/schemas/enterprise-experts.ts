import { z } from 'zod'
import { customIssue, pageQuerySchema } from './common.ts'
import { EXPERT_FIELDS } from './enterprise-problem.ts'
import { INDUSTRIES } from './enterprise.ts'

/**
 * Service teams: a liaison team per enterprise group ("1+N", "1+1+3": a commissioner, a town
 * leader, service staff), industry service teams and expert service teams (两专服务团).
 */
export const TEAM_KINDS = ['liaison', 'industry', 'expert'] as const
export type TeamKind = (typeof TEAM_KINDS)[number]

export const MEMBER_ROLES = ['city_commissioner', 'district_commissioner', 'town_leader', 'team_leader', 'service_staff', 'expert'] as const
export type MemberRole = (typeof MEMBER_ROLES)[number]

export const teamMemberInputSchema = z.object({
  name: z.string().trim().min(1).max(50),
  role: z.enum(MEMBER_ROLES),
  title: z.string().trim().max(50).optional(),
  /** The member's own account, when they sign in (experts do, to keep their slots). */
  accountId: z.uuid().optional(),
})

export const teamInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(TEAM_KINDS),
    field: z.enum(EXPERT_FIELDS).optional(),
    industry: z.enum(INDUSTRIES).optional(),
    /** '1+N', '1+1+3'… */
    formation: z.string().trim().max(20).optional(),
    areaId: z.uuid(),
    members: z.array(teamMemberInputSchema).max(200).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'expert' && !value.field) {
      ctx.addIssue({ code: 'custom', path: ['field'], ...customIssue('team.fieldRequired', 'an expert team needs a field') })
    }
  })
export type TeamInput = z.input<typeof teamInputSchema>

export const teamMemberSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(MEMBER_ROLES),
  title: z.string().nullable(),
  accountId: z.uuid().nullable(),
})

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
  field: z.enum(EXPERT_FIELDS).nullable(),
  industry: z.enum(INDUSTRIES).nullable(),
  formation: z.string().nullable(),
  areaId: z.uuid(),
  areaName: z.string(),
  members: z.array(teamMemberSchema),
})
export type Team = z.infer<typeof teamSchema>

export const teamListQuerySchema = z.object({ kind: z.enum(TEAM_KINDS).optional(), field: z.enum(EXPERT_FIELDS).optional() })

export const SLOT_MODES = ['visit', 'remote'] as const

export const slotInputSchema = z
  .object({
    memberId: z.uuid(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    mode: z.enum(SLOT_MODES).default('visit'),
  })
  .superRefine((value, ctx) => {
    if (Date.parse(value.endsAt) <= Date.parse(value.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], ...customIssue('slot.endsBeforeStart', 'ends before it starts') })
    }
  })

export const slotSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string(),
  field: z.enum(EXPERT_FIELDS).nullable(),
  memberId: z.uuid(),
  expertName: z.string(),
  expertTitle: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  mode: z.enum(SLOT_MODES),
  booked: z.boolean(),
})
export type Slot = z.infer<typeof slotSchema>

export const slotListQuerySchema = z.object({
  field: z.enum(EXPERT_FIELDS).optional(),
  teamId: z.uuid().optional(),
  available: z.enum(['yes', 'no']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})

/** 预约出诊: a chosen slot, or "the earliest free expert of this field" (dispatch by field and availability). */
export const bookingInputSchema = z
  .object({
    slotId: z.uuid().optional(),
    field: z.enum(EXPERT_FIELDS).optional(),
    enterpriseId: z.uuid().optional(),
    problemId: z.uuid().optional(),
    topic: z.string().trim().min(1).max(200),
  })
  .superRefine((value, ctx) => {
    if (!value.slotId === !value.field) {
      ctx.addIssue({ code: 'custom', path: ['slotId'], ...customIssue('booking.slotOrField', 'give a slot or a field') })
    }
  })

export const BOOKING_STATUSES = ['booked', 'visited', 'cancelled'] as const

export const bookingSchema = z.object({
  id: z.uuid(),
  slot: slotSchema,
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  problemId: z.uuid().nullable(),
  topic: z.string(),
  status: z.enum(BOOKING_STATUSES),
  visitRecord: z.string().nullable(),
  visitedAt: z.string().nullable(),
  bookedAt: z.string(),
})
export type Booking = z.infer<typeof bookingSchema>

export const bookingListQuerySchema = pageQuerySchema.extend({ status: z.enum(BOOKING_STATUSES).optional() })
export const bookingListSchema = z.object({ items: z.array(bookingSchema), total: z.number(), page: z.number(), pageSize: z.number() })

export const visitRecordSchema = z.object({ record: z.string().trim().min(1).max(4000) })

/** 远程问诊 (one expert, a video link) and 集中会诊 (a panel on a hard case). */
export const CONSULTATION_KINDS = ['remote', 'panel'] as const

export const consultationInputSchema = z
  .object({
    kind: z.enum(CONSULTATION_KINDS),
    enterpriseId: z.uuid().optional(),
    problemId: z.uuid().optional(),
    topic: z.string().trim().min(1).max(200),
    scheduledAt: z.iso.datetime({ offset: true }),
    videoLink: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    memberIds: z.array(z.uuid()).min(1).max(20),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'panel' && new Set(value.memberIds).size < 2) {
      ctx.addIssue({ code: 'custom', path: ['memberIds'], ...customIssue('consultation.panelNeedsTwo', 'a panel needs two experts') })
    }
  })

export const conclusionInputSchema = z.object({
  notes: z.string().trim().max(4000).optional(),
  conclusion: z.string().trim().min(1).max(4000),
  actions: z
    .array(
      z.object({ description: z.string().trim().min(1).max(500), ownerAccountId: z.uuid().optional(), dueOn: z.iso.date().optional() }),
    )
    .max(30)
    .default([]),
})

export const consultationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(CONSULTATION_KINDS),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  problemId: z.uuid().nullable(),
  topic: z.string(),
  scheduledAt: z.string(),
  videoLink: z.string().nullable(),
  status: z.enum(['scheduled', 'concluded']),
  notes: z.string().nullable(),
  conclusion: z.string().nullable(),
  members: z.array(z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), teamName: z.string() })),
  actions: z.array(z.object({ id: z.uuid(), description: z.string(), ownerName: z.string().nullable(), dueOn: z.string().nullable() })),
})
export type Consultation = z.infer<typeof consultationSchema>
