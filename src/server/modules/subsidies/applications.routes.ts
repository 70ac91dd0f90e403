import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  applicationDecisionSchema,
  applicationDetailSchema,
  applicationInputSchema,
  applicationListQuerySchema,
  applicationListSchema,
  applicationResubmitSchema,
  MAX_APPLICATION_DOCUMENTS,
  ROLES_IN_SUBSIDY_MODULE,
  ROLES_RUNNING_SUBSIDIES,
} from '../../../shared/schemas/subsidies.ts'
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/enterprise-problem.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import * as service from './applications.service.ts'
import { decideApplication } from './decisions.service.ts'

/**
 * Body limit of a filing: the schema's most documents at the most size each, as base64 (4/3),
 * plus 1 MiB for the rest of the JSON. The app-wide 5 MB would refuse two full-size documents.
 */
export const APPLICATION_BODY_LIMIT = MAX_APPLICATION_DOCUMENTS * (Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4) + 1024 * 1024

/** Applications (/api/subsidies/applications): file, decide, resubmit, withdraw, documents. */
export const applicationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['subsidies']
  /** The enterprise for itself, officers on its behalf. */
  const filing = { roles: ['enterprise', ...ROLES_RUNNING_SUBSIDIES] as const }

  app.get(
    '/',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: {
        tags,
        summary: 'Applications in scope (an enterprise: its own; view=todo: what I may decide now)',
        querystring: applicationListQuerySchema,
        response: { 200: applicationListSchema },
      },
    },
    async (request) => service.listApplications(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: filing,
      bodyLimit: APPLICATION_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Apply, with the automatic pre-check (rules, documents, inputs, budget); a repeated idempotency key returns the first',
        body: applicationInputSchema,
        response: { 200: applicationDetailSchema, 201: applicationDetailSchema },
      },
    },
    async (request, reply) => {
      const { created, application } = await service.submitApplication(app.deps, actorOf(request), request.body, localeOf(request))
      return reply.status(created ? 201 : 200).send(application)
    },
  )

  app.get(
    '/:id',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: {
        tags,
        summary: 'One application with pre-check, documents, history and payments',
        params: idParamsSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => service.getApplication(app.deps, actorOf(request), request.params.id, localeOf(request)),
  )

  app.post(
    '/:id/decision',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Approve, return or reject the pending level',
        params: idParamsSchema,
        body: applicationDecisionSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => decideApplication(app.deps, actorOf(request), request.params.id, request.body, localeOf(request)),
  )

  app.post(
    '/:id/resubmit',
    {
      config: filing,
      bodyLimit: APPLICATION_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Answer a return: changed inputs and documents, back to level 1',
        params: idParamsSchema,
        body: applicationResubmitSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => service.resubmitApplication(app.deps, actorOf(request), request.params.id, request.body, localeOf(request)),
  )

  app.post(
    '/:id/withdraw',
    {
      config: filing,
      schema: {
        tags,
        summary: 'Withdraw an application not yet decided',
        params: idParamsSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => service.withdrawApplication(app.deps, actorOf(request), request.params.id, localeOf(request)),
  )

  app.get(
    '/:id/documents/:documentId',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: { tags, summary: 'Download a document of an application', params: z.object({ id: z.uuid(), documentId: z.uuid() }) },
    },
    async (request, reply) => {
      const file = await service.readDocument(app.deps, actorOf(request), request.params.id, request.params.documentId)
      // Always a download, never rendered in our origin: the type is what the uploader claimed.
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content)
    },
  )
}
