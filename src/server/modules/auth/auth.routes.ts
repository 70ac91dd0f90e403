import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { createAccountBodySchema, loginBodySchema, sessionAccountSchema } from '../../../shared/schemas/auth.ts'
import { actorOf, SESSION_COOKIE } from '../../http/auth-hooks.ts'
import { recordAudit } from '../audit/audit.service.ts'
import * as service from './auth.service.ts'
import { storedUserAgent } from './user-agent.ts'

/** Attempts per minute per network address; the account lock-out covers slow guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['auth']
  const secure = app.deps.config.nodeEnv === 'production'

  app.post(
    '/login',
    {
      config: { public: true, rateLimit: LOGIN_RATE_LIMIT },
      schema: { tags, summary: 'Sign in; sets the session cookie', body: loginBodySchema, response: { 200: sessionAccountSchema } },
    },
    async (request, reply) => {
      const { token, account, expiresAt } = await service.login(app.deps, {
        ...request.body,
        ip: request.ip,
        userAgent: storedUserAgent(request.headers['user-agent']),
      })
      await recordAudit(app.deps.db, { account, ip: request.ip }, 'login', 'account', [{ id: account.id, areaId: null }])
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt })
      return account
    },
  )

  app.post(
    '/logout',
    { config: { public: true }, schema: { tags, summary: 'Sign out; ends the session on the server' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]
      if (token) await service.logout(app.deps.db, token)
      if (request.actor)
        await recordAudit(app.deps.db, request.actor, 'logout', 'account', [{ id: request.actor.account.id, areaId: null }])
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send()
    },
  )

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in account', response: { 200: sessionAccountSchema } } },
    async (request) => actorOf(request).account,
  )

  app.post(
    '/accounts',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create an account in your area',
        body: createAccountBodySchema,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createAccount(app.deps.db, actorOf(request), request.body)),
  )
}
