import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_IN_ENTERPRISE_MODULE, ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { teamInputSchema, teamListQuerySchema, teamSchema } from '../../../shared/schemas/enterprise-experts.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './teams.service.ts'

/** Service teams (/api/enterprise/teams): liaison teams, industry and expert service teams. */
export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']

  app.get(
    '/',
    {
      config: { roles: ROLES_IN_ENTERPRISE_MODULE },
      schema: {
        tags,
        summary: 'Teams serving your area, with members',
        querystring: teamListQuerySchema,
        response: { 200: z.array(teamSchema) },
      },
    },
    async (request) => service.listTeams(app.deps.db, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: { roles: ROLES_SERVING_ENTERPRISES },
      schema: { tags, summary: 'Form a service team', body: teamInputSchema, response: { 201: z.object({ id: z.uuid() }) } },
    },
    async (request, reply) => reply.status(201).send(await service.createTeam(app.deps, actorOf(request), request.body)),
  )
}
