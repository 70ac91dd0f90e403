import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  healthStatusPushBodySchema,
  healthStatusPushResultSchema,
  importReportSchema,
  issuedHealthCodeSchema,
  setHealthStatusBodySchema,
} from '../../../shared/schemas/codes.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { authenticateApiClient } from './api-client.ts'
import { issueHealthCode, revokeCode } from './codes.service.ts'
import { importHealthStatusCsv, pushHealthStatuses, setHealthStatus } from './health-status.service.ts'
import { rotateKey } from './keys.ts'
import { invalidateTrustCache } from './code-reader.ts'
import { signedTrustList, trustListAnchor } from './trust-list.ts'

const HEALTH_AUTHORITY = ['admin', 'health_officer'] as const
const CODE_ISSUERS = ['admin', 'health_officer', 'grid_worker'] as const

export const codesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['codes']

  app.get(
    '/trust-list',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Signed trust list (public keys + revocations) for offline scanners',
        response: { 200: z.object({ payload: z.string(), kid: z.string(), alg: z.literal('ES256'), signature: z.string() }) },
      },
    },
    async () => signedTrustList(app.deps),
  )

  app.get(
    '/trust-anchor',
    {
      config: { public: true },
      schema: { tags, summary: 'The public key that signs trust lists', response: { 200: z.object({ kid: z.string(), alg: z.literal('ES256'), publicKey: z.string() }) } },
    },
    async () => trustListAnchor(app.deps),
  )

  app.post(
    '/health/:id',
    {
      config: { roles: CODE_ISSUERS },
      schema: { tags, summary: "Issue a person's signed health code (colour from the health authority)", params: idParamsSchema, response: { 201: issuedHealthCodeSchema } },
    },
    async (request, reply) => reply.status(201).send(await issueHealthCode(app.deps, actorOf(request), request.params.id)),
  )

  app.post(
    '/revoke',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: { tags, summary: 'Revoke an issued code by its id (cti)', body: z.object({ cti: z.string().min(8).max(64), reason: z.string().trim().min(1).max(200) }) },
    },
    async (request, reply) => {
      await revokeCode(app.deps, actorOf(request), request.body.cti, request.body.reason)
      invalidateTrustCache(app.deps)
      return reply.status(204).send()
    },
  )

  app.post(
    '/keys/rotate',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Rotate the code-signing key (old codes keep verifying until they expire)', response: { 200: z.object({ kid: z.string() }) } },
    },
    async () => {
      const key = await rotateKey(app.deps.db, app.deps.cipher, 'code')
      invalidateTrustCache(app.deps)
      return { kid: key.kid }
    },
  )

  app.put(
    '/health-status/:id',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: { tags, summary: "Set a person's health colour (revokes their older codes)", params: idParamsSchema, body: setHealthStatusBodySchema },
    },
    async (request, reply) => {
      await setHealthStatus(app.deps, actorOf(request), request.params.id, request.body.colour)
      invalidateTrustCache(app.deps)
      return reply.status(204).send()
    },
  )

  app.post(
    '/health-status/import',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: { tags, summary: 'Import colours from CSV (id_type,id_number,colour); all rows or none', body: z.object({ csv: z.string().min(1).max(5_000_000) }), response: { 200: importReportSchema } },
    },
    async (request) => {
      const report = await importHealthStatusCsv(app.deps, actorOf(request), request.body.csv)
      invalidateTrustCache(app.deps)
      return report
    },
  )

  app.post(
    '/health-status/push',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'An external health system pushes colours (Authorization: Bearer <api client token>)',
        body: healthStatusPushBodySchema,
        response: { 200: healthStatusPushResultSchema },
      },
    },
    async (request) => {
      const scope = await authenticateApiClient(app.deps.db, request, 'health_status')
      const result = await pushHealthStatuses(app.deps, scope, request.body.items)
      invalidateTrustCache(app.deps)
      return result
    },
  )
}
