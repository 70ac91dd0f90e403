import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { alertSchema } from '../../../shared/schemas/alerts.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { alertRowToView } from './alert-view.ts'
import { listOpenAlerts } from './alerts.repository.ts'

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'leader', 'grid_worker', 'village_cadre', 'health_officer', 'doctor'] },
      schema: {
        tags: ['alerts'],
        summary: 'Unhandled alerts in your area',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(alertSchema) },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const rows = await listOpenAlerts(app.deps.db, actor, request.query.limit)
      const people = rows.filter((r) => r.person_id)
      await recordAudit(
        app.deps.db,
        actor,
        'list',
        'person',
        people.map((r) => ({ id: r.person_id, areaId: null })),
      )
      return rows.map(alertRowToView)
    },
  )
}
