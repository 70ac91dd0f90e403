import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  deviceCredentialsSchema,
  deviceInputSchema,
  deviceListQuerySchema,
  deviceReadingSchema,
  deviceSchema,
  ROLES_MANAGING_DEVICES,
  ROLES_READING_DEVICES,
} from '../../../shared/schemas/devices.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './devices.service.ts'

/** Device registry: isolation devices (bracelets, door seals, door cameras) and public cameras and speakers. */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['devices']

  app.get(
    '/',
    {
      config: { roles: ROLES_READING_DEVICES },
      schema: {
        tags,
        summary: 'Active devices in your area',
        querystring: deviceListQuerySchema,
        response: { 200: z.array(deviceSchema) },
      },
    },
    async (request) => service.listDevices(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: { roles: ROLES_MANAGING_DEVICES },
      schema: {
        tags,
        summary: 'Register a device; its credentials are shown this once',
        body: deviceInputSchema,
        response: { 201: deviceCredentialsSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.registerDevice(app.deps, actorOf(request), request.body)),
  )

  app.post(
    '/:id/rotate-secret',
    {
      config: { roles: ROLES_MANAGING_DEVICES },
      schema: {
        tags,
        summary: 'New credentials for a device (the old ones stop working)',
        params: idParamsSchema,
        response: { 200: deviceCredentialsSchema },
      },
    },
    async (request) => service.rotateDeviceSecret(app.deps, actorOf(request), request.params.id),
  )

  app.delete(
    '/:id',
    { config: { roles: ROLES_MANAGING_DEVICES }, schema: { tags, summary: 'Retire a device', params: idParamsSchema } },
    async (request, reply) => {
      await service.retireDevice(app.deps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )

  app.get(
    '/:id/readings',
    {
      config: { roles: ROLES_READING_DEVICES },
      schema: {
        tags,
        summary: 'Latest readings of a device',
        params: idParamsSchema,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.array(deviceReadingSchema) },
      },
    },
    async (request) => service.listDeviceReadings(app.deps, actorOf(request), request.params.id, request.query.limit),
  )
}
