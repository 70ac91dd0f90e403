import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  noticeInputSchema,
  publicNoticeListSchema,
  publicNoticeQuerySchema,
  publicNoticeSchema,
  ROLES_PUBLISHING_NOTICES,
  ROLES_READING_NOTICE_DESK,
  staffNoticeListSchema,
  staffNoticeQuerySchema,
  staffNoticeSchema,
} from '../../../shared/schemas/notices.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './notices.service.ts'

/** Anyone may read; a crawler hammering the search is slowed down per network address. */
const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: '1 minute' }

/** The public pages' API (/api/public/notices): published, in-date notices only; no account. */
export const publicNoticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notices (public)']
  const config = { public: true, rateLimit: PUBLIC_RATE_LIMIT }

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Search and list published notices (newest first, or by relevance)',
        security: [],
        querystring: publicNoticeQuerySchema,
        response: { 200: publicNoticeListSchema },
      },
    },
    async (request) => service.listPublicNotices(app.deps, request.query),
  )

  app.get(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One published notice with related notices',
        security: [],
        params: idParamsSchema,
        response: { 200: publicNoticeSchema },
      },
    },
    async (request) => service.getPublicNotice(app.deps, request.params.id),
  )
}

/** The notices desk (/api/notices): the area's notices in every state; leaders read only. */
export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notices']
  const read = { roles: ROLES_READING_NOTICE_DESK }
  const write = { roles: ROLES_PUBLISHING_NOTICES }

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'Notices of the area (drafts first)',
        querystring: staffNoticeQuerySchema,
        response: { 200: staffNoticeListSchema },
      },
    },
    async (request) => service.listStaffNotices(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    { config: write, schema: { tags, summary: 'Write a notice (a draft)', body: noticeInputSchema, response: { 201: staffNoticeSchema } } },
    async (request, reply) => reply.status(201).send(await service.createNotice(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'One notice', params: idParamsSchema, response: { 200: staffNoticeSchema } } },
    async (request) => service.getStaffNotice(app.deps, actorOf(request), request.params.id),
  )

  app.put(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a draft or published notice',
        params: idParamsSchema,
        body: noticeInputSchema,
        response: { 200: staffNoticeSchema },
      },
    },
    async (request) => service.updateNotice(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/:id/publish',
    {
      config: write,
      schema: {
        tags,
        summary: 'Publish a draft (or a withdrawn notice again)',
        params: idParamsSchema,
        response: { 200: staffNoticeSchema },
      },
    },
    async (request) => service.publishNotice(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/:id/withdraw',
    {
      config: write,
      schema: {
        tags,
        summary: 'Take a published notice off the public pages',
        params: idParamsSchema,
        response: { 200: staffNoticeSchema },
      },
    },
    async (request) => service.withdrawNotice(app.deps, actorOf(request), request.params.id),
  )
}
