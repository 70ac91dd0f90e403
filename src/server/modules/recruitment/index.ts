import type { FastifyPluginAsync } from 'fastify'
import { recruitmentPublicRoutes } from './public.routes.ts'
import { recruitmentStaffRoutes } from './recruitment.routes.ts'

export { computeRecruitmentStats } from './stats.service.ts'
export { seedRecruitment } from './seed.ts'

/** Recruitment drives (招工专班): staff routes under /api/recruitment, the workers' under /api/public/recruitment. */
export const recruitmentRoutes: FastifyPluginAsync = async (app) => {
  await app.register(recruitmentStaffRoutes, { prefix: '/api/recruitment' })
  await app.register(recruitmentPublicRoutes, { prefix: '/api/public/recruitment' })
}
