import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ROLES_READING_AUDIT } from '../../../shared/roles.ts'
import { auditFilterSchema, auditPageSchema, auditQuerySchema, auditTargetsSchema } from '../../../shared/schemas/audit.ts'
import { z } from 'zod'
import { localeOf } from '../../http/problem.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { auditCsv } from './audit-export.ts'
import { AUDIT_EXPORT_LIMIT, auditTargets, browseAudit, entriesForExport } from './audit.service.ts'

const tags = ['audit']
const config = { roles: ROLES_READING_AUDIT }

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Browse the audit log of your area, newest first (keyset pages)',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => browseAudit(app.deps.db, actorOf(request), request.query),
  )

  app.get(
    '/export.csv',
    {
      config,
      schema: { tags, summary: 'The filtered audit rows as CSV for Excel (the export is audited too)', querystring: auditFilterSchema },
    },
    async (request, reply) => {
      const { entries, truncated } = await entriesForExport(app.deps.db, actorOf(request), request.query)
      // the newest AUDIT_EXPORT_LIMIT rows; the page tells the reader to narrow the filters
      if (truncated) reply.header('x-truncated', String(AUDIT_EXPORT_LIMIT))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(auditCsv(entries, localeOf(request)))
    },
  )

  app.get(
    '/:id/targets',
    {
      config,
      schema: {
        tags,
        summary: 'The records a summary row (a list, an export) names, within your area',
        params: z.object({ id: z.string().regex(/^[1-9][0-9]{0,18}$/) }),
        response: { 200: auditTargetsSchema },
      },
    },
    async (request) => auditTargets(app.deps.db, actorOf(request), request.params.id),
  )
}
