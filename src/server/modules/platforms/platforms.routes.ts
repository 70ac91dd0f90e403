import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { healthPlatformBodySchema, healthPlatformSchema } from '../../../shared/schemas/platforms.ts'
import { NotFoundError } from '../../errors.ts'
import { changePlatform, listPlatformsForAdmin, registerPlatform } from './platforms.service.ts'

/** Other provinces' health-code platforms: trust anchors of the second kind (admin only). */
export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['health platforms']
  app.get(
    '/',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Registered health-code platforms (secrets never shown)', response: { 200: z.array(healthPlatformSchema) } },
    },
    async () => listPlatformsForAdmin(app.deps),
  )
  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: "Register another province's health-code platform",
        body: healthPlatformBodySchema,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await registerPlatform(app.deps, request.body)),
  )
  app.patch(
    '/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Move a platform to another endpoint, or switch it off',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({ endpoint: z.url({ protocol: /^https?$/ }).optional(), enabled: z.boolean().optional() })
          .refine((b) => b.endpoint !== undefined || b.enabled !== undefined, { message: 'give endpoint or enabled' }),
      },
    },
    async (request, reply) => {
      if (!(await changePlatform(app.deps, request.params.id, request.body))) throw new NotFoundError('health platform')
      return reply.status(204).send()
    },
  )
}
