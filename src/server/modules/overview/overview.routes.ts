import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../../http/auth-hooks.ts'
import { headlineNumbers } from './overview.service.ts'

const numbers = z.object({
  residents: z.number(),
  newResidents: z.number(),
  stayedOverHoliday: z.number(),
  landlords: z.number(),
  rentalProperties: z.number(),
  rentalRooms: z.number(),
  codedProperties: z.number(),
  occupants: z.number(),
  pendingApplications: z.number(),
  pendingRegistrations: z.number(),
})

export const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['overview'],
        summary: 'Headline numbers of an area node (your own by default) and of its children',
        querystring: z.object({ areaId: z.uuid().optional() }),
        response: {
          200: z.object({
            area: z.object({ id: z.uuid(), name: z.string(), level: z.string() }),
            totals: numbers,
            programmes: z.object({
              subsidies: z.object({
                applications: z.number(),
                approvedFen: z.number(),
                paidFen: z.number(),
                medianWorkdaysToPay: z.number().nullable(),
                withinPromise: z.number().nullable(),
              }),
              recruitment: z.object({ teams: z.number(), quota: z.number(), signups: z.number(), seats: z.number(), hires: z.number() }),
            }),
            children: z.array(numbers.extend({ id: z.uuid(), name: z.string(), level: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return headlineNumbers(app.deps.db, actor, request.query.areaId ?? actor.account.areaId)
    },
  )
}
