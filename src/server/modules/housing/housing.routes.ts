import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { adminRoutes } from './admin.routes.ts'
import { arrivalRoutes } from './arrival.routes.ts'
import { filesRoutes } from './files.routes.ts'
import { propertyRoutes } from './property.routes.ts'
import { publicRoutes } from './public.routes.ts'
import { reviewRoutes } from './review.routes.ts'

/** House codes (安居码) under /api/housing; the tenant's public pages under /api/housing/public. */
export const housingRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(propertyRoutes)
  await app.register(filesRoutes)
  await app.register(reviewRoutes)
  await app.register(adminRoutes)
  await app.register(arrivalRoutes)
  await app.register(publicRoutes, { prefix: '/public' })
}
