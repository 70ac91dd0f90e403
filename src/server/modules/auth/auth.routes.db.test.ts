import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, TEST_PASSWORD } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { THROTTLE_RULES } from './login-throttle.ts'

describe(`auth routes on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const attempt = (username: string, password: string, ip = '10.1.1.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip })

  it('signs in, knows who you are, and stores only a hash of the session token', async () => {
    await createTestAccount(ctx.deps, 'alice', 'grid_worker', tree.villageA.id)
    const response = await attempt('alice', TEST_PASSWORD)
    expect(response.statusCode).toBe(200)
    const token = response.cookies.find((c) => c.name === 'gl_session')!
    expect(token.httpOnly).toBe(true)
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `gl_session=${token.value}` } })
    expect(me.json()).toMatchObject({ username: 'alice', role: 'grid_worker', areaName: '蛎灰窑经合社' })
    const stored = await ctx.deps.db.selectFrom('session').select('id').execute()
    expect(stored.map((s) => s.id)).not.toContain(token.value)
  })

  it('ends the session on the server at logout', async () => {
    await createTestAccount(ctx.deps, 'bob', 'guard', tree.villageA.id)
    const cookie = await login(app, 'bob')
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204)
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(after.statusCode).toBe(401)
    expect(after.json()).toMatchObject({ code: 'AUTH_REQUIRED', status: 401 })
  })

  it('answers the same for an unknown user and a wrong password', async () => {
    await createTestAccount(ctx.deps, 'carol', 'doctor', tree.street.id)
    const unknown = await attempt('nobody', 'whatever1234', '10.1.1.2')
    const wrong = await attempt('carol', 'wrong-password-1', '10.1.1.2')
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(unknown.json().code).toBe(wrong.json().code)
  })

  it('ten wrong passwords from one address do not stop the right password from another', async () => {
    await createTestAccount(ctx.deps, 'dave', 'guard', tree.villageA.id)
    const answers = []
    for (let i = 0; i < 10; i++) answers.push(await attempt('dave', 'wrong-password-1', '10.2.0.1'))
    // the guessing address is slowed after a few failures, with a delay to wait…
    const free = THROTTLE_RULES.pair.free
    expect(answers.slice(0, free).map((a) => a.statusCode)).toEqual(Array(free).fill(401))
    for (const slowed of answers.slice(free + 1)) {
      expect(slowed.statusCode).toBe(429)
      expect(slowed.json()).toMatchObject({ code: 'AUTH_THROTTLED' })
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0)
    }
    // …the guard at the gate is not.
    expect((await attempt('dave', TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200)
  })

  it('slows unknown usernames exactly like known ones, so the answers tell nobody who exists', async () => {
    await createTestAccount(ctx.deps, 'gina', 'guard', tree.villageA.id)
    const run = async (username: string, ip: string) => {
      const out: string[] = []
      for (let i = 0; i < THROTTLE_RULES.pair.free + 1; i++) {
        const response = await attempt(username, 'wrong-password-1', ip)
        out.push(`${response.statusCode} ${response.json().code}`)
      }
      return out
    }
    expect(await run('nobody-here', '10.3.0.1')).toEqual(await run('gina', '10.3.0.2'))
  })

  it('counts a parallel burst of failures exactly', async () => {
    await createTestAccount(ctx.deps, 'hank', 'guard', tree.villageA.id)
    await Promise.all(Array.from({ length: 8 }, () => attempt('hank', 'wrong-password-1', '10.4.0.1')))
    const rows = await ctx.deps.db.selectFrom('login_throttle').select(['failures']).execute()
    expect(rows.map((row) => row.failures)).toContain(8)
  })

  it('slows a username guessed from many addresses, except from an address it signed in from before', async () => {
    await createTestAccount(ctx.deps, 'ivan', 'guard', tree.villageA.id)
    expect((await attempt('ivan', TEST_PASSWORD, '10.5.9.9')).statusCode).toBe(200)
    for (let i = 0; i <= THROTTLE_RULES.account.free; i++) await attempt('ivan', 'wrong-password-1', `10.5.1.${i}`)
    expect((await attempt('ivan', TEST_PASSWORD, '10.5.2.1')).statusCode).toBe(429)
    expect((await attempt('ivan', TEST_PASSWORD, '10.5.9.9')).statusCode).toBe(200)
  })

  it('rate-limits sign-in attempts from one address', async () => {
    const statuses: number[] = []
    // different names each time: the per-address request limit, not the failure throttle
    for (let i = 0; i < 12; i++) statuses.push((await attempt(`nobody${i}`, 'whatever1234', '10.9.9.9')).statusCode)
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
    const limited = await attempt('nobody', 'whatever1234', '10.9.9.9')
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/)
    // another address is not affected
    expect((await attempt('nobody', 'whatever1234', '10.9.9.10')).statusCode).toBe(401)
  })

  it('refuses a role that may not use a route', async () => {
    await createTestAccount(ctx.deps, 'erin', 'guard', tree.villageA.id)
    const cookie = await login(app, 'erin')
    const response = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } })
    expect(response.statusCode).toBe(403)
  })
})
