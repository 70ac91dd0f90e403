import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import { FILE_KINDS, houseFileSchema, MAX_UPLOAD_BYTES, ROLES_READING_HOUSING, UPLOAD_TYPES } from '../../../shared/schemas/housing.ts'
import { contentDisposition } from '../../files/file-type.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { handleError } from '../../http/problem.ts'
import { openFile, saveUpload } from './files.service.ts'
import { UploadTooLargeError, UploadTypeError } from './housing.errors.ts'

/**
 * Floor plans, photos and documents: the request body is the file itself (Content-Type of the
 * file, name in the query), so no multipart parser is needed; the server checks the size (the
 * body limit, before reading past it) and the real type from the first bytes, and stores the
 * file under a generated name. Downloads show images inline and save everything else.
 */
export const filesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing']
  // Only in this plugin: the file's own type as a raw buffer, at most MAX_UPLOAD_BYTES.
  app.addContentTypeParser(
    [...UPLOAD_TYPES, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  )
  app.setErrorHandler((error, request, reply) => {
    const code = (error as { code?: string }).code
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return handleError(new UploadTooLargeError(), request, reply)
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return handleError(new UploadTypeError(), request, reply)
    return handleError(error as Error, request, reply)
  })

  app.post(
    '/properties/:id/files',
    {
      config: { roles: ROLES_READING_HOUSING.filter((role) => role !== 'leader') },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Upload a floor plan, photo or document (body: the file; JPG, PNG, WebP or PDF, at most 4 MB)',
        params: idParamsSchema,
        querystring: z.object({ kind: z.enum(FILE_KINDS), name: z.string().max(200).optional() }),
        response: { 201: houseFileSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new UploadTypeError()
      const saved = await saveUpload(app.deps, actorOf(request), request.params.id, {
        kind: request.query.kind,
        name: request.query.name,
        body: request.body,
      })
      return reply.status(201).send(saved)
    },
  )

  app.get(
    '/files/:id',
    { config: { roles: ROLES_READING_HOUSING }, schema: { tags, summary: 'Download an uploaded file', params: idParamsSchema } },
    async (request, reply) => {
      const file = await openFile(app.deps, actorOf(request), request.params.id)
      return reply
        .type(file.contentType)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(file.contentType, file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(file.stream)
    },
  )
}
