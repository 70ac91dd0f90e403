import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ME_OTP_LIMIT_PER_ADDRESS,
  ME_OTP_LIMIT_PER_PHONE,
  ME_READ_LIMIT_PER_ADDRESS,
  ME_SESSION_DAYS,
  ME_VERIFY_LIMIT_PER_ADDRESS,
  meHealthCodeSchema,
  meLinkIssuedSchema,
  meLinkTokenSchema,
  meOtpRequestSchema,
  meOtpSentSchema,
  meOtpVerifySchema,
  mePersonParamsSchema,
  meSignedInSchema,
  meViewSchema,
  ROLES_ISSUING_ME_LINKS,
} from '../../../shared/schemas/resident.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { publicLink } from '../../http/public-url.ts'
import { issueMeLink } from './links.service.ts'
import { MeRateLimitedError } from './resident.errors.ts'
import * as service from './resident.service.ts'

/** The phone's session cookie: only sent to these routes, never readable by scripts. */
export const ME_COOKIE = 'gl_me'
const ME_COOKIE_PATH = '/api/public/me'

/**
 * The resident's own page (/me), public: no staff account. Limited per network address (route
 * config) and, for one-time codes, per phone number.
 */
export const residentPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['me (public)']
  const secure = app.deps.config.nodeEnv === 'production'
  const phoneOf = new WeakMap<FastifyRequest, string>()
  const perPhone = app.createRateLimit({ ...ME_OTP_LIMIT_PER_PHONE, keyGenerator: (request) => `me-otp:${phoneOf.get(request)}` })
  const tokenOf = (request: FastifyRequest) => request.cookies[ME_COOKIE]
  const setSession = (reply: FastifyReply, token: string | undefined) => {
    if (token)
      reply.setCookie(ME_COOKIE, token, {
        path: ME_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure,
        maxAge: ME_SESSION_DAYS * 86_400,
      })
  }

  app.post(
    '/otp',
    {
      config: { public: true, rateLimit: ME_OTP_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Text a one-time code to a phone (the same answer whether or not it is registered)',
        security: [],
        body: meOtpRequestSchema,
        response: { 200: meOtpSentSchema },
      },
    },
    async (request) =>
      service.requestOtp(app.deps, request.body.phone, {
        limitPhone: async (phoneIndex) => {
          phoneOf.set(request, phoneIndex)
          const limit = await perPhone(request)
          if (!limit.isAllowed && limit.isExceeded) throw new MeRateLimitedError()
        },
      }),
  )

  app.post(
    '/otp/verify',
    {
      config: { public: true, rateLimit: ME_VERIFY_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Sign in, or add the people of another phone, with its one-time code',
        security: [],
        body: meOtpVerifySchema,
        response: { 200: meSignedInSchema },
      },
    },
    async (request, reply) => {
      const signed = await service.verifyOtp(app.deps, request.body, tokenOf(request))
      setSession(reply, signed.token)
      return { added: signed.added, view: await service.viewSession(app.deps, undefined, new Date(), signed.sessionId) }
    },
  )

  app.post(
    '/link',
    {
      config: { public: true, rateLimit: ME_VERIFY_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Sign in, or add a person, with their personal link',
        security: [],
        body: meLinkTokenSchema,
        response: { 200: meSignedInSchema },
      },
    },
    async (request, reply) => {
      const signed = await service.signInWithLink(app.deps, request.body.token, tokenOf(request))
      setSession(reply, signed.token)
      return { added: signed.added, view: await service.viewSession(app.deps, undefined, new Date(), signed.sessionId) }
    },
  )

  app.get(
    '/',
    {
      config: { public: true, rateLimit: ME_READ_LIMIT_PER_ADDRESS },
      schema: { tags, summary: 'The people this phone holds, their colour and house code', security: [], response: { 200: meViewSchema } },
    },
    async (request) => service.viewSession(app.deps, tokenOf(request)),
  )

  app.post(
    '/people/:personId/health-code',
    {
      config: { public: true, rateLimit: ME_READ_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'A fresh signed health code for a person this phone holds',
        security: [],
        params: mePersonParamsSchema,
        response: { 200: meHealthCodeSchema },
      },
    },
    async (request) => service.issueCodeForPhone(app.deps, tokenOf(request), request.params.personId, request.ip),
  )

  app.delete(
    '/people/:personId',
    {
      config: { public: true, rateLimit: ME_READ_LIMIT_PER_ADDRESS },
      schema: { tags, summary: 'Stop holding a person on this phone', security: [], params: mePersonParamsSchema },
    },
    async (request, reply) => {
      await service.removePerson(app.deps, tokenOf(request), request.params.personId)
      return reply.status(204).send()
    },
  )

  app.post(
    '/sign-out',
    { config: { public: true, rateLimit: ME_READ_LIMIT_PER_ADDRESS }, schema: { tags, summary: 'Sign this phone out', security: [] } },
    async (request, reply) => {
      await service.signOut(app.deps, tokenOf(request))
      reply.clearCookie(ME_COOKIE, { path: ME_COOKIE_PATH })
      return reply.status(204).send()
    },
  )
}

/** Staff: a person's personal link for /me, printable as a QR (the person drawer). */
export const residentLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/:personId',
    {
      config: { roles: ROLES_ISSUING_ME_LINKS },
      schema: {
        tags: ['me links'],
        summary: 'Issue (or re-issue) a person’s personal link; the old one stops working',
        params: mePersonParamsSchema,
        response: { 201: meLinkIssuedSchema },
      },
    },
    async (request, reply) => {
      const issued = await issueMeLink(app.deps, actorOf(request), request.params.personId)
      return reply
        .status(201)
        .send({ link: publicLink(app.deps.config, issued.path, request), issuedAt: issued.issuedAt, replaced: issued.replaced })
    },
  )
}
