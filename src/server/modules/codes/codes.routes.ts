import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  healthHistorySchema,
  healthImportQuerySchema,
  healthImportReportSchema,
  healthStatusPushBodySchema,
  healthStatusPushResultSchema,
  issuedHealthCodeSchema,
  revokeCodeBodySchema,
  ROLES_HEALTH_AUTHORITY,
  setHealthStatusBodySchema,
} from '../../../shared/schemas/codes.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import { writeCsv } from '../housing/index.ts'
import { authenticateApiClient } from './api-client.ts'
import { HealthImportFormatError } from './codes.errors.ts'
import { issueHealthCode, revokeCode } from './codes.service.ts'
import { healthHistory } from './health-history.service.ts'
import { HEALTH_IMPORT_TEMPLATE, importHealthStatuses } from './health-import.service.ts'
import { pushHealthStatuses, setHealthStatus } from './health-status.service.ts'
import { rotateKey } from './keys.ts'
import { invalidateTrustCache } from './code-reader.ts'
import { signedTrustList, trustListAnchor } from './trust-list.ts'

const HEALTH_AUTHORITY = ROLES_HEALTH_AUTHORITY
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const CODE_ISSUERS = ['admin', 'health_officer', 'grid_worker'] as const

export const codesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['codes']
  // The colour import's body is the file itself (CSV or Excel), as the browser sends it.
  app.addContentTypeParser(
    ['text/csv', 'application/csv', 'application/vnd.ms-excel', XLSX, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  )

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
      schema: {
        tags,
        summary: 'The public key that signs trust lists',
        response: { 200: z.object({ kid: z.string(), alg: z.literal('ES256'), publicKey: z.string() }) },
      },
    },
    async () => trustListAnchor(app.deps),
  )

  app.post(
    '/health/:id',
    {
      config: { roles: CODE_ISSUERS },
      schema: {
        tags,
        summary: "Issue a person's signed health code (colour from the health authority)",
        params: idParamsSchema,
        response: { 201: issuedHealthCodeSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await issueHealthCode(app.deps, actorOf(request), request.params.id)),
  )

  app.post(
    '/revoke',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: { tags, summary: 'Revoke an issued code by its id (cti); the reason shows in the history', body: revokeCodeBodySchema },
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
      schema: {
        tags,
        summary: 'Rotate the code-signing key (old codes keep verifying until they expire)',
        response: { 200: z.object({ kid: z.string() }) },
      },
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
      schema: {
        tags,
        summary: "Set a person's health colour with a reason (revokes their unexpired codes when it changes)",
        params: idParamsSchema,
        body: setHealthStatusBodySchema,
      },
    },
    async (request, reply) => {
      await setHealthStatus(app.deps, actorOf(request), request.params.id, request.body)
      invalidateTrustCache(app.deps)
      return reply.status(204).send()
    },
  )

  app.get(
    '/health-status/:id',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: {
        tags,
        summary: "A person's colour, its history (officer, import, API push) and their health codes (audited read)",
        params: idParamsSchema,
        response: { 200: healthHistorySchema },
      },
    },
    async (request) => healthHistory(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/health-status/import',
    {
      config: { roles: HEALTH_AUTHORITY },
      schema: {
        tags,
        summary: 'Import colours from CSV or Excel (body: the file; columns 证件类型,证件号码,颜色,原因). All rows or none',
        querystring: healthImportQuerySchema,
        response: { 200: healthImportReportSchema },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new HealthImportFormatError(['id_number', 'colour'])
      const report = await importHealthStatuses(app.deps, actorOf(request), request.body, {
        fileName: request.query.fileName || null,
        dryRun: request.query.dryRun === 'true',
        locale: localeOf(request),
      })
      if (report.changed) invalidateTrustCache(app.deps)
      return report
    },
  )

  app.get(
    '/health-status/import/template',
    { config: { roles: HEALTH_AUTHORITY }, schema: { tags, summary: 'The colour import template (CSV)' } },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="health-colours-template.csv"')
        .send(writeCsv(HEALTH_IMPORT_TEMPLATE)),
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
