import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Role } from '../../../shared/roles.ts'
import { idParamsSchema, pageQuerySchema } from '../../../shared/schemas/common.ts'
import { batchDetailSchema, payableQuerySchema } from '../../../shared/schemas/subsidy-payouts.ts'
import {
  applicationListSchema,
  bankResultImportSchema,
  bankResultReportSchema,
  batchCreateSchema,
  batchListSchema,
  batchSchema,
  ROLES_RUNNING_SUBSIDIES,
} from '../../../shared/schemas/subsidies.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import * as service from './payouts.service.ts'

/** Leaders follow the batches; only policy officers and admins make, export and reconcile them. */
const ROLES_READING_PAYOUTS: readonly Role[] = [...ROLES_RUNNING_SUBSIDIES, 'leader']

/** Payouts (/api/subsidies/batches, /payable): batches, the bank payment file and the bank's result. */
export const payoutRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['subsidies']

  app.get(
    '/payable',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Applications that may go into a batch (approved, or failed and awaiting a retry)',
        querystring: payableQuerySchema,
        response: { 200: applicationListSchema },
      },
    },
    async (request) => service.listPayable(app.deps, actorOf(request), request.query),
  )

  app.get(
    '/batches',
    {
      config: { roles: ROLES_READING_PAYOUTS },
      schema: { tags, summary: 'Payout batches, newest first', querystring: pageQuerySchema, response: { 200: batchListSchema } },
    },
    async (request) => service.listBatches(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/batches',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Create a payout batch (201; 200 with the first batch when the idempotency key was used before)',
        body: batchCreateSchema,
        response: { 200: batchSchema, 201: batchSchema },
      },
    },
    async (request, reply) => {
      const { batch, created } = await service.createBatch(app.deps, actorOf(request), request.body)
      return reply.status(created ? 201 : 200).send(batch)
    },
  )

  app.get(
    '/batches/:id',
    {
      config: { roles: ROLES_READING_PAYOUTS },
      schema: { tags, summary: 'One batch with its payments', params: idParamsSchema, response: { 200: batchDetailSchema } },
    },
    async (request) => service.getBatch(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/batches/:id/approval',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'A second policy officer (not the creator) approves an open batch, releasing its bank file',
        params: idParamsSchema,
        response: { 200: batchSchema },
      },
    },
    async (request) => service.approveBatch(app.deps, actorOf(request), request.params.id),
  )

  app.get(
    '/batches/:id/bank-file',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary:
          'The bank payment file (CSV; after the approval; the first download marks the batch exported, later ones give the same bytes)',
        params: idParamsSchema,
      },
    },
    async (request, reply) => {
      const file = await service.exportBankFile(app.deps, actorOf(request), request.params.id)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-content-sha256', file.sha256)
        .send(file.content)
    },
  )

  app.post(
    '/batches/:id/bank-result',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary:
          'Import the bank’s result file: marks payments paid or failed, with a line-by-line report; recorded with who imported it and its SHA-256',
        params: idParamsSchema,
        body: bankResultImportSchema,
        response: { 200: bankResultReportSchema },
      },
    },
    async (request) => service.importBankResult(app.deps, actorOf(request), request.params.id, request.body.csv, localeOf(request)),
  )
}
