/**
 * Standing proof (issue 14): the access matrix, generated from the app's own route table.
 * Every route × every role (signed in, village A) × own area / neighbour area / other
 * enterprise ids in its path, plus every route without a session. It proves: no answer is a
 * 5xx; no answer to a village-A account carries the neighbour area's personal data or another
 * enterprise's private records; every route not listed as public in route-table.ts answers 401
 * without a session. A route added without a line in route-table.ts fails the first test.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../src/shared/roles.ts'
import { buildApp, type RouteSeen } from '../../src/server/app.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../db.ts'
import { personInput } from '../factories.ts'
import { ROUTES, routeKey, type ParamKind } from './route-table.ts'
import { arbitraryOf, jsonSchemaOf } from './schema-arbitrary.ts'
import { createSecurityWorld, type SecurityWorld, type Vantage } from './world.ts'

const VANTAGES: Vantage[] = ['own', 'neighbour', 'otherEnterprise']
const SEED = 20_261_208
/** Routes that end the session they are called with: the role gets a fresh one afterwards. */
const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/sessions/sign-out-all'])

describe(`access matrix over every route on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: SecurityWorld
  const seen = new Map<string, RouteSeen>()
  let checked = 0

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false, onRoute: (route) => seen.set(routeKey(route.method, route.url), route) })
    world = await createSecurityWorld(ctx.deps, app)
  })
  afterAll(async () => {
    console.info(
      `access matrix on ${testDatabaseKind()}: ${checked} requests over ${seen.size} routes × ${ROLES.length} roles × ${VANTAGES.length} vantages`,
    )
    await app?.close()
    await ctx?.close()
  })

  it('has every route of the app classified in route-table.ts, and public exactly where the route says so', () => {
    const unclassified = [...seen.keys()].filter((key) => !ROUTES[key])
    const stale = Object.keys(ROUTES).filter((key) => !seen.has(key))
    expect(unclassified, 'new routes: add each to test/security/route-table.ts').toEqual([])
    expect(stale, 'routes that no longer exist').toEqual([])
    const disagreeing = [...seen].filter(([key, route]) => {
      const open = route.config?.public === true || !route.url.startsWith('/api/')
      return open !== (ROUTES[key]!.access === 'public')
    })
    expect(
      disagreeing.map(([key]) => key),
      'public in route-table.ts ⇔ config.public (or outside /api)',
    ).toEqual([])
  })

  /**
   * A body that passes validation where one can be drawn (so a write with a neighbour's id
   * reaches the scope check, not just the schema): the person form by hand, since its ID number
   * carries a check character, else one value drawn from the route's own schema.
   */
  function bodyFor(key: string, route: RouteSeen): unknown {
    if (key === 'PUT /api/people/:id') return personInput(world.areas.own, { name: '越权改名' })
    const schema = jsonSchemaOf(route.schema?.body)
    return schema ? fc.sample(arbitraryOf(schema), { seed: SEED, numRuns: 1 })[0] : {}
  }

  function pathFor(url: string, params: Record<string, ParamKind>, vantage: Vantage): string {
    return url.replace(/:(\w+)/g, (_match, name: string) => {
      const kind = params[name] ?? 'unseeded'
      if (kind === 'token') return randomBytes(24).toString('base64url')
      if (kind === 'year') return '2027'
      return world.ids[vantage][kind] ?? randomUUID()
    })
  }

  async function probe(key: string, cookie: string | undefined, vantage: Vantage) {
    const route = seen.get(key)!
    const { params } = ROUTES[key]!
    const url = pathFor(route.url.replace('/*', '/index.html'), params, vantage)
    const response = await app.inject({
      method: route.method as 'GET',
      url,
      headers: cookie ? { cookie } : {},
      ...(route.schema?.body
        ? {
            payload: JSON.stringify(bodyFor(key, route) ?? {}),
            headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
          }
        : {}),
    })
    checked++
    return { url, response }
  }

  it('probes with sessions that work and markers that a permitted reader does see', async () => {
    const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } })
    const own = await get(`/api/people/${world.ids.own.person}`, world.cookies.grid_worker)
    expect(own.statusCode, own.body).toBe(200)
    expect((await get(`/api/enterprise/problems/${world.ids.own.problem}`, world.cookies.enterprise)).statusCode).toBe(200)
    // The person body the matrix sends is a valid one: on the neighbour's id only the scope stops it.
    const edit = await app.inject({
      method: 'PUT',
      url: `/api/people/${world.ids.own.person}`,
      headers: { cookie: world.cookies.grid_worker },
      payload: personInput(world.areas.own, { name: '本村张三' }),
    })
    expect(edit.statusCode, edit.body).toBeLessThan(300)
    const people = await get('/api/people?pageSize=100', world.rootCookie)
    const problems = await get(`/api/enterprise/problems/${world.ids.neighbour.problem}`, world.rootCookie)
    const sameArea = await get(`/api/enterprise/problems/${world.ids.otherEnterprise.problem}`, world.rootCookie)
    expect(people.body).toContain(world.foreignMarkers[0])
    expect(problems.body).toContain('邻村企业乙的机密问题')
    expect(sameArea.body).toContain('同村企业丙的机密问题')
  })

  it.each(Object.keys(ROUTES).filter((key) => ROUTES[key]!.access !== 'public'))('%s answers 401 without a session', async (key) => {
    const { response } = await probe(key, undefined, 'own')
    expect(response.statusCode, response.body).toBe(401)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  })

  it.each(Object.keys(ROUTES).filter((key) => ROUTES[key]!.access === 'public'))(
    '%s (public) answers without a session and without a 5xx',
    async (key) => {
      const { response } = await probe(key, undefined, 'own')
      expect(response.statusCode, response.body).toBeLessThan(500)
    },
  )

  it.each(Object.keys(ROUTES))('%s: every role, from every vantage, gets no 5xx and no foreign data', async (key) => {
    const { access, params } = ROUTES[key]!
    const route = seen.get(key)!
    const vantages: Vantage[] = Object.keys(params).length > 0 ? VANTAGES : ['own']
    const failures: string[] = []
    for (const role of ROLES) {
      if (access === 'stream') {
        // An allowed role would open a stream that never ends; a refused one must be refused.
        if (!route.config?.roles || route.config.roles.includes(role)) continue
        const { response } = await probe(key, world.cookies[role], 'own')
        if (response.statusCode !== 403) failures.push(`${role}: ${response.statusCode} instead of 403`)
        continue
      }
      for (const vantage of vantages) {
        const { url, response } = await probe(key, world.cookies[role], vantage)
        if (ENDS_SESSION.has(key)) world.cookies[role] = await world.freshCookie(role)
        const where = `${role} ${vantage} ${route.method} ${url}`
        if (response.statusCode >= 500) failures.push(`${where}: ${response.statusCode} ${response.body.slice(0, 200)}`)
        const forbidden = role === 'enterprise' ? [...world.foreignMarkers, ...world.otherEnterpriseMarkers] : world.foreignMarkers
        for (const marker of forbidden) if (response.body.includes(marker)) failures.push(`${where}: answer contains ${marker}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('leaves the neighbour area’s person as it was after every role tried every route on it', async () => {
    const person = await ctx.deps.db
      .selectFrom('person')
      .select(['id', 'updated_at', 'created_at'])
      .where('id', '=', world.ids.neighbour.person!)
      .executeTakeFirst()
    expect(person, 'the neighbour’s person still exists').toBeDefined()
    expect(person!.updated_at.getTime()).toBe(person!.created_at.getTime())
  })
})
