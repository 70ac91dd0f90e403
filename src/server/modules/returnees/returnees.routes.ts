import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  dailyReportInputSchema,
  returneeCreatedSchema,
  returneeDetailSchema,
  returneeInputSchema,
  returneeListQuerySchema,
  returneeSchema,
  ROLES_FOLLOWING_RETURNEES,
} from '../../../shared/schemas/returnees.ts'
import { z } from 'zod'
import { selfLinkIssuedSchema, selfLinkSmsInputSchema, selfLinkSmsResultSchema } from '../../../shared/schemas/self-link.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { publicLink } from '../../http/public-url.ts'
import * as service from './returnees.service.ts'
import { reissueSelfLink, textSelfLink } from './self-link.service.ts'

/** 三返人员: registration, daily reports by staff and landlords (landlords see their own returnees only). */
export const returneeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['returnees']
  const config = { roles: ROLES_FOLLOWING_RETURNEES }

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Returnees in your area, with today’s report status',
        querystring: returneeListQuerySchema,
        response: { 200: z.array(returneeSchema) },
      },
    },
    async (request) => service.listReturnees(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Register a returnee (三返人员登记表); answers with the person’s phone-page link, once',
        body: returneeInputSchema,
        response: { 201: returneeCreatedSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.registerReturnee(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/:id',
    { config, schema: { tags, summary: 'A returnee with every report', params: idParamsSchema, response: { 200: returneeDetailSchema } } },
    async (request) => service.getReturnee(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/:id/reports',
    {
      config,
      schema: {
        tags,
        summary: 'Record a daily report (today unless a day is given)',
        params: idParamsSchema,
        body: dailyReportInputSchema,
        response: { 200: returneeDetailSchema },
      },
    },
    async (request) => service.reportForReturnee(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/:id/cancel',
    { config, schema: { tags, summary: 'End an observation early', params: idParamsSchema } },
    async (request, reply) => {
      await service.cancelReturnee(app.deps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )

  app.post(
    '/:id/self-link',
    {
      config,
      schema: {
        tags,
        summary: 'Issue a new phone-page link (the older one stops working: 410)',
        params: idParamsSchema,
        response: { 200: selfLinkIssuedSchema },
      },
    },
    async (request) => reissueSelfLink(app.deps, actorOf(request), request.params.id, (path) => publicLink(app.deps.config, path, request)),
  )

  app.post(
    '/:id/self-link/sms',
    {
      config,
      schema: {
        tags,
        summary: 'Text the current phone-page link to the person (SMS gateway; the outbox by default)',
        params: idParamsSchema,
        body: selfLinkSmsInputSchema,
        response: { 200: selfLinkSmsResultSchema },
      },
    },
    async (request) =>
      textSelfLink(app.deps, actorOf(request), request.params.id, request.body.path, (path) => publicLink(app.deps.config, path, request)),
  )
}
