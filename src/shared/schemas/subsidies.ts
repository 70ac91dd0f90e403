import { z } from 'zod'
import type { Role } from '../roles.ts'
import { attachmentInputSchema, attachmentSchema } from './enterprise-problem.ts'
import { INDUSTRIES } from './enterprise.ts'
import { customIssue, pageQuerySchema } from './common.ts'

/**
 * Subsidy fulfilment (惠企政策兑现): the policy catalogue, applications, approval and payouts.
 * Money is integer fen (分) everywhere; screens show yuan.
 */

/** Roles that edit policies, approve applications and pay them (政策兑现专员). */
export const ROLES_RUNNING_SUBSIDIES: readonly Role[] = ['admin', 'policy_officer']
/** Roles that see the subsidy module: the runners, leaders (read only) and enterprises (their own). */
export const ROLES_IN_SUBSIDY_MODULE: readonly Role[] = ['admin', 'policy_officer', 'leader', 'enterprise']

// ---------------------------------------------------------------------------------------------
// Eligibility rules: declarative, evaluated against the enterprise's registry data.

/**
 * What a rule may test about an enterprise, with the kind of value it holds.
 * `area` is the enterprise's area node; a rule `within` an area code passes for it and its descendants.
 */
export const ELIGIBILITY_FACTS = {
  industry: 'enum',
  aboveScale: 'boolean',
  staffTotal: 'number',
  staffOtherProvince: 'number',
  resumed: 'boolean',
  area: 'area',
} as const
export type EligibilityFact = keyof typeof ELIGIBILITY_FACTS
export const ELIGIBILITY_FACT_KEYS = Object.keys(ELIGIBILITY_FACTS) as EligibilityFact[]

/** Operators per fact kind: the editor offers only these, the server refuses the others. */
export const RULE_OPERATORS = {
  enum: ['in', 'not_in'],
  boolean: ['is_true', 'is_false'],
  number: ['gte', 'lte'],
  area: ['within'],
} as const satisfies Record<(typeof ELIGIBILITY_FACTS)[EligibilityFact], readonly string[]>
export const ALL_RULE_OPERATORS = ['in', 'not_in', 'is_true', 'is_false', 'gte', 'lte', 'within'] as const
export type RuleOperator = (typeof ALL_RULE_OPERATORS)[number]

/**
 * One rule. Values: `in`/`not_in` take industry keys; `gte`/`lte` a number; `within` a 12-digit
 * area code; `is_true`/`is_false` nothing. Every rule of a policy must pass (AND).
 */
export const eligibilityRuleSchema = z
  .object({
    fact: z.enum(ELIGIBILITY_FACT_KEYS as [EligibilityFact, ...EligibilityFact[]]),
    op: z.enum(ALL_RULE_OPERATORS),
    values: z.array(z.enum(INDUSTRIES)).max(INDUSTRIES.length).optional(),
    number: z.number().int().min(0).max(10_000_000).optional(),
    areaCode: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const kind = ELIGIBILITY_FACTS[rule.fact]
    if (!(RULE_OPERATORS[kind] as readonly string[]).includes(rule.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], ...customIssue('subsidy.rule.operator', 'operator does not fit the fact') })
    }
    if ((rule.op === 'in' || rule.op === 'not_in') && !rule.values?.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], ...customIssue('subsidy.rule.values', 'choose at least one value') })
    }
    if ((rule.op === 'gte' || rule.op === 'lte') && rule.number === undefined) {
      ctx.addIssue({ code: 'custom', path: ['number'], ...customIssue('subsidy.rule.number', 'a number is required') })
    }
    if (rule.op === 'within' && !rule.areaCode) {
      ctx.addIssue({ code: 'custom', path: ['areaCode'], ...customIssue('subsidy.rule.area', 'an area code is required') })
    }
  })
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>

/** The outcome of one rule for one enterprise, with the enterprise's own value for the explanation. */
export const ruleResultSchema = z.object({
  rule: eligibilityRuleSchema,
  passed: z.boolean(),
  /** The enterprise's value, as shown: an industry key, a number, true/false, an area name. */
  actual: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** The rule and its outcome in words, in the caller's language (e.g. "行业须为 农业；本企业为 鞋业"). */
  explanation: z.string(),
})
export type RuleResult = z.infer<typeof ruleResultSchema>

// ---------------------------------------------------------------------------------------------
// Amounts: what the enterprise enters, and the formula that turns it into fen.

/** Inputs an application supplies (loan amount, interest paid, returning workers…). */
export const amountInputDefinitionSchema = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  labelZh: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().min(1).max(60),
  /** yuan: entered in yuan with up to 2 decimals; count: a whole number. */
  unit: z.enum(['yuan', 'count']),
  max: z.number().min(0).max(1e11),
})
export type AmountInputDefinition = z.infer<typeof amountInputDefinitionSchema>

/**
 * fixed: a set amount; share: `rate` of a yuan input (50% of the interest paid); per_unit: fen per
 * unit of a count input (500 yuan per returning worker). The result is floored to a fen and capped.
 */
export const amountFormulaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), fen: z.number().int().min(1).max(1e13) }),
  z.object({ kind: z.literal('share'), input: z.string(), rate: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('per_unit'), input: z.string(), fenPerUnit: z.number().int().min(1).max(1e11) }),
])
export type AmountFormula = z.infer<typeof amountFormulaSchema>

export const requiredDocumentSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
})

/** One approval step, e.g. 街道初审 then 区级复审; one officer decides at most one level of an application. */
/** Most approval levels a policy may have; a decision names one of them. */
export const MAX_APPROVAL_LEVELS = 4

export const approvalLevelSchema = z.object({
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
})

/** An application is for one period of a policy; the same enterprise, policy and period only once. */
export const PERIOD_KINDS = ['once', 'year', 'quarter', 'month'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]
/** once: "once"; year: "2020"; quarter: "2020-Q1"; month: "2020-02". */
export const periodKeySchema = z.string().regex(/^(once|\d{4}|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$/)

export const POLICY_CATEGORIES = ['finance', 'equipment', 'rent', 'staff', 'agriculture', 'exhibition', 'other'] as const
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number]

// ---------------------------------------------------------------------------------------------
// Policies and their versions.

/** What a policy officer edits; saving makes a new version (the old ones stay for applications made under them). */
export const policyVersionInputSchema = z
  .object({
    title: z.string().trim().min(1).max(100),
    summary: z.string().trim().min(1).max(2000),
    category: z.enum(POLICY_CATEGORIES),
    /** Applications accepted from/to (China dates, inclusive). */
    opensOn: z.iso.date(),
    closesOn: z.iso.date(),
    periodKind: z.enum(PERIOD_KINDS),
    rules: z.array(eligibilityRuleSchema).max(20),
    inputs: z.array(amountInputDefinitionSchema).max(10),
    formula: amountFormulaSchema,
    /** Most one application can get, in fen; null: no cap beyond the budget. */
    capFen: z.number().int().min(1).max(1e13).nullable(),
    documents: z.array(requiredDocumentSchema).max(10),
    approvalLevels: z.array(approvalLevelSchema).min(1).max(MAX_APPROVAL_LEVELS),
    /** Working days from application to payment that the district promises (Ouhai: 1). */
    promiseWorkdays: z.number().int().min(1).max(60).default(1),
  })
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn)
      ctx.addIssue({ code: 'custom', path: ['closesOn'], ...customIssue('subsidy.policy.window', 'closes before it opens') })
    if (v.formula.kind !== 'fixed') {
      const input = v.inputs.find((i) => i.key === (v.formula as { input: string }).input)
      const unit = v.formula.kind === 'share' ? 'yuan' : 'count'
      if (!input || input.unit !== unit) {
        ctx.addIssue({
          code: 'custom',
          path: ['formula', 'input'],
          ...customIssue('subsidy.policy.formulaInput', 'the formula needs an input of the right unit'),
        })
      }
    }
    const keys = v.inputs.map((i) => i.key)
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: 'custom', path: ['inputs'], ...customIssue('subsidy.policy.duplicateInput', 'input keys must differ') })
  })
export type PolicyVersionInput = z.input<typeof policyVersionInputSchema>
export type PolicyVersionData = z.output<typeof policyVersionInputSchema>

export const policyCreateSchema = z.object({
  /** Short stable code, e.g. OH-2020-01 (notices link to it). */
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/),
  /** The issuing node: the policy applies to enterprises in this subtree. Defaults to the officer's node. */
  areaId: z.uuid().optional(),
  budgetFen: z.number().int().min(0).max(1e14),
  version: policyVersionInputSchema,
})

export const POLICY_STATES = ['draft', 'published', 'closed'] as const
export type PolicyState = (typeof POLICY_STATES)[number]

export const policyVersionSchema = z.object({
  version: z.number(),
  data: policyVersionInputSchema,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
})

export const policySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  state: z.enum(POLICY_STATES),
  currentVersion: z.number(),
  /** The current version's content, flattened for lists. */
  current: policyVersionInputSchema,
  budgetFen: z.number(),
  /** Approved (committed) so far, paid or not. */
  committedFen: z.number(),
  paidFen: z.number(),
  updatedAt: z.string(),
})
export type Policy = z.infer<typeof policySchema>

export const policyDetailSchema = policySchema.extend({ versions: z.array(policyVersionSchema) })

export const policyListQuerySchema = pageQuerySchema.extend({
  state: z.enum(POLICY_STATES).optional(),
  category: z.enum(POLICY_CATEGORIES).optional(),
  code: z.string().trim().max(30).optional(),
})
export const policyListSchema = z.object({ items: z.array(policySchema), total: z.number(), page: z.number(), pageSize: z.number() })

export const policyBudgetSchema = z.object({ budgetFen: z.number().int().min(0).max(1e14) })
export const policyStateInputSchema = z.object({ state: z.enum(POLICY_STATES) })

/** For an enterprise: every published policy, eligible or not, with each rule's outcome in words. */
export const eligibilitySchema = z.object({
  policy: policySchema,
  eligible: z.boolean(),
  results: z.array(ruleResultSchema),
  /** Open for applications today (inside opensOn..closesOn and budget left). */
  open: z.boolean(),
  /** The application this enterprise already has for the current period, if any. */
  existingApplicationId: z.uuid().nullable(),
})
export const eligibilityListSchema = z.object({ items: z.array(eligibilitySchema) })
export const eligibilityQuerySchema = z.object({ enterpriseId: z.uuid().optional() })

// ---------------------------------------------------------------------------------------------
// Applications.

export const APPLICATION_STATES = [
  'submitted',
  'returned',
  'rejected',
  'withdrawn',
  'approved',
  'paying',
  'paid',
  'payment_failed',
] as const
export type ApplicationState = (typeof APPLICATION_STATES)[number]
/** States in which the application still counts for "one per enterprise, policy and period". */
export const LIVE_APPLICATION_STATES: readonly ApplicationState[] = [
  'submitted',
  'returned',
  'approved',
  'paying',
  'paid',
  'payment_failed',
]

export const payeeSchema = z.object({
  accountName: z.string().trim().min(1).max(100),
  bankName: z.string().trim().min(1).max(100),
  accountNo: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s+/g, ''))
    .refine((s) => /^\d{8,30}$/.test(s), customIssue('subsidy.payee.accountNo', 'account number: 8 to 30 digits')),
})
export type Payee = z.output<typeof payeeSchema>

/** Documents one application (or resubmission) may carry, each up to MAX_ATTACHMENT_BYTES. */
export const MAX_APPLICATION_DOCUMENTS = 10

export const applicationInputSchema = z.object({
  policyId: z.uuid(),
  /** Staff filing on an enterprise's behalf name it; an enterprise account applies for itself. */
  enterpriseId: z.uuid().optional(),
  period: periodKeySchema,
  /** Values of the policy's inputs, by key (yuan amounts as numbers with up to 2 decimals). */
  inputs: z.record(z.string(), z.number().min(0)),
  payee: payeeSchema,
  documents: z.array(attachmentInputSchema.extend({ documentKey: z.string() })).max(MAX_APPLICATION_DOCUMENTS),
  note: z.string().trim().max(500).optional(),
  /** Client-made key: a retried submit returns the first application instead of a duplicate. */
  idempotencyKey: z.string().trim().min(8).max(80).optional(),
})
export type ApplicationInput = z.input<typeof applicationInputSchema>

/** The enterprise answers a return: changed inputs/documents, then it goes back to level 1. */
export const applicationResubmitSchema = applicationInputSchema.pick({ inputs: true, payee: true, documents: true, note: true })

export const DECISIONS = ['approve', 'return', 'reject'] as const
export const applicationDecisionSchema = z
  .object({
    decision: z.enum(DECISIONS),
    /** The level being decided (guards against two officers deciding the same level at once). */
    level: z.number().int().min(1).max(MAX_APPROVAL_LEVELS),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== 'approve' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], ...customIssue('subsidy.decision.reason', 'give the reason') })
  })

export const applicationEventSchema = z.object({
  action: z.string(),
  level: z.number().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
})

export const applicationSchema = z.object({
  id: z.uuid(),
  /** Human number for phone calls and the bank file, e.g. HQ20200302-000123. */
  number: z.string(),
  policyId: z.uuid(),
  policyCode: z.string(),
  policyTitle: z.string(),
  policyVersion: z.number(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  period: z.string(),
  state: z.enum(APPLICATION_STATES),
  /** The approval level waiting for a decision (1-based), null when none is. */
  pendingLevel: z.number().nullable(),
  levels: z.number(),
  inputs: z.record(z.string(), z.number()),
  amountFen: z.number(),
  payee: z.object({ accountName: z.string(), bankName: z.string(), accountNoMasked: z.string() }),
  submittedAt: z.string(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  /** Working days from submission to payment (0 = same day), null until paid. */
  workdaysToPay: z.number().nullable(),
  lastNote: z.string().nullable(),
})
export type Application = z.infer<typeof applicationSchema>

export const applicationDetailSchema = applicationSchema.extend({
  precheck: z.array(ruleResultSchema),
  documents: z.array(attachmentSchema.extend({ documentKey: z.string() })),
  history: z.array(applicationEventSchema),
  payments: z.array(
    z.object({
      id: z.uuid(),
      batchNumber: z.string(),
      attempt: z.number(),
      state: z.string(),
      amountFen: z.number(),
      bankReference: z.string().nullable(),
      failureReason: z.string().nullable(),
      at: z.string(),
    }),
  ),
})
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>

export const applicationListQuerySchema = pageQuerySchema.extend({
  state: z.enum(APPLICATION_STATES).optional(),
  policyId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  /** todo: what the caller may decide now (a pending level they have not decided before). */
  view: z.enum(['all', 'todo']).default('all'),
})
export const applicationListSchema = z.object({
  items: z.array(applicationSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

// ---------------------------------------------------------------------------------------------
// Payouts.

export const BATCH_STATES = ['open', 'exported', 'reconciled'] as const
export const PAYMENT_STATES = ['pending', 'exported', 'paid', 'failed'] as const

/** The most payments one batch (and so one bank result file) holds. */
export const MAX_BATCH_PAYMENTS = 5000

export const batchCreateSchema = z.object({
  /** Approved applications, and failed ones to retry; all must be payable and in scope. */
  applicationIds: z.array(z.uuid()).min(1).max(MAX_BATCH_PAYMENTS),
  note: z.string().trim().max(200).optional(),
  idempotencyKey: z.string().trim().min(8).max(80).optional(),
})

export const batchSchema = z.object({
  id: z.uuid(),
  /** e.g. PB20200302-01 */
  number: z.string(),
  areaId: z.uuid(),
  state: z.enum(BATCH_STATES),
  payments: z.number(),
  totalFen: z.number(),
  paid: z.number(),
  failed: z.number(),
  createdAt: z.string(),
  exportedAt: z.string().nullable(),
  /** SHA-256 of the exported file: the same batch always exports the same bytes. */
  fileSha256: z.string().nullable(),
  /** When a second policy officer (never the creator) released the bank file; null while it waits. */
  approvedAt: z.string().nullable(),
})
export const batchListSchema = z.object({ items: z.array(batchSchema), total: z.number(), page: z.number(), pageSize: z.number() })

export const bankResultImportSchema = z.object({ csv: z.string().min(1).max(10_000_000) })
export const bankResultReportSchema = z.object({
  rows: z.number(),
  paid: z.number(),
  failed: z.number(),
  /** Lines that repeat what is already recorded: re-importing a file changes nothing. */
  unchanged: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), code: z.string(), message: z.string() })),
  /** SHA-256 of the imported file's text, as the batch history records it. */
  fileSha256: z.string(),
})

// ---------------------------------------------------------------------------------------------
// Numbers per area.

export const subsidyStatsQuerySchema = z.object({ areaId: z.uuid().optional() })
export const subsidyStatsSchema = z.object({
  byState: z.record(z.enum(APPLICATION_STATES), z.number()),
  approvedFen: z.number(),
  paidFen: z.number(),
  medianWorkdaysToPay: z.number().nullable(),
  /** Share of paid applications paid within their policy's promise (0..1). */
  withinPromise: z.number().nullable(),
  byPolicy: z.array(
    z.object({
      policyId: z.uuid(),
      code: z.string(),
      title: z.string(),
      budgetFen: z.number(),
      committedFen: z.number(),
      paidFen: z.number(),
      applications: z.number(),
      paid: z.number(),
      medianWorkdaysToPay: z.number().nullable(),
      promiseWorkdays: z.number(),
    }),
  ),
})
export type SubsidyStats = z.infer<typeof subsidyStatsSchema>
