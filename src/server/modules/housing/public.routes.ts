import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  CONFIRM_LIMIT_PER_ADDRESS,
  confirmedRegistrationSchema,
  houseCodeBodySchema,
  otpBodySchema,
  REGISTRATION_LIMIT_PER_ADDRESS,
  REGISTRATION_LIMIT_PER_PROPERTY,
  registrationInputSchema,
  resolvedHouseSchema,
  submittedRegistrationSchema,
} from '../../../shared/schemas/housing-registration.ts'
import { RateLimitedError } from './housing.errors.ts'
import { confirmRegistration, resolveHouse, submitRegistration } from './registration.service.ts'

/**
 * The tenant's public registration (云登记): no account. Limited per network address (the route
 * config) and per property (counted once the code says which property).
 */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['housing (public)']
  const propertyOf = new WeakMap<FastifyRequest, string>()
  const perProperty = app.createRateLimit({
    ...REGISTRATION_LIMIT_PER_PROPERTY,
    keyGenerator: (request) => `house-registration:${propertyOf.get(request)}`,
  })

  app.post(
    '/resolve',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '10 minutes' } },
      schema: {
        tags,
        summary: 'Verify a house code and show its property',
        security: [],
        body: houseCodeBodySchema,
        response: { 200: resolvedHouseSchema },
      },
    },
    async (request) => resolveHouse(app.deps, request.body.code),
  )

  app.post(
    '/registrations',
    {
      config: { public: true, rateLimit: REGISTRATION_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Register as a tenant of the house code’s property; texts a one-time code',
        security: [],
        body: registrationInputSchema,
        response: { 201: submittedRegistrationSchema },
      },
    },
    async (request, reply) => {
      const submitted = await submitRegistration(app.deps, request.body, {
        limitProperty: async (propertyId) => {
          propertyOf.set(request, propertyId)
          const limit = await perProperty(request)
          if (!limit.isAllowed && limit.isExceeded) throw new RateLimitedError()
        },
      })
      return reply.status(201).send(submitted)
    },
  )

  app.post(
    '/registrations/:id/confirm',
    {
      config: { public: true, rateLimit: CONFIRM_LIMIT_PER_ADDRESS },
      schema: {
        tags,
        summary: 'Confirm the phone with the one-time code; the landlord reviews next',
        security: [],
        params: idParamsSchema,
        body: otpBodySchema,
        response: { 200: confirmedRegistrationSchema },
      },
    },
    async (request) => confirmRegistration(app.deps, request.params.id, request.body.otp),
  )
}
