import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ROLES_IN_ENTERPRISE_MODULE, ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  resumptionDecisionSchema,
  resumptionInputSchema,
  resumptionListQuerySchema,
  resumptionListSchema,
  resumptionSchema,
} from '../../../shared/schemas/enterprise-resumption.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './resumption.service.ts'

/** Resumption applications (/api/enterprise/resumption): the enterprise files, the area office decides. */
export const resumptionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']

  app.get(
    '/',
    {
      config: { roles: ROLES_IN_ENTERPRISE_MODULE },
      schema: {
        tags,
        summary: 'Resumption applications (pending first)',
        querystring: resumptionListQuerySchema,
        response: { 200: resumptionListSchema },
      },
    },
    async (request) => service.listResumptions(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: { roles: ['enterprise', ...ROLES_SERVING_ENTERPRISES] },
      schema: {
        tags,
        summary: 'File a resumption application with the prevention checklist',
        body: resumptionInputSchema,
        response: { 201: resumptionSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.submitResumption(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/:id',
    {
      config: { roles: ROLES_IN_ENTERPRISE_MODULE },
      schema: { tags, summary: 'One application', params: idParamsSchema, response: { 200: resumptionSchema } },
    },
    async (request) => service.getResumption(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/:id/decision',
    {
      config: { roles: ROLES_SERVING_ENTERPRISES },
      schema: {
        tags,
        summary: 'Approve or return an application',
        params: idParamsSchema,
        body: resumptionDecisionSchema,
        response: { 200: resumptionSchema },
      },
    },
    async (request) => service.decideResumption(app.deps, actorOf(request), request.params.id, request.body),
  )
}
