import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  gateDecisionSchema,
  gateLookupBodySchema,
  gateLookupSchema,
  gateScanBodySchema,
  UNVERIFIED_POLICIES,
} from '../../../shared/schemas/gate.ts'
import { ROLES_AT_GATE } from '../../../shared/roles.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as repo from './gate.repository.ts'
import { checkpointInScope, forgetCheckpoint, listPassages, lookupCode, recordScan } from './gate.service.ts'

const checkpointSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  areaId: z.uuid(),
  areaName: z.string(),
  unverifiedPolicy: z.enum(UNVERIFIED_POLICIES),
})

export const gateRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['gate']

  app.post(
    '/scans',
    {
      config: { roles: ROLES_AT_GATE },
      schema: {
        tags,
        summary: 'Decide a scan and log the passage (idempotent by clientScanId)',
        body: gateScanBodySchema,
        response: { 200: gateDecisionSchema },
      },
    },
    async (request) => recordScan(app.deps, actorOf(request), request.body),
  )

  app.post(
    '/lookups',
    {
      config: { roles: ROLES_AT_GATE },
      schema: {
        tags,
        summary: "Read a code before the identity step (another province's code is asked of its platform); logs nothing",
        body: gateLookupBodySchema,
        response: { 200: gateLookupSchema },
      },
    },
    async (request) => lookupCode(app.deps, actorOf(request), request.body),
  )

  app.put(
    '/checkpoints/:id/unverified-policy',
    {
      config: { roles: ['admin', 'grid_worker', 'village_cadre'] },
      schema: {
        tags,
        summary: 'What the checkpoint does when a platform cannot verify a code (待核验)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ policy: z.enum(UNVERIFIED_POLICIES) }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      await checkpointInScope(app.deps.db, actor, request.params.id)
      await repo.setCheckpointPolicy(app.deps.db, request.params.id, request.body.policy)
      forgetCheckpoint(app.deps.db, request.params.id)
      return reply.status(204).send()
    },
  )

  app.get(
    '/passages',
    {
      config: { roles: ['admin', 'leader', 'guard', 'grid_worker', 'village_cadre'] },
      schema: {
        tags,
        summary: 'Passages in your area, newest first',
        querystring: z.object({ checkpointId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(gateDecisionSchema) },
      },
    },
    async (request) => listPassages(app.deps, actorOf(request), request.query),
  )

  app.get(
    '/checkpoints',
    {
      config: { roles: ROLES_AT_GATE },
      schema: { tags, summary: 'Checkpoints in your area', response: { 200: z.array(checkpointSchema) } },
    },
    async (request) =>
      (await repo.listCheckpoints(app.deps.db, actorOf(request))).map((c) => ({
        id: c.id,
        name: c.name,
        address: c.address,
        areaId: c.area_id,
        areaName: c.area_name,
        unverifiedPolicy: c.unverified_policy,
      })),
  )

  app.post(
    '/checkpoints',
    {
      config: { roles: ['admin', 'grid_worker', 'village_cadre'] },
      schema: {
        tags,
        summary: 'Add a checkpoint (a residential entrance)',
        body: z.object({ areaId: z.uuid(), name: z.string().trim().min(1).max(100), address: z.string().trim().max(200).optional() }),
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const area = await requireAreaInScope(app.deps.db, actorOf(request), request.body.areaId)
      const row = await repo.insertCheckpoint(app.deps.db, {
        area_id: area.id,
        name: request.body.name,
        address: request.body.address ?? null,
      })
      return reply.status(201).send({ id: row.id })
    },
  )
}
