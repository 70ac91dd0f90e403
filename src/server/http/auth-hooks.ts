import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Role } from '../../shared/roles.ts'
import { AuthRequiredError, ForbiddenError } from '../errors.ts'
import type { Actor } from '../modules/auth/actor.ts'
import { authenticate } from '../modules/auth/auth.service.ts'

export const SESSION_COOKIE = 'gl_session'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
  }
  interface FastifyContextConfig {
    /** Open to anyone (login, health checks, public pages). */
    public?: boolean
    /** Roles allowed; any signed-in account when absent. */
    roles?: readonly Role[]
  }
}

/**
 * Every /api route needs a session unless its config says `public: true`, and a listed role
 * when its config has `roles`. Routes then read `actorOf(request)`.
 */
export function registerAuthHooks(app: FastifyInstance) {
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config
    if (!request.url.startsWith('/api/')) return
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      const account = await authenticate(app.deps.db, token)
      if (account) request.actor = { account, areaPath: account.areaPath, ip: request.ip }
    }
    if (config.public) return
    if (!request.actor) throw new AuthRequiredError()
    if (config.roles && !config.roles.includes(request.actor.account.role)) throw new ForbiddenError()
  })
}

/** The signed-in actor of a protected route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AuthRequiredError()
  return request.actor
}
