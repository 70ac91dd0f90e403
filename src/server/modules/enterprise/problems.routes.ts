import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ROLES_IN_ENTERPRISE_MODULE, ROLES_READING_ENTERPRISE_BOARD, ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  attachmentInputSchema,
  attachmentSchema,
  boardSchema,
  problemDetailSchema,
  problemInputSchema,
  problemListQuerySchema,
  problemListSchema,
  problemSchema,
  problemTransitionSchema,
} from '../../../shared/schemas/enterprise-problem.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { problemBoard } from './board.service.ts'
import { addAttachment, readAttachment } from './problem-attachments.service.ts'
import { sweepProblemDeadlines } from './problem-sweep.ts'
import * as service from './problems.service.ts'

/** The problem closed loop (/api/enterprise/problems): 发现→办理→解决→反馈, the board, the SLA sweep. */
export const problemRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enterprise']
  const read = { roles: ROLES_IN_ENTERPRISE_MODULE }
  const act = { roles: ['enterprise' as const, ...ROLES_SERVING_ENTERPRISES] }

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'Problems in your area; view=mine&sort=deadline is the work list',
        querystring: problemListQuerySchema,
        response: { 200: problemListSchema },
      },
    },
    async (request) => service.listProblems(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    { config: act, schema: { tags, summary: 'Report a problem', body: problemInputSchema, response: { 201: problemSchema } } },
    async (request, reply) => reply.status(201).send(await service.reportProblem(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/board',
    {
      config: { roles: ROLES_READING_ENTERPRISE_BOARD },
      schema: {
        tags,
        summary: 'Area office board: per category and area, resumption',
        querystring: z.object({ areaId: z.uuid().optional() }),
        response: { 200: boardSchema },
      },
    },
    async (request) => problemBoard(app.deps, actorOf(request), request.query.areaId),
  )

  app.post(
    '/sweep',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Run the SLA sweep now (it also runs on a timer)',
        response: { 200: z.object({ warned: z.number(), escalated: z.number() }) },
      },
    },
    async () => sweepProblemDeadlines(app.deps.db),
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: { tags, summary: 'One problem with its history', params: idParamsSchema, response: { 200: problemDetailSchema } },
    },
    async (request) => service.getProblem(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/:id/transitions',
    {
      config: act,
      schema: {
        tags,
        summary: 'accept, start, resolve (staff); confirm with a rating or reopen (the enterprise)',
        params: idParamsSchema,
        body: problemTransitionSchema,
        response: { 200: problemSchema },
      },
    },
    async (request) => service.transitionProblem(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/:id/attachments',
    {
      config: act,
      schema: {
        tags,
        summary: 'Attach a file (base64, 2 MB at most)',
        params: idParamsSchema,
        body: attachmentInputSchema,
        response: { 201: attachmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await addAttachment(app.deps, actorOf(request), request.params.id, request.body)),
  )

  app.get(
    '/:id/attachments/:attachmentId',
    { config: read, schema: { tags, summary: 'Download an attachment', params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) } },
    async (request, reply) => {
      const file = await readAttachment(app.deps, actorOf(request), request.params.id, request.params.attachmentId)
      // Always a download, never rendered in our origin: the type is what the uploader claimed.
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content)
    },
  )
}
