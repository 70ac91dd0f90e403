import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_IN_ENTERPRISE_MODULE, ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  enterpriseImportSchema,
  enterpriseInputSchema,
  enterpriseListQuerySchema,
  enterpriseListSchema,
  enterpriseSchema,
  importReportSchema,
  liaisonOptionSchema,
  ownerChangeSchema,
  ownerHistorySchema,
} from '../../../shared/schemas/enterprise.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import { exportEnterprisesCsv, importEnterprisesCsv } from './registry-import.service.ts'
import * as service from './registry.service.ts'

/** The enterprise registry (/api/enterprise/registry). Enterprise accounts read only their own. */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']
  const read = { roles: ROLES_IN_ENTERPRISE_MODULE }
  const serve = { roles: ROLES_SERVING_ENTERPRISES }

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List enterprises in your area',
        querystring: enterpriseListQuerySchema,
        response: { 200: enterpriseListSchema },
      },
    },
    async (request) => service.listEnterprises(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: serve,
      schema: {
        tags,
        summary: 'Register an enterprise with its liaison officer',
        body: enterpriseInputSchema,
        response: { 201: enterpriseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.registerEnterprise(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/mine',
    {
      config: { roles: ['enterprise'] },
      schema: { tags, summary: "An enterprise account's own enterprise", response: { 200: enterpriseSchema } },
    },
    async (request) => service.getOwnEnterprise(app.deps, actorOf(request)),
  )

  app.get(
    '/liaisons',
    {
      config: serve,
      schema: {
        tags,
        summary: 'Liaison officers who may own an enterprise in an area',
        querystring: z.object({ areaId: z.uuid() }),
        response: { 200: z.array(liaisonOptionSchema) },
      },
    },
    async (request) => service.listServingLiaisons(app.deps, actorOf(request), request.query.areaId),
  )

  app.post(
    '/import',
    {
      config: serve,
      schema: {
        tags,
        summary: 'Import enterprises from CSV, with a row-by-row report',
        body: enterpriseImportSchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) => importEnterprisesCsv(app.deps, actorOf(request), request.body, localeOf(request)),
  )

  app.get(
    '/export.csv',
    {
      config: serve,
      schema: {
        tags,
        summary: 'Export enterprises as CSV (Excel-ready)',
        querystring: enterpriseListQuerySchema.pick({ q: true, industry: true, areaId: true, resumed: true }),
      },
    },
    async (request, reply) => {
      const csv = await exportEnterprisesCsv(app.deps, actorOf(request), request.query)
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="enterprises.csv"').send(csv)
    },
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'One enterprise', params: idParamsSchema, response: { 200: enterpriseSchema } } },
    async (request) => service.getEnterprise(app.deps, actorOf(request), request.params.id),
  )

  app.put(
    '/:id',
    {
      config: serve,
      schema: {
        tags,
        summary: "Change an enterprise's registration",
        params: idParamsSchema,
        body: enterpriseInputSchema,
        response: { 200: enterpriseSchema },
      },
    },
    async (request) => service.updateEnterprise(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.put(
    '/:id/owner',
    {
      config: serve,
      schema: {
        tags,
        summary: 'Hand the enterprise to another liaison officer or team',
        params: idParamsSchema,
        body: ownerChangeSchema,
        response: { 200: enterpriseSchema },
      },
    },
    async (request) => service.changeOwner(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.get(
    '/:id/owners',
    {
      config: read,
      schema: { tags, summary: 'Every owner the enterprise has had', params: idParamsSchema, response: { 200: ownerHistorySchema } },
    },
    async (request) => service.ownerHistory(app.deps, actorOf(request), request.params.id),
  )
}
