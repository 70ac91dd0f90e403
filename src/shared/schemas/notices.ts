import { z } from 'zod'
import { queryTerms } from '../chinese-search.ts'
import type { Role } from '../roles.ts'
import { customIssue, pageQuerySchema } from './common.ts'

/** Public notices (政策发布): policies and announcements an area node publishes for everyone. */

export const NOTICE_CATEGORIES = ['policy', 'announcement', 'recruitment', 'guide'] as const
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number]

export const NOTICE_STATES = ['draft', 'published', 'withdrawn'] as const
export type NoticeState = (typeof NOTICE_STATES)[number]

/** Who writes, publishes and withdraws the notices of their area subtree. */
export const ROLES_PUBLISHING_NOTICES: readonly Role[] = ['admin', 'policy_officer', 'recruiter']
/** Who opens the notices desk: the publishers, and leaders read-only. */
export const ROLES_READING_NOTICE_DESK: readonly Role[] = [...ROLES_PUBLISHING_NOTICES, 'leader']

/** Which actions each state allows (the server's guarded updates follow the same table). */
export const NOTICE_ACTIONS = {
  draft: ['edit', 'publish'],
  published: ['edit', 'withdraw'],
  withdrawn: ['publish'],
} as const satisfies Record<NoticeState, readonly ('edit' | 'publish' | 'withdraw')[]>
export type NoticeAction = 'edit' | 'publish' | 'withdraw'

export const KEYWORDS_MAX = 10
const optionalText = (max: number) => z.string().trim().max(max).optional()
const day = z.iso.date()

/** A relative link inside Gridline ("/subsidies?policy=OH-2020-01"): never another site. */
export const INTERNAL_LINK = /^\/(?![/\\])[^\s]*$/

export const noticeInputSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    body: z.string().trim().min(1).max(20_000),
    category: z.enum(NOTICE_CATEGORIES),
    keywords: z
      .array(z.string().trim().min(1).max(20))
      .refine((list) => list.length >= 1 && list.length <= KEYWORDS_MAX, customIssue('notice.keywordsCount', 'one to ten keywords'))
      .refine((list) => new Set(list).size === list.length, customIssue('notice.keywordsDuplicate', 'a keyword is given twice')),
    areaId: z.uuid(),
    office: z.string().trim().min(1).max(100),
    documentNumber: optionalText(60),
    effectiveFrom: day.optional(),
    effectiveTo: day.optional(),
    link: z
      .string()
      .trim()
      .max(300)
      .refine((link) => INTERNAL_LINK.test(link), customIssue('notice.link', 'a link inside Gridline, starting with /'))
      .optional(),
  })
  .superRefine((notice, ctx) => {
    if (notice.effectiveFrom && notice.effectiveTo && notice.effectiveTo < notice.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], ...customIssue('notice.effectiveOrder', 'ends before it starts') })
    }
  })
export type NoticeInput = z.input<typeof noticeInputSchema>
export type NoticeData = z.output<typeof noticeInputSchema>

/** A search query: at least one searchable character (punctuation alone finds nothing useful). */
export const noticeQuerySchema = z
  .string()
  .max(100)
  .refine((q) => queryTerms(q).length > 0, customIssue('notice.queryEmpty', 'type something to search for'))

/** GET /api/public/notices. `area` is an area code: notices issued there, above it or below it. */
export const publicNoticeQuerySchema = pageQuerySchema.extend({
  q: noticeQuerySchema.optional(),
  category: z.enum(NOTICE_CATEGORIES).optional(),
  area: z
    .string()
    .regex(/^\d{12}$/, customIssue('area.code', 'a 12-digit area code'))
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
})
export type PublicNoticeQuery = z.output<typeof publicNoticeQuerySchema>

/** GET /api/notices (staff): every state of the caller's area subtree. */
export const staffNoticeQuerySchema = pageQuerySchema.extend({
  q: noticeQuerySchema.optional(),
  category: z.enum(NOTICE_CATEGORIES).optional(),
  state: z.enum(NOTICE_STATES).optional(),
})
export type StaffNoticeQuery = z.output<typeof staffNoticeQuerySchema>

export const noticeSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.enum(NOTICE_CATEGORIES),
  keywords: z.array(z.string()),
  office: z.string(),
  areaName: z.string(),
  documentNumber: z.string().nullable(),
  publishedAt: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  /** The start of the body, for the list. */
  excerpt: z.string(),
})
export type NoticeSummary = z.infer<typeof noticeSummarySchema>

export const publicNoticeSchema = noticeSummarySchema.extend({
  body: z.string(),
  link: z.string().nullable(),
  /** Other published notices sharing the most keywords, then the newest. */
  related: z.array(noticeSummarySchema),
})
export type PublicNotice = z.infer<typeof publicNoticeSchema>

export const staffNoticeSchema = noticeSummarySchema.extend({
  body: z.string(),
  link: z.string().nullable(),
  areaId: z.uuid(),
  state: z.enum(NOTICE_STATES),
  withdrawnAt: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  /** What the caller may do now (none for a leader). */
  allowedActions: z.array(z.enum(['edit', 'publish', 'withdraw'])),
})
export type StaffNotice = z.infer<typeof staffNoticeSchema>

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() })
export const publicNoticeListSchema = page(noticeSummarySchema)
export type PublicNoticeList = z.infer<typeof publicNoticeListSchema>
export const staffNoticeListSchema = page(staffNoticeSchema)
export type StaffNoticeList = z.infer<typeof staffNoticeListSchema>
