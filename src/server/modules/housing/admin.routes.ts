import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  importQuerySchema,
  importResultSchema,
  landlordAccountInputSchema,
  noticeSchema,
  ROLES_MANAGING_HOUSING,
} from '../../../shared/schemas/housing.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import { ImportFormatError } from './housing.errors.ts'
import { IMPORT_TEMPLATE_HEADER, importProperties } from './import.service.ts'
import { createLandlordAccount, listOutbox } from './landlord.service.ts'
import { writeCsv } from './table-file.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Bulk import, landlord accounts and the outbox. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing']
  // The import body is the file itself: CSV or Excel, as the browser sends it.
  app.addContentTypeParser(
    ['text/csv', 'application/csv', 'application/vnd.ms-excel', XLSX, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  )

  app.post(
    '/import',
    {
      config: { roles: ROLES_MANAGING_HOUSING },
      schema: {
        tags,
        summary: 'Import properties and landlords from CSV or Excel (body: the file). All rows or none unless validRowsOnly=true',
        querystring: importQuerySchema,
        response: { 200: importResultSchema },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new ImportFormatError('send the file itself as the body (text/csv or .xlsx)')
      return importProperties(app.deps, actorOf(request), request.body, {
        validRowsOnly: request.query.validRowsOnly === 'true',
        dryRun: request.query.dryRun === 'true',
        locale: localeOf(request),
      })
    },
  )

  app.get(
    '/import/template',
    { config: { roles: ROLES_MANAGING_HOUSING }, schema: { tags, summary: 'The import template (CSV)' } },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rental-properties-template.csv"')
        .send(
          writeCsv([
            IMPORT_TEMPLATE_HEADER,
            ['330382001201', '蛎灰窑 8 号', 5, 10, 10, '张三', 'resident_id', '330382199001010015', '13800000000'],
          ]),
        ),
  )

  app.post(
    '/landlord-accounts',
    {
      config: { roles: ROLES_MANAGING_HOUSING },
      schema: {
        tags,
        summary: "Open a landlord's account (username = their mobile number) linked to their person record",
        body: landlordAccountInputSchema,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await createLandlordAccount(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/outbox',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'The notifier outbox of your area (embedded default: text messages wait here)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(noticeSchema.extend({ areaName: z.string() })) },
      },
    },
    async (request) => listOutbox(app.deps, actorOf(request), request.query.limit),
  )
}
