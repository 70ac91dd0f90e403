import { z } from 'zod'
import { PHONE_PATTERN } from '../id-document.ts'
import { customIssue, pageQuerySchema } from './common.ts'
import { checkCreditCode, normalizeCreditCode } from './enterprise-credit-code.ts'

/** Industries of Wenzhou's manufacturing base (the report's shoe, eyewear and electrical makers among them). */
export const INDUSTRIES = [
  'footwear',
  'eyewear',
  'electrical',
  'apparel',
  'pump_valve',
  'auto_parts',
  'machinery',
  'printing_packaging',
  'electronics',
  'chemical',
  'food',
  'logistics',
  'construction',
  'services',
  'other',
] as const
export type Industry = (typeof INDUSTRIES)[number]

/** Chinese names, accepted in the industry column of an import file (people type 鞋业, not footwear). */
export const INDUSTRY_NAMES_ZH: Record<Industry, string> = {
  footwear: '鞋业',
  eyewear: '眼镜',
  electrical: '电气',
  apparel: '服装',
  pump_valve: '泵阀',
  auto_parts: '汽摩配',
  machinery: '机械装备',
  printing_packaging: '印刷包装',
  electronics: '电子信息',
  chemical: '化工',
  food: '食品',
  logistics: '物流',
  construction: '建筑',
  services: '服务业',
  other: '其他',
}

/** The credit code, normalised and checked (format and GB 32100 check character), with our message keys. */
export const creditCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform(normalizeCreditCode)
  .superRefine((code, ctx) => {
    const problem = checkCreditCode(code)
    if (problem)
      ctx.addIssue({ code: 'custom', ...customIssue(`creditCode.${problem}`, `invalid unified social credit code (${problem})`) })
  })

const staffCount = z.number().int().min(0).max(1_000_000)

/** What the registry takes for one enterprise: the web form, the API and each import row. */
export const enterpriseInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  creditCode: creditCodeSchema,
  industry: z.enum(INDUSTRIES),
  aboveScale: z.boolean().default(false),
  staffLocal: staffCount.default(0),
  staffOtherProvince: staffCount.default(0),
  address: z.string().trim().max(200).optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: z
    .string()
    .trim()
    .refine((phone) => PHONE_PATTERN.test(phone), customIssue('phone.format', 'mobile phone number'))
    .optional(),
  areaId: z.uuid(),
  /** The responsible liaison officer; defaults to the registering liaison. */
  ownerAccountId: z.uuid().optional(),
})
export type EnterpriseInput = z.input<typeof enterpriseInputSchema>
export type EnterpriseData = z.output<typeof enterpriseInputSchema>

export const enterpriseOwnerSchema = z.object({
  accountId: z.uuid(),
  displayName: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  since: z.string(),
})

export const enterpriseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  creditCode: z.string(),
  industry: z.enum(INDUSTRIES),
  aboveScale: z.boolean(),
  staffLocal: z.number(),
  staffOtherProvince: z.number(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  areaId: z.uuid(),
  areaName: z.string(),
  resumedAt: z.string().nullable(),
  owner: enterpriseOwnerSchema.nullable(),
  openProblems: z.number(),
  createdAt: z.string(),
})
export type Enterprise = z.infer<typeof enterpriseSchema>

export const enterpriseListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(50).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  areaId: z.uuid().optional(),
  resumed: z.enum(['yes', 'no']).optional(),
})
export type EnterpriseListQuery = z.infer<typeof enterpriseListQuerySchema>

export const enterpriseListSchema = z.object({
  items: z.array(enterpriseSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

/** A CSV file of enterprises: `all` imports nothing unless every row is valid; `valid` imports the valid rows. */
export const enterpriseImportSchema = z.object({
  csv: z.string().min(1).max(4_000_000),
  mode: z.enum(['all', 'valid']).default('all'),
  /** Check only: the report without importing anything. */
  dryRun: z.boolean().default(false),
})

export const importReportSchema = z.object({
  rows: z.number(),
  valid: z.number(),
  imported: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), code: z.string(), message: z.string() })),
})
export type ImportReport = z.infer<typeof importReportSchema>

/** The header an import file needs (any order; extra columns are ignored). */
export const ENTERPRISE_CSV_COLUMNS = [
  'name',
  'credit_code',
  'industry',
  'above_scale',
  'staff_local',
  'staff_other_province',
  'address',
  'contact_name',
  'contact_phone',
  'area_code',
  'liaison_username',
] as const

/** Hands an enterprise to another liaison officer (and team): the old assignment ends, history keeps it. */
export const ownerChangeSchema = z.object({
  ownerAccountId: z.uuid(),
  teamId: z.uuid().optional(),
  note: z.string().trim().max(500).optional(),
})

export const ownerHistorySchema = z.array(
  enterpriseOwnerSchema.extend({ until: z.string().nullable(), note: z.string().nullable(), assignedBy: z.string().nullable() }),
)

/** Liaison officers who may own an enterprise in an area (their node is the area's or above it). */
export const liaisonOptionSchema = z.object({ id: z.uuid(), displayName: z.string(), areaName: z.string() })
