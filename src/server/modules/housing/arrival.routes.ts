import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_EDITING_PEOPLE, ROLES_READING_PEOPLE } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import { newArrivalSchema } from '../../../shared/schemas/housing-registration.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { listNewArrivals, verifyNewArrival } from './arrival.service.ts'

/** New arrivals who registered themselves (待核实): the grid worker's list and check. */
export const arrivalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing']

  app.get(
    '/new-arrivals',
    {
      config: { roles: ROLES_READING_PEOPLE },
      schema: {
        tags,
        summary: 'Self-registered new arrivals of your area waiting for a check (待核实), oldest first',
        response: { 200: z.array(newArrivalSchema) },
      },
    },
    async (request) => listNewArrivals(app.deps, actorOf(request)),
  )

  app.post(
    '/new-arrivals/:id/verify',
    {
      config: { roles: ROLES_EDITING_PEOPLE },
      schema: { tags, summary: 'Mark a new arrival as checked (leaves 待核实)', params: idParamsSchema },
    },
    async (request, reply) => {
      await verifyNewArrival(app.deps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )
}
