import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  eligibilityListSchema,
  eligibilityQuerySchema,
  policyBudgetSchema,
  policyCreateSchema,
  policyDetailSchema,
  policyListQuerySchema,
  policyListSchema,
  policyStateInputSchema,
  policyVersionInputSchema,
  ROLES_IN_SUBSIDY_MODULE,
  ROLES_RUNNING_SUBSIDIES,
} from '../../../shared/schemas/subsidies.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { localeOf } from '../../http/problem.ts'
import * as service from './policies.service.ts'

/** Policies (/api/subsidies/policies) and eligibility (/api/subsidies/eligibility). */
export const policyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['subsidies']

  app.get(
    '/policies',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: {
        tags,
        summary: 'Subsidy policies serving the caller’s area (enterprises: published only)',
        querystring: policyListQuerySchema,
        response: { 200: policyListSchema },
      },
    },
    async (request) => service.listPolicies(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/policies',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Create a policy (draft) with its first version',
        body: policyCreateSchema,
        response: { 201: policyDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPolicy(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/policies/:id',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: { tags, summary: 'One policy with all its versions', params: idParamsSchema, response: { 200: policyDetailSchema } },
    },
    async (request) => service.getPolicy(app.deps, actorOf(request), request.params.id),
  )

  app.post(
    '/policies/:id/versions',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Save an edit as a new version (earlier applications keep theirs)',
        params: idParamsSchema,
        body: policyVersionInputSchema,
        response: { 200: policyDetailSchema },
      },
    },
    async (request) => service.addVersion(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.put(
    '/policies/:id/budget',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Change the budget (never below what is approved)',
        params: idParamsSchema,
        body: policyBudgetSchema,
        response: { 200: policyDetailSchema },
      },
    },
    async (request) => service.setBudget(app.deps, actorOf(request), request.params.id, request.body.budgetFen),
  )

  app.post(
    '/policies/:id/state',
    {
      config: { roles: ROLES_RUNNING_SUBSIDIES },
      schema: {
        tags,
        summary: 'Publish, close or reopen a policy',
        params: idParamsSchema,
        body: policyStateInputSchema,
        response: { 200: policyDetailSchema },
      },
    },
    async (request) => service.setPolicyState(app.deps, actorOf(request), request.params.id, request.body.state),
  )

  app.get(
    '/eligibility',
    {
      config: { roles: ROLES_IN_SUBSIDY_MODULE },
      schema: {
        tags,
        summary: 'Every published policy open to an enterprise, each rule explained',
        querystring: eligibilityQuerySchema,
        response: { 200: eligibilityListSchema },
      },
    },
    async (request) => service.listEligibility(app.deps, actorOf(request), request.query.enterpriseId, localeOf(request)),
  )
}
