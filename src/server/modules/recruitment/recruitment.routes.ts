import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  busInputSchema,
  matchInputSchema,
  pointInputSchema,
  pointListQuerySchema,
  pointListSchema,
  pointSchema,
  postingInputSchema,
  postingListSchema,
  postingSchema,
  recruitmentStatsSchema,
  regionInputSchema,
  revealedPhoneSchema,
  ROLES_IN_RECRUITMENT_MODULE,
  ROLES_MANAGING_RECRUITMENT,
  ROLES_READING_RECRUITMENT,
  seatInputSchema,
  signupListQuerySchema,
  signupListSchema,
  signupSchema,
  signupStateInputSchema,
  teamInputSchema,
  teamListSchema,
  teamSchema,
} from '../../../shared/schemas/recruitment.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as postings from './postings.service.ts'
import * as signups from './signups.service.ts'
import { computeRecruitmentStats } from './stats.service.ts'
import * as teams from './teams.service.ts'

const enterpriseOptionsSchema = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) })

/** Staff side of the drives (/api/recruitment): recruiters and admins run them, leaders read, enterprises post jobs and confirm hires. */
export const recruitmentStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['recruitment']
  const read = { roles: ROLES_READING_RECRUITMENT }
  const manage = { roles: ROLES_MANAGING_RECRUITMENT }
  const posting = { roles: [...ROLES_MANAGING_RECRUITMENT, 'enterprise' as const] }

  app.get(
    '/stats',
    {
      config: read,
      schema: {
        tags,
        summary: 'Progress per team, target region and area node: sign-ups, seats, boarded, hires vs quota',
        response: { 200: recruitmentStatsSchema },
      },
    },
    async (request) => computeRecruitmentStats(app.deps.db, actorOf(request)),
  )

  app.get(
    '/teams',
    {
      config: read,
      schema: { tags, summary: 'Recruitment teams (招工专班) with members and target regions', response: { 200: teamListSchema } },
    },
    async (request) => teams.listTeams(app.deps, actorOf(request)),
  )
  app.post(
    '/teams',
    { config: manage, schema: { tags, summary: 'Create a team', body: teamInputSchema, response: { 201: teamSchema } } },
    async (request, reply) => reply.status(201).send(await teams.createTeam(app.deps, actorOf(request), request.body)),
  )
  app.put(
    '/teams/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Edit a team (regions given are added)',
        params: idParamsSchema,
        body: teamInputSchema,
        response: { 200: teamSchema },
      },
    },
    async (request) => teams.updateTeam(app.deps, actorOf(request), request.params.id, request.body),
  )
  app.post(
    '/teams/:id/regions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a target region to a team',
        params: idParamsSchema,
        body: regionInputSchema,
        response: { 201: teamSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await teams.addRegion(app.deps, actorOf(request), request.params.id, request.body)),
  )

  app.get(
    '/points',
    {
      config: read,
      schema: {
        tags,
        summary: 'Collection points (集合点) with their buses and seats taken',
        querystring: pointListQuerySchema,
        response: { 200: pointListSchema },
      },
    },
    async (request) => teams.listPoints(app.deps, actorOf(request), request.query),
  )
  app.post(
    '/points',
    {
      config: manage,
      schema: { tags, summary: 'Open a collection point in a target region', body: pointInputSchema, response: { 201: pointSchema } },
    },
    async (request, reply) => reply.status(201).send(await teams.createPoint(app.deps, actorOf(request), request.body)),
  )
  app.post(
    '/buses',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Put a return bus (返岗直通车) on a collection point',
        body: busInputSchema,
        response: { 201: pointSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await teams.createBus(app.deps, actorOf(request), request.body)),
  )

  app.get(
    '/postings',
    {
      config: { roles: ROLES_IN_RECRUITMENT_MODULE },
      schema: { tags, summary: 'Job postings (an enterprise sees its own)', response: { 200: postingListSchema } },
    },
    async (request) => postings.listPostings(app.deps, actorOf(request)),
  )
  app.get(
    '/enterprises',
    {
      config: manage,
      schema: { tags, summary: 'Enterprises of the area that staff may post jobs for', response: { 200: enterpriseOptionsSchema } },
    },
    async (request) => postings.listPostingEnterprises(app.deps, actorOf(request)),
  )
  app.post(
    '/postings',
    { config: posting, schema: { tags, summary: 'Post a job', body: postingInputSchema, response: { 201: postingSchema } } },
    async (request, reply) => reply.status(201).send(await postings.createPosting(app.deps, actorOf(request), request.body)),
  )
  app.put(
    '/postings/:id',
    {
      config: posting,
      schema: {
        tags,
        summary: 'Edit, open or close a job posting',
        params: idParamsSchema,
        body: postingInputSchema,
        response: { 200: postingSchema },
      },
    },
    async (request) => postings.updatePosting(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.get(
    '/signups',
    {
      config: { roles: ROLES_IN_RECRUITMENT_MODULE },
      schema: {
        tags,
        summary: 'Sign-ups, phone masked (an enterprise sees those matched to its postings)',
        querystring: signupListQuerySchema,
        response: { 200: signupListSchema },
      },
    },
    async (request) => signups.listSignups(app.deps, actorOf(request), request.query),
  )
  app.get(
    '/signups/:id',
    {
      config: { roles: ROLES_IN_RECRUITMENT_MODULE },
      schema: { tags, summary: 'One sign-up', params: idParamsSchema, response: { 200: signupSchema } },
    },
    async (request) => signups.getSignup(app.deps, actorOf(request), request.params.id),
  )
  app.post(
    '/signups/:id/phone',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Reveal the full phone to call the worker (audited)',
        params: idParamsSchema,
        response: { 200: revealedPhoneSchema },
      },
    },
    async (request) => signups.revealPhone(app.deps, actorOf(request), request.params.id),
  )
  app.post(
    '/signups/:id/state',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Move a sign-up: contacted, boarded, withdrawn',
        params: idParamsSchema,
        body: signupStateInputSchema,
        response: { 200: signupSchema },
      },
    },
    async (request) => signups.changeState(app.deps, actorOf(request), request.params.id, request.body.state),
  )
  app.put(
    '/signups/:id/seat',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Give or move the seat on a bus of its region (409 when full)',
        params: idParamsSchema,
        body: seatInputSchema,
        response: { 200: signupSchema },
      },
    },
    async (request) => signups.assignSeat(app.deps, actorOf(request), request.params.id, request.body.busId),
  )
  app.delete(
    '/signups/:id/seat',
    { config: manage, schema: { tags, summary: 'Cancel the seat (frees it)', params: idParamsSchema, response: { 200: signupSchema } } },
    async (request) => signups.cancelSeat(app.deps, actorOf(request), request.params.id),
  )
  app.put(
    '/signups/:id/posting',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Match a sign-up to a job posting',
        params: idParamsSchema,
        body: matchInputSchema,
        response: { 200: signupSchema },
      },
    },
    async (request) => signups.matchPosting(app.deps, actorOf(request), request.params.id, request.body.jobPostingId),
  )
  app.post(
    '/signups/:id/hire',
    {
      config: { roles: ['enterprise'] },
      schema: { tags, summary: 'The enterprise confirms the hire (idempotent)', params: idParamsSchema, response: { 200: signupSchema } },
    },
    async (request) => signups.confirmHire(app.deps, actorOf(request), request.params.id),
  )
}
