import { z } from 'zod'

export const AUDIT_ACTIONS = ['read', 'list', 'reveal', 'create', 'update', 'delete', 'login', 'logout', 'export', 'import'] as const
export type AuditActionName = (typeof AUDIT_ACTIONS)[number]

/**
 * Actions that go beyond looking at a masked record: a full ID shown, personal data written or
 * taken out in bulk. The page makes these rows stand out and can show only them.
 */
export const SENSITIVE_AUDIT_ACTIONS: readonly AuditActionName[] = ['reveal', 'create', 'update', 'delete', 'import', 'export']

/** Filters shared by browsing and exporting. personId finds rows about one person however they were recorded. */
export const auditFilterSchema = z.object({
  accountId: z.uuid().optional(),
  personId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  sensitive: z.enum(['true', 'false']).optional(),
  entityType: z.string().max(50).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditFilter = z.infer<typeof auditFilterSchema>

/** Keyset pages, newest first: `before` is the last id of the previous page. */
export const auditQuerySchema = auditFilterSchema.extend({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AuditQuery = z.infer<typeof auditQuerySchema>

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  sensitive: z.boolean(),
  actor: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }).nullable(),
  /** The username written at the time, for rows whose account is gone or was never known. */
  username: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** Whom or what the row is about, in words: a person's masked name, an enterprise's name… */
  subject: z
    .object({
      personId: z.uuid().nullable(),
      label: z.string().nullable(),
      /** The record no longer exists or is outside the reader's area. */
      unknown: z.boolean(),
    })
    .nullable(),
  /** How many records one request touched (a list, an export); null for a single record. */
  count: z.number().nullable(),
  area: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  ip: z.string().nullable(),
  /** The request's filters, without personal data (a name searched for shows as "given"). */
  query: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
export type AuditPage = z.infer<typeof auditPageSchema>

/** The records one summary row names, resolved within the reader's area. */
export const auditTargetsSchema = z.object({
  items: z.array(z.object({ id: z.string(), personId: z.uuid().nullable(), label: z.string().nullable() })),
  hidden: z.number(),
})
export type AuditTargets = z.infer<typeof auditTargetsSchema>
