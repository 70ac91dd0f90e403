import { z } from 'zod'
import { pageQuerySchema } from './common.ts'

export const AUDIT_ACTIONS = ['read', 'list', 'reveal', 'create', 'update', 'delete', 'login', 'logout', 'export', 'import'] as const

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  accountId: z.uuid().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  areaId: z.uuid().nullable(),
  ip: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const auditQuerySchema = pageQuerySchema.extend({
  accountId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditQuery = z.infer<typeof auditQuerySchema>
