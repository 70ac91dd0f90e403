/**
 * Standing proof (issue 14): every request schema of every route, fuzzed with fast-check.
 * Each route with a body, query or params schema gets arbitrary input (any JSON, any text)
 * and near-valid input (shaped by its own Zod schema, then a few fields dropped, retyped or
 * pushed past their bounds), sent by a role the route admits. No answer may be a 5xx; every
 * 4xx is application/problem+json, and a refused request names the fields it refused.
 * Fixed seed and bounded runs: a failure reproduces, and the file stays well under a minute.
 */
import type { FastifyInstance } from 'fastify'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../src/shared/roles.ts'
import { buildApp, type RouteSeen } from '../../src/server/app.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../db.ts'
import { ROUTES, routeKey } from './route-table.ts'
import { arbitraryOf, asTextRecord, awkwardValue, jsonSchemaOf, nearValidOf } from './schema-arbitrary.ts'
import { createSecurityWorld, type SecurityWorld } from './world.ts'

const SEED = 20_261_208
/** Runs per route: half arbitrary, half near-valid. */
const RUNS_PER_ROUTE = 8
const PARTS = ['body', 'querystring', 'params'] as const
type Part = (typeof PARTS)[number]

/** Lone surrogates cannot be put in a URL; the server would never receive them there. */
const urlSafe = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

describe(`request schemas of every route, fuzzed, on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: SecurityWorld
  const seen = new Map<string, RouteSeen>()
  /** Answers by status class: how deep the fuzz reached (2xx: past validation and the handler). */
  const answered: Record<string, number> = {}

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false, onRoute: (route) => seen.set(routeKey(route.method, route.url), route) })
    world = await createSecurityWorld(ctx.deps, app)
  })
  afterAll(async () => {
    const total = Object.values(answered).reduce((a, b) => a + b, 0)
    console.info(`request fuzz on ${testDatabaseKind()}: ${total} requests, by status class ${JSON.stringify(answered)}`)
    await app?.close()
    await ctx?.close()
  })

  /** A session the route admits: the admin's where allowed, else the first role it names. */
  function cookieFor(route: RouteSeen): string | undefined {
    if (ROUTES[routeKey(route.method, route.url)]?.access === 'public') return undefined
    const roles = route.config?.roles
    const role: Role = !roles || roles.includes('admin') ? 'admin' : roles[0]!
    return world.cookies[role]
  }

  /** Input for each schema'd part: arbitrary (any JSON) or near-valid (from the part's own schema). */
  function inputFor(route: RouteSeen, nearValid: boolean): fc.Arbitrary<Partial<Record<Part, unknown>>> {
    const parts: Partial<Record<Part, fc.Arbitrary<unknown>>> = {}
    for (const part of PARTS) {
      const schema = route.schema?.[part]
      if (!schema) continue
      const json = jsonSchemaOf(schema)
      parts[part] =
        nearValid && json
          ? fc.oneof(nearValidOf(json), arbitraryOf(json))
          : fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 12 }), awkwardValue, { maxKeys: 6 }))
    }
    return fc.record(parts)
  }

  async function send(route: RouteSeen, input: Partial<Record<Part, unknown>>) {
    const params = asTextRecord(input.params)
    const url = route.url.replace(/:(\w+)/g, (_match, name: string) => {
      const value = params[name]
      return encodeURIComponent(urlSafe(typeof value === 'string' ? value : String(value ?? 'x')))
    })
    const query = Object.fromEntries(
      Object.entries(asTextRecord(input.querystring)).map(([k, v]) => [urlSafe(k), Array.isArray(v) ? v.map(urlSafe) : urlSafe(v)]),
    )
    const cookie = cookieFor(route)
    const response = await app.inject({
      method: route.method as 'POST',
      url,
      query,
      headers: cookie ? { cookie } : {},
      ...('body' in input
        ? { payload: JSON.stringify(input.body ?? null), headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' } }
        : {}),
    })
    const statusClass = `${Math.floor(response.statusCode / 100)}xx`
    answered[statusClass] = (answered[statusClass] ?? 0) + 1
    return response
  }

  /** What any answer must be: no 5xx; a 4xx as problem+json; a refused input names its fields. */
  function failureOf(response: Awaited<ReturnType<FastifyInstance['inject']>>): string | null {
    if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 300)}`
    if (response.statusCode < 400) return null
    if (!/^application\/problem\+json/.test(String(response.headers['content-type'])))
      return `${response.statusCode} as ${response.headers['content-type']}`
    const problem = response.json() as { status?: number; code?: string; title?: string; errors?: { field?: unknown; message?: unknown }[] }
    if (problem.status !== response.statusCode || typeof problem.code !== 'string' || typeof problem.title !== 'string')
      return `problem without status/code/title: ${response.body.slice(0, 200)}`
    if (problem.code === 'VALIDATION') {
      if (!problem.errors?.length) return `VALIDATION without field errors: ${response.body.slice(0, 200)}`
      const unnamed = problem.errors.filter((e) => typeof e.field !== 'string' || typeof e.message !== 'string' || e.message.length === 0)
      if (unnamed.length > 0) return `field error without field or message: ${JSON.stringify(unnamed[0])}`
    }
    return null
  }

  describe('what the fuzz found, fixed at the cause', () => {
    it('refuses an occupancy filter beyond any property’s capacity on the minOccupants field (was a 500: int4 out of range)', async () => {
      for (const url of [
        '/api/housing/properties?minOccupants=641197453478934',
        '/api/housing/properties/export?minOccupants=641197453478934',
      ]) {
        const response = await app.inject({ url, headers: { cookie: world.cookies.admin } })
        expect(response.statusCode, response.body).toBe(400)
        expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['minOccupants'])
      }
    })

    it('refuses a decision on an approval level no policy has, on the level field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/subsidies/applications/${world.ids.own.person}/decision`,
        headers: { cookie: world.cookies.admin },
        payload: { decision: 'approve', level: 2 ** 31 },
      })
      expect(response.statusCode, response.body).toBe(400)
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['level'])
    })

    it('answers a path parameter longer than the router takes with a problem+json 414 (was Fastify’s plain JSON)', async () => {
      // (A GET of that length falls through to the web UI's wildcard route instead.)
      const response = await app.inject({
        method: 'POST',
        url: `/api/codes/health/${'a'.repeat(200)}`,
        headers: { cookie: world.cookies.admin, 'accept-language': 'en' },
      })
      expect(response.statusCode).toBe(414)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json()).toMatchObject({ status: 414, code: 'BAD_REQUEST' })
    })
  })

  // Fuzzed: every classified API route with a schema'd part (the others take no input to fuzz;
  // they show as skipped), except the open event stream.
  const fuzzed = Object.keys(ROUTES).filter((key) => ROUTES[key]!.access !== 'stream' && key.includes(' /api/'))

  it.for(fuzzed)('%s answers any input without a 5xx, and refuses as problem+json with field errors', async (key, { skip }) => {
    const route = seen.get(key)
    expect(route, 'route exists').toBeDefined()
    if (!PARTS.some((part) => route!.schema?.[part])) skip('no request schema')
    for (const nearValid of [false, true]) {
      await fc.assert(
        fc.asyncProperty(inputFor(route!, nearValid), async (input) => {
          const response = await send(route!, input)
          const failure = failureOf(response)
          expect(failure, `${key} ${JSON.stringify(input).slice(0, 300)}`).toBeNull()
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE / 2, endOnFailure: true },
      )
    }
  })
})
