import { z } from 'zod'
import { customIssue, pageQuerySchema } from './common.ts'

/** What enterprises report (the report: staff, supplies, money, transport, supply chain…). */
export const PROBLEM_CATEGORIES = ['staff', 'supplies', 'finance', 'logistics', 'supply_chain', 'policy', 'legal', 'other'] as const
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number]

/** Working days from acceptance to the deadline, per category. */
export const SLA_WORKING_DAYS: Record<ProblemCategory, number> = {
  staff: 5,
  supplies: 3,
  finance: 5,
  logistics: 3,
  supply_chain: 5,
  policy: 3,
  legal: 5,
  other: 5,
}

/** Fields of the expert service teams (两专服务团); a problem needing an expert goes to the team of its field. */
export const EXPERT_FIELDS = ['tech', 'finance', 'accounting', 'law', 'trade', 'hr', 'tax', 'ip', 'safety', 'management'] as const
export type ExpertField = (typeof EXPERT_FIELDS)[number]

/** 发现→办理→解决→反馈: reported → accepted → in progress → resolved → closed (or reopened). */
export const PROBLEM_STATES = ['reported', 'accepted', 'in_progress', 'resolved', 'closed', 'reopened'] as const
export type ProblemState = (typeof PROBLEM_STATES)[number]

/** States in which the SLA clock runs. */
export const SLA_RUNNING_STATES: readonly ProblemState[] = ['accepted', 'in_progress', 'reopened']
/** States that still need work (the board's "open"). */
export const OPEN_PROBLEM_STATES: readonly ProblemState[] = ['reported', 'accepted', 'in_progress', 'reopened']

export const PROBLEM_ACTIONS = ['accept', 'start', 'resolve', 'confirm', 'reopen'] as const
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number]

/**
 * The state machine, written once: the server enforces it, the web shows only the buttons it allows.
 * `by`: service staff (liaison officer, admin) or the enterprise itself.
 */
export const PROBLEM_TRANSITIONS: Record<ProblemAction, { from: readonly ProblemState[]; to: ProblemState; by: 'staff' | 'enterprise' }> = {
  accept: { from: ['reported'], to: 'accepted', by: 'staff' },
  start: { from: ['accepted', 'reopened'], to: 'in_progress', by: 'staff' },
  resolve: { from: ['in_progress'], to: 'resolved', by: 'staff' },
  confirm: { from: ['resolved'], to: 'closed', by: 'enterprise' },
  reopen: { from: ['resolved'], to: 'reopened', by: 'enterprise' },
}

/** Escalation steps: working days past the deadline before the problem goes to each level. */
export const ESCALATION_LEVELS = ['street', 'district', 'city'] as const
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number]
export const ESCALATION_AFTER_WORKDAYS: Record<EscalationLevel, number> = { street: 1, district: 3, city: 5 }
/** The owner is warned when this many working days (or fewer) are left. */
export const WARN_WORKDAYS_LEFT = 1

export const problemInputSchema = z.object({
  /** Required for staff; an enterprise account always reports for its own enterprise. */
  enterpriseId: z.uuid().optional(),
  category: z.enum(PROBLEM_CATEGORIES),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(2000),
  /** Daily intake (平时接诊): route it to the expert team of this field. */
  expertField: z.enum(EXPERT_FIELDS).optional(),
})
export type ProblemInput = z.input<typeof problemInputSchema>

export const problemTransitionSchema = z
  .object({
    action: z.enum(PROBLEM_ACTIONS),
    note: z.string().trim().max(1000).optional(),
    satisfaction: z.number().int().min(1).max(5).optional(),
    /** accept: who owns it from now (defaults to the accepting liaison, else the enterprise's liaison). */
    ownerAccountId: z.uuid().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.action === 'resolve' && !value.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], ...customIssue('problem.resolutionRequired', 'say how it was resolved') })
    }
    if (value.action === 'reopen' && !value.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], ...customIssue('problem.reopenReasonRequired', 'say why it is reopened') })
    }
    if (value.action === 'confirm' && value.satisfaction === undefined) {
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], ...customIssue('problem.satisfactionRequired', 'rate 1 to 5') })
    }
  })
export type ProblemTransitionInput = z.infer<typeof problemTransitionSchema>

export const problemSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  category: z.enum(PROBLEM_CATEGORIES),
  title: z.string(),
  description: z.string(),
  state: z.enum(PROBLEM_STATES),
  expertField: z.enum(EXPERT_FIELDS).nullable(),
  expertTeamName: z.string().nullable(),
  ownerAccountId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  reportedAt: z.string(),
  acceptedAt: z.string().nullable(),
  slaWorkingDays: z.number(),
  /** Last day (China date) to resolve it in; null until accepted. */
  dueOn: z.string().nullable(),
  /** Working days left until dueOn (0 on the day itself); negative when overdue. */
  workdaysLeft: z.number().nullable(),
  overdue: z.boolean(),
  /** Highest level it has been escalated to in the current round. */
  escalatedTo: z.enum(ESCALATION_LEVELS).nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  closedAt: z.string().nullable(),
  satisfaction: z.number().nullable(),
  round: z.number(),
  /** What the caller may do next. */
  allowedActions: z.array(z.enum(PROBLEM_ACTIONS)),
})
export type Problem = z.infer<typeof problemSchema>

export const problemEventSchema = z.object({
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
})
export type ProblemEvent = z.infer<typeof problemEventSchema>

export const attachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  uploadedAt: z.string(),
})

export const problemDetailSchema = problemSchema.extend({
  history: z.array(problemEventSchema),
  attachments: z.array(attachmentSchema),
})
export type ProblemDetail = z.infer<typeof problemDetailSchema>

/** Attachments travel as base64 in JSON (photos of a stuck shipment, a contract): 2 MB each. */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024
export const attachmentInputSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentType: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.+-]+\/[\w.+-]+$/),
  contentBase64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
})

export const problemListQuerySchema = pageQuerySchema.extend({
  /** mine: what the caller owns; open: everything not closed; all. */
  view: z.enum(['all', 'mine', 'open']).default('all'),
  state: z.enum(PROBLEM_STATES).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  enterpriseId: z.uuid().optional(),
  areaId: z.uuid().optional(),
  /** deadline: soonest first, unaccepted first of all (the liaison's work list). */
  sort: z.enum(['deadline', 'newest']).default('newest'),
})
export type ProblemListQuery = z.infer<typeof problemListQuerySchema>

export const problemListSchema = z.object({
  items: z.array(problemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

const boardNumbers = z.object({
  open: z.number(),
  overdue: z.number(),
  resolved: z.number(),
  /** Mean working days from acceptance to resolution, over resolved and closed problems. */
  avgResolveWorkdays: z.number().nullable(),
  avgSatisfaction: z.number().nullable(),
  rated: z.number(),
})
const resumptionNumbers = z.object({
  enterprises: z.number(),
  resumed: z.number(),
  aboveScale: z.number(),
  aboveScaleResumed: z.number(),
})

/** The area office board: problems per category and per child area, and resumption. */
export const boardSchema = z.object({
  area: z.object({ id: z.uuid(), name: z.string(), level: z.string() }),
  today: z.string(),
  totals: boardNumbers,
  resumption: resumptionNumbers,
  byCategory: z.array(boardNumbers.extend({ category: z.enum(PROBLEM_CATEGORIES) })),
  byArea: z.array(boardNumbers.extend({ id: z.uuid(), name: z.string(), level: z.string() }).merge(resumptionNumbers)),
})
export type Board = z.infer<typeof boardSchema>
