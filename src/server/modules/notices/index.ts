import type { FastifyPluginAsync } from 'fastify'
import { noticeRoutes, publicNoticeRoutes } from './notices.routes.ts'

export { seedNotices } from './seed.ts'

/** Public notices (政策发布), registered under /api: /api/public/notices (no account) and /api/notices (staff). */
export const noticesRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicNoticeRoutes, { prefix: '/public/notices' })
  await app.register(noticeRoutes, { prefix: '/notices' })
}
