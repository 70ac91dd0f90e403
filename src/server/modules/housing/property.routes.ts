import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  groupRentalStreetSchema,
  INSPECTOR_ROLES,
  inspectionInputSchema,
  posterSchema,
  propertyDetailSchema,
  propertyInputSchema,
  propertyListQuerySchema,
  propertySchema,
  reasonBodySchema,
  ROLES_APPLYING,
  ROLES_MANAGING_HOUSING,
  ROLES_READING_HOUSING,
  workItemSchema,
} from '../../../shared/schemas/housing.ts'
import { posterBatchQuerySchema, posterBatchSchema } from '../../../shared/schemas/housing-posters.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { publicBase } from '../../http/public-url.ts'
import { localeOf } from '../../http/problem.ts'
import { endPropertyCode, issuePropertyCode } from './house-code.service.ts'
import { getPoster, listPosters } from './poster.service.ts'
import { recordInspection, workList } from './inspection.service.ts'
import * as service from './property.service.ts'
import { exportProperties, groupRentals } from './reports.service.ts'

/** Applications, inspections and codes of rental properties; every query goes through the area scope. */
export const propertyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing']

  app.get(
    '/properties',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'Rental properties in your area (a landlord: their own)',
        querystring: propertyListQuerySchema,
        response: { 200: z.object({ items: z.array(propertySchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (request) => service.listProperties(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/properties',
    {
      config: { roles: ROLES_APPLYING },
      schema: { tags, summary: 'Start a house-code application (draft)', body: propertyInputSchema, response: { 201: propertySchema } },
    },
    async (request, reply) => reply.status(201).send(await service.createProperty(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/properties/export',
    {
      config: { roles: ROLES_MANAGING_HOUSING.concat(['leader']) },
      schema: {
        tags,
        summary: 'The property list as CSV or Excel (same filters as the list)',
        querystring: propertyListQuerySchema
          .omit({ page: true, pageSize: true })
          .extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query
      const file = await exportProperties(app.deps, actorOf(request), query, format, localeOf(request))
      const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8'
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="rental-properties.${format}"`)
        .header('cache-control', 'no-store')
        .send(file)
    },
  )

  app.get(
    '/properties/:id',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'One property with inspections, history and files',
        params: idParamsSchema,
        response: { 200: propertyDetailSchema },
      },
    },
    async (request) => service.getPropertyDetail(app.deps, actorOf(request), request.params.id),
  )

  app.put(
    '/properties/:id',
    {
      config: { roles: ROLES_APPLYING },
      schema: {
        tags,
        summary: 'Change a draft or returned application',
        params: idParamsSchema,
        body: propertyInputSchema,
        response: { 200: propertySchema },
      },
    },
    async (request) => service.updateProperty(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/properties/:id/submit',
    {
      config: { roles: ROLES_APPLYING },
      schema: { tags, summary: 'Send the application to the three inspectors', params: idParamsSchema, response: { 200: propertySchema } },
    },
    async (request) => service.submitProperty(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/properties/:id/inspections',
    {
      config: { roles: INSPECTOR_ROLES },
      schema: {
        tags,
        summary: "Sign off (or fail) your role's checklist on site",
        params: idParamsSchema,
        body: inspectionInputSchema,
        response: { 200: propertyDetailSchema },
      },
    },
    async (request) => recordInspection(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/properties/:id/issue-code',
    {
      config: { roles: ROLES_MANAGING_HOUSING },
      schema: {
        tags,
        summary: 'Issue the code of a passed application, or reinstate a suspended one with a new code',
        params: idParamsSchema,
        response: { 200: propertySchema },
      },
    },
    async (request) => issuePropertyCode(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/properties/:id/suspend',
    {
      config: { roles: ROLES_MANAGING_HOUSING },
      schema: {
        tags,
        summary: 'Suspend the house code (the gate refuses it)',
        params: idParamsSchema,
        body: reasonBodySchema,
        response: { 200: propertySchema },
      },
    },
    async (request) => endPropertyCode(app.deps, actorOf(request), request.params.id, 'suspended', request.body.reason),
  )

  app.post(
    '/properties/:id/revoke',
    {
      config: { roles: ROLES_MANAGING_HOUSING },
      schema: {
        tags,
        summary: 'Revoke the house code for good',
        params: idParamsSchema,
        body: reasonBodySchema,
        response: { 200: propertySchema },
      },
    },
    async (request) => endPropertyCode(app.deps, actorOf(request), request.params.id, 'revoked', request.body.reason),
  )

  app.get(
    '/properties/:id/poster',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'What the house-code poster prints (the code, address, landlord contact)',
        params: idParamsSchema,
        response: { 200: posterSchema },
      },
    },
    async (request) => getPoster(app.deps, actorOf(request), request.params.id, publicBase(app.deps.config, request)),
  )

  app.get(
    '/posters',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'Posters to print in one batch: every property with a valid code under an area node (a village), or the chosen ids',
        querystring: posterBatchQuerySchema,
        response: { 200: posterBatchSchema },
      },
    },
    async (request) => listPosters(app.deps, actorOf(request), request.query, publicBase(app.deps.config, request)),
  )

  app.get(
    '/worklist',
    {
      config: { roles: INSPECTOR_ROLES },
      schema: {
        tags,
        summary: 'Applications waiting for your sign-off, longest waiting first',
        response: { 200: z.array(workItemSchema) },
      },
    },
    async (request) => workList(app.deps, actorOf(request)),
  )

  app.get(
    '/group-rentals',
    {
      config: { roles: ROLES_READING_HOUSING.filter((role) => role !== 'landlord') },
      schema: {
        tags,
        summary: 'Group rentals (30+ occupants) per street',
        querystring: z.object({ areaId: z.uuid().optional() }),
        response: { 200: z.array(groupRentalStreetSchema) },
      },
    },
    async (request) => groupRentals(app.deps, actorOf(request), request.query.areaId),
  )
}
