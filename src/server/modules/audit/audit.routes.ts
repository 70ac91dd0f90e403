import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_READING_AUDIT } from '../../../shared/roles.ts'
import { auditEntrySchema, auditQuerySchema } from '../../../shared/schemas/audit.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { browseAudit } from './audit.service.ts'

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ROLES_READING_AUDIT },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log of your area',
        querystring: auditQuerySchema,
        response: {
          200: z.object({ items: z.array(auditEntrySchema), total: z.number(), page: z.number(), pageSize: z.number() }),
        },
      },
    },
    async (request) => browseAudit(app.deps.db, actorOf(request), request.query),
  )
}
