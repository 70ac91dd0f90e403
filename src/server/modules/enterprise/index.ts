import type { FastifyPluginAsync } from 'fastify'
import { calendarRoutes } from './calendar.routes.ts'
import { expertRoutes } from './experts.routes.ts'
import { sweepProblemDeadlines } from './problem-sweep.ts'
import { problemRoutes } from './problems.routes.ts'
import { registryRoutes } from './registry.routes.ts'
import { resumptionRoutes } from './resumption.routes.ts'
import { teamRoutes } from './teams.routes.ts'

export { sweepProblemDeadlines } from './problem-sweep.ts'
export { seedEnterprises } from './seed.ts'

/** How often the server runs the SLA sweep; deadlines are whole days, so minutes are plenty. */
export const SWEEP_INTERVAL_MS = 10 * 60 * 1000

/**
 * The enterprise module (复工复产) under /api/enterprise, and the SLA sweep timer. The timer
 * does not run under NODE_ENV=test: tests call sweepProblemDeadlines with their own clock.
 * Several app servers may all sweep: the database records each warning and escalation once.
 */
export const enterpriseRoutes: FastifyPluginAsync = async (app) => {
  await app.register(registryRoutes, { prefix: '/registry' })
  await app.register(teamRoutes, { prefix: '/teams' })
  await app.register(resumptionRoutes, { prefix: '/resumption' })
  await app.register(problemRoutes, { prefix: '/problems' })
  await app.register(expertRoutes, { prefix: '/experts' })
  await app.register(calendarRoutes, { prefix: '/calendar' })

  if (app.deps.config.nodeEnv === 'test') return
  let timer: NodeJS.Timeout | undefined
  const sweep = () => {
    sweepProblemDeadlines(app.deps.db).then(
      (result) => {
        if (result.warned || result.escalated) app.log.info(result, 'enterprise problem SLA sweep')
      },
      (error: unknown) => app.log.error({ err: { message: (error as Error).message } }, 'enterprise problem SLA sweep failed'),
    )
  }
  app.addHook('onReady', async () => {
    sweep()
    timer = setInterval(sweep, SWEEP_INTERVAL_MS)
    timer.unref()
  })
  app.addHook('onClose', async () => clearInterval(timer))
}
