import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  accountTwoFactorSchema,
  ownSessionSchema,
  recoveryCodesSchema,
  sessionParamsSchema,
  twoFactorCodeBodySchema,
  twoFactorEnrolmentSchema,
  twoFactorStatusSchema,
} from '../../../shared/schemas/auth.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import { DomainError } from '../../errors.ts'
import { actorOf, SESSION_COOKIE } from '../../http/auth-hooks.ts'
import { recordAudit } from '../audit/audit.service.ts'
import * as service from './auth.service.ts'
import * as twoFactor from './two-factor.service.ts'

/** The session behind this request (its stored id: the hash of the cookie token). */
function currentSessionId(request: { cookies: Record<string, string | undefined> }): string {
  return service.sessionIdOf(request.cookies[SESSION_COOKIE] ?? '')
}

/**
 * Account security (账号安全, /api/auth/sessions and /api/auth/two-factor): one's own sessions
 * and their sign-out, the optional second factor, and the admin's view and reset of it.
 */
export const accountSecurityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['auth']
  const { db } = app.deps
  const auditSignOut = (request: FastifyRequest) =>
    recordAudit(db, actorOf(request), 'logout', 'account', [{ id: actorOf(request).account.id, areaId: null }])

  app.get(
    '/sessions',
    { schema: { tags, summary: 'Your open sessions, the current one marked', response: { 200: z.array(ownSessionSchema) } } },
    async (request) => service.listOwnSessions(db, actorOf(request).account.id, currentSessionId(request)),
  )

  app.delete(
    '/sessions/:id',
    { schema: { tags, summary: 'Sign out one of your sessions', params: sessionParamsSchema } },
    async (request, reply) => {
      const ended = await service.signOutSessions(db, actorOf(request).account.id, { only: request.params.id })
      if (ended === 0) throw new DomainError('NOT_FOUND', 404)
      await auditSignOut(request)
      if (request.params.id === currentSessionId(request)) reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send()
    },
  )

  app.post(
    '/sessions/sign-out-others',
    { schema: { tags, summary: 'Sign out everywhere else', response: { 200: z.object({ ended: z.number().int() }) } } },
    async (request) => {
      const ended = await service.signOutSessions(db, actorOf(request).account.id, { except: currentSessionId(request) })
      if (ended > 0) await auditSignOut(request)
      return { ended }
    },
  )

  app.post('/sessions/sign-out-all', { schema: { tags, summary: 'Sign out everywhere, this browser too' } }, async (request, reply) => {
    await service.signOutSessions(db, actorOf(request).account.id, {})
    await auditSignOut(request)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.status(204).send()
  })

  app.get(
    '/two-factor',
    { schema: { tags, summary: 'Whether your account signs in with a second factor', response: { 200: twoFactorStatusSchema } } },
    async (request) => twoFactor.status(db, actorOf(request).account),
  )

  app.post(
    '/two-factor/enrolment',
    {
      schema: {
        tags,
        summary: 'Start turning on the authenticator-app code (admin and policy roles)',
        response: { 201: twoFactorEnrolmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await twoFactor.startEnrolment(app.deps, actorOf(request).account)),
  )

  app.post(
    '/two-factor/confirmation',
    {
      schema: {
        tags,
        summary: 'Turn it on with the first code; answers the recovery codes, once',
        body: twoFactorCodeBodySchema,
        response: { 200: recoveryCodesSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const codes = await twoFactor.confirmEnrolment(app.deps, actor.account, request.ip, request.body.code)
      await recordAudit(db, actor, 'update', 'account', [{ id: actor.account.id, areaId: actor.account.areaId }])
      return codes
    },
  )

  app.post(
    '/two-factor/disable',
    { schema: { tags, summary: 'Turn the second factor off with a current code', body: twoFactorCodeBodySchema } },
    async (request, reply) => {
      const actor = actorOf(request)
      await twoFactor.disable(app.deps, actor.account, request.ip, request.body.code)
      await recordAudit(db, actor, 'update', 'account', [{ id: actor.account.id, areaId: actor.account.areaId }])
      return reply.status(204).send()
    },
  )

  app.get(
    '/two-factor/accounts',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Accounts in your area that may use a second factor, and whether they do',
        response: { 200: z.array(accountTwoFactorSchema) },
      },
    },
    async (request) => twoFactor.listAccounts(db, actorOf(request)),
  )

  app.delete(
    '/two-factor/accounts/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: "Reset an account's second factor (lost phone); audited", params: idParamsSchema },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { areaId } = await twoFactor.reset(db, actor, request.params.id)
      await recordAudit(db, actor, 'delete', 'account', [{ id: request.params.id, areaId }])
      return reply.status(204).send()
    },
  )
}
