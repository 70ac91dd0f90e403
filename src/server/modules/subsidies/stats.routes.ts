import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Role } from '../../../shared/roles.ts'
import { ROLES_RUNNING_SUBSIDIES, subsidyStatsQuerySchema, subsidyStatsSchema } from '../../../shared/schemas/subsidies.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { subsidyStats } from './stats.service.ts'

const ROLES_READING_STATS: readonly Role[] = [...ROLES_RUNNING_SUBSIDIES, 'leader']

/** Subsidy numbers per area (/api/subsidies/stats). */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ROLES_READING_STATS },
      schema: {
        tags: ['subsidies'],
        summary: 'Applications by state, amounts approved and paid, working days to pay against the promise, per policy',
        querystring: subsidyStatsQuerySchema,
        response: { 200: subsidyStatsSchema },
      },
    },
    async (request) => subsidyStats(app.deps, actorOf(request), request.query),
  )
}
