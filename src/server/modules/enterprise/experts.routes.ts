import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_IN_ENTERPRISE_MODULE, ROLES_RUNNING_EXPERT_SERVICE, ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  bookingInputSchema,
  bookingListQuerySchema,
  bookingListSchema,
  bookingSchema,
  conclusionInputSchema,
  consultationInputSchema,
  consultationSchema,
  slotInputSchema,
  slotListQuerySchema,
  slotSchema,
  visitRecordSchema,
} from '../../../shared/schemas/enterprise-experts.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as consultations from './consultations.service.ts'
import * as service from './experts.service.ts'

/** Expert service teams (/api/enterprise/experts): slots, booked visits, remote and panel consultations. */
export const expertRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']
  const read = { roles: ROLES_IN_ENTERPRISE_MODULE }
  const run = { roles: ROLES_RUNNING_EXPERT_SERVICE }

  app.get(
    '/slots',
    {
      config: read,
      schema: {
        tags,
        summary: 'Expert slots offered to your area',
        querystring: slotListQuerySchema,
        response: { 200: z.array(slotSchema) },
      },
    },
    async (request) => {
      const q = request.query
      return service.listSlots(app.deps, actorOf(request), {
        field: q.field,
        teamId: q.teamId,
        available: q.available ? q.available === 'yes' : undefined,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      })
    },
  )

  app.post(
    '/slots',
    { config: run, schema: { tags, summary: "Open a slot in an expert's calendar", body: slotInputSchema, response: { 201: slotSchema } } },
    async (request, reply) => reply.status(201).send(await service.createSlot(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/bookings',
    { config: read, schema: { tags, summary: 'Booked visits', querystring: bookingListQuerySchema, response: { 200: bookingListSchema } } },
    async (request) => service.listBookings(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/bookings',
    {
      config: { roles: ['enterprise', ...ROLES_SERVING_ENTERPRISES] },
      schema: {
        tags,
        summary: 'Book a visit: a slot, or the earliest free expert of a field',
        body: bookingInputSchema,
        response: { 201: bookingSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.bookVisit(app.deps, actorOf(request), request.body)),
  )

  app.post(
    '/bookings/:id/visit',
    {
      config: run,
      schema: {
        tags,
        summary: 'Record the on-site visit',
        params: idParamsSchema,
        body: visitRecordSchema,
        response: { 200: bookingSchema },
      },
    },
    async (request) => service.recordVisit(app.deps, actorOf(request), request.params.id, request.body.record),
  )

  app.post(
    '/bookings/:id/cancel',
    {
      config: { roles: ['enterprise', ...ROLES_SERVING_ENTERPRISES] },
      schema: { tags, summary: 'Cancel a booking', params: idParamsSchema, response: { 200: bookingSchema } },
    },
    async (request) => service.cancelBooking(app.deps, actorOf(request), request.params.id),
  )

  app.get(
    '/consultations',
    { config: read, schema: { tags, summary: 'Remote consultations and panel reviews', response: { 200: z.array(consultationSchema) } } },
    async (request) => consultations.listConsultations(app.deps, actorOf(request)),
  )

  app.post(
    '/consultations',
    {
      config: run,
      schema: {
        tags,
        summary: 'Convene a remote consultation or a panel review',
        body: consultationInputSchema,
        response: { 201: consultationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await consultations.createConsultation(app.deps, actorOf(request), request.body)),
  )

  app.post(
    '/consultations/:id/conclusion',
    {
      config: run,
      schema: {
        tags,
        summary: 'Record the conclusion and the actions it assigns',
        params: idParamsSchema,
        body: conclusionInputSchema,
        response: { 200: consultationSchema },
      },
    },
    async (request) => consultations.concludeConsultation(app.deps, actorOf(request), request.params.id, request.body),
  )
}
