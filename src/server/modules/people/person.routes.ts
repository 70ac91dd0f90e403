import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ID_DOCUMENT_TYPES } from '../../../shared/id-document.ts'
import { ROLES_EDITING_PEOPLE, ROLES_READING_PEOPLE, ROLES_SEEING_FULL_IDENTITY } from '../../../shared/roles.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import {
  personIdentitySchema,
  personInputSchema,
  personListQuerySchema,
  personListSchema,
  personSchema,
  personUpdateSchema,
} from '../../../shared/schemas/person.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import * as service from './person.service.ts'

/** Every route here goes through the area scope in person.repository.ts. */
export const personRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['people']

  app.get(
    '/',
    {
      config: { roles: ROLES_READING_PEOPLE },
      schema: {
        tags,
        summary: 'List and search people in your area',
        querystring: personListQuerySchema,
        response: { 200: personListSchema },
      },
    },
    async (request) => service.listPeople(app.deps, actorOf(request), request.query),
  )

  app.post(
    '/',
    {
      config: { roles: ROLES_EDITING_PEOPLE },
      schema: { tags, summary: 'Register a resident or new resident', body: personInputSchema, response: { 201: personSchema } },
    },
    async (request, reply) => reply.status(201).send(await service.createPerson(app.deps, actorOf(request), request.body)),
  )

  app.post(
    '/lookup',
    {
      config: { roles: ROLES_READING_PEOPLE },
      schema: {
        tags,
        summary: 'Find a person by ID document (sent in the body so it stays out of URLs and logs)',
        body: z.object({ idType: z.enum(ID_DOCUMENT_TYPES), idNumber: z.string().trim().min(1).max(40) }),
        response: { 200: personSchema },
      },
    },
    async (request) => service.lookupPerson(app.deps, actorOf(request), request.body.idType, request.body.idNumber),
  )

  app.get(
    '/:id',
    {
      config: { roles: ROLES_READING_PEOPLE },
      schema: { tags, summary: 'One person, identity masked', params: idParamsSchema, response: { 200: personSchema } },
    },
    async (request) => service.getPerson(app.deps, actorOf(request), request.params.id),
  )

  app.get(
    '/:id/identity',
    {
      config: { roles: ROLES_SEEING_FULL_IDENTITY },
      schema: { tags, summary: 'Full ID number and phone (audited)', params: idParamsSchema, response: { 200: personIdentitySchema } },
    },
    async (request) => service.revealIdentity(app.deps, actorOf(request), request.params.id),
  )

  app.put(
    '/:id',
    {
      config: { roles: ROLES_EDITING_PEOPLE },
      schema: {
        tags,
        summary: 'Change a person (without idNumber/phone the stored ones stay)',
        params: idParamsSchema,
        body: personUpdateSchema,
        response: { 200: personSchema },
      },
    },
    async (request) => service.updatePerson(app.deps, actorOf(request), request.params.id, request.body),
  )

  app.delete(
    '/:id',
    {
      config: { roles: ROLES_EDITING_PEOPLE },
      schema: { tags, summary: 'Remove a person', params: idParamsSchema },
    },
    async (request, reply) => {
      await service.deletePerson(app.deps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )
}
