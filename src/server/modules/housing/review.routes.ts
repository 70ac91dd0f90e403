import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  moveOutBodySchema,
  occupantSchema,
  registrationListQuerySchema,
  registrationSchema,
} from '../../../shared/schemas/housing-registration.ts'
import { noticeSchema, reasonBodySchema, ROLES_READING_HOUSING, ROLES_REVIEWING_TENANTS } from '../../../shared/schemas/housing.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { listMyNotices, markNoticesRead } from './landlord.service.ts'
import { acceptRegistration, listOccupants, listRegistrations, moveOut, refuseRegistration } from './review.service.ts'

/** The landlord's review (云审核): registrations, occupants, move-outs, and their notices. */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing']

  app.get(
    '/properties/:id/registrations',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: "Tenants' registrations of a property (phone confirmed), identity masked",
        params: idParamsSchema,
        querystring: registrationListQuerySchema,
        response: { 200: z.array(registrationSchema) },
      },
    },
    async (request) => listRegistrations(app.deps, actorOf(request), request.params.id, request.query.status),
  )

  app.post(
    '/registrations/:id/accept',
    {
      config: { roles: ROLES_REVIEWING_TENANTS },
      schema: {
        tags,
        summary: 'Accept a tenant: they become an occupant (refused when the property is full)',
        params: idParamsSchema,
        response: { 200: z.object({ registrationId: z.uuid(), personId: z.uuid(), occupants: z.number(), capacity: z.number() }) },
      },
    },
    async (request) => acceptRegistration(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/registrations/:id/refuse',
    {
      config: { roles: ROLES_REVIEWING_TENANTS },
      schema: { tags, summary: 'Refuse a tenant with a reason (they are told)', params: idParamsSchema, body: reasonBodySchema },
    },
    async (request, reply) => {
      await refuseRegistration(app.deps, actorOf(request), request.params.id, request.body.reason)
      return reply.status(204).send()
    },
  )

  app.get(
    '/properties/:id/occupants',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'Occupants of a property (with past ones on request), identity masked',
        params: idParamsSchema,
        querystring: z.object({ includeEnded: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.array(occupantSchema) },
      },
    },
    async (request) => listOccupants(app.deps, actorOf(request), request.params.id, request.query.includeEnded === 'true'),
  )

  app.post(
    '/occupancies/:id/move-out',
    {
      config: { roles: ROLES_REVIEWING_TENANTS },
      schema: { tags, summary: 'End an occupancy (move-out); the bed is free again', params: idParamsSchema, body: moveOutBodySchema },
    },
    async (request, reply) => {
      await moveOut(app.deps, actorOf(request), request.params.id, request.body.note)
      return reply.status(204).send()
    },
  )

  app.get(
    '/notices',
    {
      config: { roles: ROLES_READING_HOUSING },
      schema: {
        tags,
        summary: 'Your notices: tenants to review, escort calls from the gate, outcomes',
        response: { 200: z.array(noticeSchema) },
      },
    },
    async (request) => listMyNotices(app.deps, actorOf(request)),
  )

  app.post(
    '/notices/read',
    { config: { roles: ROLES_READING_HOUSING }, schema: { tags, summary: 'Mark your notices read' } },
    async (request, reply) => {
      await markNoticesRead(app.deps, actorOf(request))
      return reply.status(204).send()
    },
  )
}
