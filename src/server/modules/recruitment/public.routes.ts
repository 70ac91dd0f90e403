import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  publicRegionDetailSchema,
  publicRegionListSchema,
  SIGNUP_LIMIT_PER_ADDRESS,
  signupExistingSchema,
  signupInputSchema,
  signupReceiptSchema,
} from '../../../shared/schemas/recruitment.ts'
import { localeOf } from '../../http/problem.ts'
import { listOpenRegions, regionDetail, submitSignup } from './public.service.ts'

/** The worker's public sign-up (/api/public/recruitment): no account, limited per network address. */
export const recruitmentPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['recruitment (public)']
  const browse = { public: true, rateLimit: { max: 120, timeWindow: '10 minutes' } }

  app.get(
    '/regions',
    {
      config: browse,
      schema: { tags, summary: 'Target regions of running drives', security: [], response: { 200: publicRegionListSchema } },
    },
    async () => listOpenRegions(app.deps),
  )
  app.get(
    '/regions/:id',
    {
      config: browse,
      schema: {
        tags,
        summary: 'A region: collection points, buses with free seats, open jobs',
        security: [],
        params: idParamsSchema,
        response: { 200: publicRegionDetailSchema },
      },
    },
    async (request) => regionDetail(app.deps, request.params.id),
  )
  app.post(
    '/signups',
    {
      config: { public: true, rateLimit: SIGNUP_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Sign up (optionally with a bus seat); the same phone again answers 200 with a message only, nothing of the first sign-up',
        security: [],
        body: signupInputSchema,
        response: { 201: signupReceiptSchema, 200: signupExistingSchema },
      },
    },
    async (request, reply) => {
      const answer = await submitSignup(app.deps, request.body, localeOf(request))
      return answer.created ? reply.status(201).send(answer) : reply.status(200).send(answer)
    },
  )
}
