import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_IN_ENTERPRISE_MODULE } from '../../../shared/roles.ts'
import { calendarImportSchema, calendarYearDetailSchema, calendarYearSummarySchema } from '../../../shared/schemas/enterprise-calendar.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './calendar.service.ts'

const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) })

/** The working-day calendar (/api/enterprise/calendar): read by all, a year replaced by an admin. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']

  app.get(
    '/',
    {
      config: { roles: ROLES_IN_ENTERPRISE_MODULE },
      schema: { tags, summary: 'Years of holiday data loaded', response: { 200: z.array(calendarYearSummarySchema) } },
    },
    async () => service.listCalendarYears(app.deps.db),
  )

  app.get(
    '/:year',
    {
      config: { roles: ROLES_IN_ENTERPRISE_MODULE },
      schema: { tags, summary: "A year's holidays and make-up workdays", params: yearParams, response: { 200: calendarYearDetailSchema } },
    },
    async (request) => service.getCalendarYear(app.deps.db, request.params.year),
  )

  app.put(
    '/:year',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: "Replace a year's holidays and make-up workdays (JSON days or CSV date,kind,name)",
        params: yearParams,
        body: calendarImportSchema.omit({ year: true }),
        response: { 200: calendarYearDetailSchema },
      },
    },
    async (request) => {
      await service.importCalendarYear(app.deps.db, actorOf(request), { ...request.body, year: request.params.year })
      return service.getCalendarYear(app.deps.db, request.params.year)
    },
  )
}
