import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  closeConsultationSchema,
  consultationListQuerySchema,
  consultationRequestSchema,
  consultationSchema,
  videoServiceBodySchema,
} from '../../../shared/schemas/consultation.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './consultation.service.ts'

const STAFF = ['admin', 'grid_worker', 'village_cadre', 'health_officer'] as const
const READERS = [...STAFF, 'doctor'] as const

/** 微医通: grid workers request, doctors take from the queue, run the video call, record notes. */
export const consultationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['consultations']

  app.get(
    '/',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary: 'The queue and consultations of your area',
        querystring: consultationListQuerySchema,
        response: { 200: z.array(consultationSchema) },
      },
    },
    async (request) => service.listConsultations(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: { roles: STAFF },
      schema: {
        tags,
        summary: 'Request a consultation for a person',
        body: consultationRequestSchema,
        response: { 201: consultationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.requestConsultation(app.deps, actorOf(request), request.body)),
  )

  app.post(
    '/:id/take',
    {
      config: { roles: ['doctor'] },
      schema: { tags, summary: 'Take a consultation from the queue', params: idParamsSchema, response: { 200: consultationSchema } },
    },
    async (request) => service.takeConsultation(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/:id/close',
    {
      config: { roles: ['doctor'] },
      schema: {
        tags,
        summary: 'Record notes and outcome',
        params: idParamsSchema,
        body: closeConsultationSchema,
        response: { 200: consultationSchema },
      },
    },
    async (request) => service.closeConsultation(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.put(
    '/video-service',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Set the video service of an area ({room} in the URL)', body: videoServiceBodySchema },
    },
    async (request, reply) => {
      await service.setVideoService(app.deps, actorOf(request), request.body)
      return reply.status(204).send()
    },
  )
}
