import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'

describe(`security headers and cross-site requests on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let cookie: string
  let tree: Awaited<ReturnType<typeof createAreaTree>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    cookie = await login(app, 'worker')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it.each(['/', '/api/auth/me', '/api/no-such-route'])('GET %s carries CSP, frame, sniffing and referrer headers', async (url) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } })
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/)
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    // Plain http: HSTS would be ignored, and must not pin a LAN address.
    expect(response.headers['strict-transport-security']).toBeUndefined()
  })

  it('sends HSTS when the request came over TLS', async () => {
    const tls = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, trustProxy: true } }, { logger: false })
    const response = await tls.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } })
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d{8}/)
    await tls.close()
  })

  const createPerson = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(personInput(tree.villageA.id)),
    })

  it('refuses a state-changing request from another site even with the session cookie, and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const fromEvil = await createPerson({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'accept-language': 'en' })
    expect(fromEvil.statusCode).toBe(403)
    expect(fromEvil.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST', title: expect.stringMatching(/another site/) })
    // An older browser that sends Origin but no Sec-Fetch-Site, with a text/plain "simple" body.
    const oldBrowser = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
      payload: JSON.stringify(personInput(tree.villageA.id)),
    })
    expect(oldBrowser.statusCode).toBe(403)
    expect(await count()).toBe(before)
  })

  it('lets the platform’s own pages and non-browser clients write', async () => {
    expect((await createPerson({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' })).statusCode).toBe(201)
    expect((await createPerson({ origin: 'http://localhost:80' })).statusCode).toBe(201)
    expect((await createPerson({})).statusCode).toBe(201)
  })
})
