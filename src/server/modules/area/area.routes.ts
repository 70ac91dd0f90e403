import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AREA_LEVELS } from '../../../shared/areas.ts'
import { areaChildrenQuerySchema, areaSchema, createAreaBodySchema } from '../../../shared/schemas/area.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './area.service.ts'

export const areaRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['areas']
  app.get(
    '/tree',
    {
      schema: {
        tags,
        summary: 'Your area and every node below it',
        querystring: z.object({ maxLevel: z.enum(AREA_LEVELS).default('grid') }),
        response: { 200: z.array(areaSchema) },
      },
    },
    async (request) => service.listTree(app.deps.db, actorOf(request), request.query.maxLevel),
  )
  app.get(
    '/children',
    {
      schema: {
        tags,
        summary: 'Children of a node (your own node without parentId)',
        querystring: areaChildrenQuerySchema,
        response: { 200: z.array(areaSchema) },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return service.listChildren(app.deps.db, { areaPath: actor.areaPath, areaId: actor.account.areaId }, request.query.parentId)
    },
  )
  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Add an area node under one of yours', body: createAreaBodySchema, response: { 201: areaSchema } },
    },
    async (request, reply) => reply.status(201).send(await service.createArea(app.deps.db, actorOf(request), request.body)),
  )
}
