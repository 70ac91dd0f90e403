import type { FastifyPluginAsync } from 'fastify'
import { applicationRoutes } from './applications.routes.ts'
import { policyRoutes } from './policies.routes.ts'
import { payoutRoutes } from './payouts.routes.ts'
import { statsRoutes } from './stats.routes.ts'

export { seedSubsidies } from './seed.ts'
export { seedPayouts } from './seed-payouts.ts'
export { subsidyNumbers } from './stats.service.ts'

/**
 * Subsidy fulfilment (惠企政策兑现) under /api/subsidies: the policy catalogue, eligibility,
 * applications and their approval (core), then batches, bank files and numbers (payouts).
 */
export const subsidyRoutes: FastifyPluginAsync = async (app) => {
  // /policies and /eligibility
  await app.register(policyRoutes)
  // /applications
  await app.register(applicationRoutes, { prefix: '/applications' })
  // Payouts: /batches, /payable, /stats — the payouts helper registers its plugins here.
  await app.register(payoutRoutes)
  await app.register(statsRoutes, { prefix: '/stats' })
}
