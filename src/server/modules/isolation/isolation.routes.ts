import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import { ROLES_MANAGING_DEVICES, ROLES_READING_DEVICES } from '../../../shared/schemas/devices.ts'
import {
  bindDeviceBodySchema,
  isolationListQuerySchema,
  isolationOrderInputSchema,
  isolationOrderSchema,
  isolationOrderUpdateSchema,
  releaseOrderBodySchema,
  responsibleOptionSchema,
} from '../../../shared/schemas/isolation.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './isolation-orders.service.ts'

/** 居家隔离: orders (from the gate or by hand), responsible grid worker, devices, release. */
export const isolationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['isolation']
  const read = { roles: ROLES_READING_DEVICES }
  const manage = { roles: ROLES_MANAGING_DEVICES }
  const created = isolationOrderSchema.extend({ selfServicePath: z.string() })

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'Isolation orders in your area',
        querystring: isolationListQuerySchema,
        response: { 200: z.array(isolationOrderSchema) },
      },
    },
    async (request) => service.listIsolationOrders(app.deps, actorOf(request), request.query),
  )
  app.post(
    '/',
    {
      config: manage,
      schema: { tags, summary: 'Open an isolation order by hand', body: isolationOrderInputSchema, response: { 201: created } },
    },
    async (request, reply) => reply.status(201).send(await service.createIsolationOrder(app.deps, actorOf(request), request.body)),
  )
  app.get(
    '/responsible-options',
    {
      config: manage,
      schema: { tags, summary: 'Grid workers who can be responsible', response: { 200: z.array(responsibleOptionSchema) } },
    },
    async (request) => service.listResponsibleOptions(app.deps, actorOf(request)),
  )
  app.get(
    '/:id',
    {
      config: read,
      schema: { tags, summary: 'One order with its devices', params: idParamsSchema, response: { 200: isolationOrderSchema } },
    },
    async (request) => service.getIsolationOrder(app.deps, actorOf(request), request.params.id),
  )
  app.put(
    '/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change address, end or responsible grid worker',
        params: idParamsSchema,
        body: isolationOrderUpdateSchema,
        response: { 200: isolationOrderSchema },
      },
    },
    async (request) => service.updateIsolationOrder(app.deps, actorOf(request), request.params.id, request.body),
  )
  app.post(
    '/:id/release',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Release with a note (devices are unbound)',
        params: idParamsSchema,
        body: releaseOrderBodySchema,
        response: { 200: isolationOrderSchema },
      },
    },
    async (request) => service.releaseIsolationOrder(app.deps, actorOf(request), request.params.id, request.body.note),
  )
  app.post(
    '/:id/devices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Bind a device by its serial',
        params: idParamsSchema,
        body: bindDeviceBodySchema,
        response: { 200: isolationOrderSchema },
      },
    },
    async (request) => service.bindDevice(app.deps, actorOf(request), request.params.id, request.body.serial),
  )
  app.delete(
    '/:id/devices/:deviceId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Unbind a device',
        params: z.object({ id: z.uuid(), deviceId: z.uuid() }),
        response: { 200: isolationOrderSchema },
      },
    },
    async (request) => service.unbindDevice(app.deps, actorOf(request), request.params.id, request.params.deviceId),
  )
  app.post(
    '/:id/self-link',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A new phone-page link for the person',
        params: idParamsSchema,
        response: { 200: z.object({ selfServicePath: z.string() }) },
      },
    },
    async (request) => service.issueOrderSelfLink(app.deps, actorOf(request), request.params.id),
  )
}
