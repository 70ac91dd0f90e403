import { z } from 'zod'
import { ID_DOCUMENT_TYPES } from '../id-document.ts'
import { customIssue } from './common.ts'
import { HEALTH_COLOURS } from './gate.ts'

/** Roles that set colours, import colour lists, read colour history and revoke codes (卫健). */
export const ROLES_HEALTH_AUTHORITY = ['admin', 'health_officer'] as const

/** Where a colour came from: an officer's screen, an import file, or an external system's push. */
export const HEALTH_STATUS_SOURCES = ['officer', 'import', 'api'] as const
export type HealthStatusSource = (typeof HEALTH_STATUS_SOURCES)[number]

/** A reason an officer gives: required, one line. */
export const healthReasonSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => value.length > 0, customIssue('required', 'a reason is required'))

/** An officer sets one person's colour; the reason goes into the person's history. */
export const setHealthStatusBodySchema = z.object({
  colour: z.enum(HEALTH_COLOURS),
  reason: healthReasonSchema,
})
export type SetHealthStatusBody = z.input<typeof setHealthStatusBodySchema>

export const revokeCodeBodySchema = z.object({ cti: z.string().min(8).max(64), reason: healthReasonSchema })

/** A person's colour and when it was last set, or null before the authority said anything. */
export const currentHealthStatusSchema = z
  .object({ colour: z.enum(HEALTH_COLOURS), setAt: z.string(), source: z.enum(HEALTH_STATUS_SOURCES) })
  .nullable()

/** One colour change: who (account display name or API client name), which file and line, why. */
export const healthStatusEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  from: z.enum(HEALTH_COLOURS).nullable(),
  to: z.enum(HEALTH_COLOURS),
  source: z.enum(HEALTH_STATUS_SOURCES),
  by: z.string().nullable(),
  fileName: z.string().nullable(),
  line: z.number().nullable(),
  reason: z.string().nullable(),
})
export type HealthStatusEvent = z.infer<typeof healthStatusEventSchema>

/** A health code issued to the person; revokeReason STATUS_CHANGED means a colour change revoked it. */
export const issuedCodeEntrySchema = z.object({
  cti: z.string(),
  colour: z.enum(HEALTH_COLOURS).nullable(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  revokedBy: z.string().nullable(),
})
export type IssuedCodeEntry = z.infer<typeof issuedCodeEntrySchema>

/** What the health screen shows of a person: the colour now, its changes and the codes, newest first. */
export const healthHistorySchema = z.object({
  current: currentHealthStatusSchema,
  events: z.array(healthStatusEventSchema),
  codes: z.array(issuedCodeEntrySchema),
})
export type HealthHistory = z.infer<typeof healthHistorySchema>

/** The colour import's query: the file's name goes into each row's history. */
export const healthImportQuerySchema = z.object({
  fileName: z.string().trim().max(200).optional(),
  dryRun: z.enum(['true', 'false']).optional(),
})

/** The colour import's report: all rows or none; each problem names its line and column. */
export const healthImportReportSchema = z.object({
  total: z.number(),
  applied: z.number().describe('rows written (0 when any row has an error, or on a dry run)'),
  changed: z.number().describe('rows whose colour changed (their unexpired codes were revoked)'),
  errors: z.array(z.object({ line: z.number(), field: z.string(), code: z.string(), message: z.string() })),
})
export type HealthImportReport = z.infer<typeof healthImportReportSchema>

/** One person's status as an external health system pushes it (identified by ID document). */
export const healthStatusPushItemSchema = z.object({
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumber: z.string().trim().min(1).max(40),
  colour: z.enum(HEALTH_COLOURS),
})
export const healthStatusPushBodySchema = z.object({
  items: z.array(healthStatusPushItemSchema).min(1).max(5000),
})

export const healthStatusPushResultSchema = z.object({
  updated: z.number(),
  unchanged: z.number(),
  notFound: z.array(z.number()).describe('indexes of items whose person is not registered in the client’s area'),
})

export const issuedHealthCodeSchema = z.object({
  code: z.string(),
  colour: z.enum(HEALTH_COLOURS),
  issuedAt: z.string(),
  expiresAt: z.string(),
})
