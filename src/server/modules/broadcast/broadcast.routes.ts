import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { announcementInputSchema, announcementSchema, speakerStatusSchema } from '../../../shared/schemas/broadcast.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './broadcast.service.ts'

const OFFICERS = ['admin', 'leader', 'grid_worker', 'village_cadre', 'health_officer'] as const

/** 应急喇叭: announcements to groups of public-area speakers and who acknowledged them. */
export const broadcastRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['broadcast']
  app.get(
    '/',
    {
      config: { roles: OFFICERS },
      schema: { tags, summary: 'Recent announcements and their deliveries', response: { 200: z.array(announcementSchema) } },
    },
    async (request) => service.listAnnouncements(app.deps, actorOf(request)),
  )
  app.get(
    '/speakers',
    {
      config: { roles: OFFICERS },
      schema: {
        tags,
        summary: 'Each speaker’s state now: online, played (its latest announcement) or offline',
        querystring: z.object({ areaId: z.uuid().optional() }),
        response: { 200: z.array(speakerStatusSchema) },
      },
    },
    async (request) => service.listSpeakerStatuses(app.deps, actorOf(request), request.query.areaId),
  )
  app.post(
    '/',
    {
      config: { roles: OFFICERS },
      schema: {
        tags,
        summary: 'Send a text announcement to a group of speakers',
        body: announcementInputSchema,
        response: { 201: announcementSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.sendAnnouncement(app.deps, actorOf(request), request.body)),
  )
}
