import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, TEST_PASSWORD } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { base32Decode, hotp, timeStep } from '../../crypto/totp.ts'
import { THROTTLE_RULES } from './login-throttle.ts'

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50'

describe(`account security routes on ${testDatabaseKind()}`, () => {
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

  // a fresh address per sign-in unless a test means one: the per-address limit (10 a minute) is another test's
  let addresses = 0
  const signIn = (username: string, options: { ip?: string; userAgent?: string; code?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD, ...(options.code ? { code: options.code } : {}) },
      remoteAddress: options.ip ?? `10.99.${Math.floor(++addresses / 250)}.${addresses % 250}`,
      headers: options.userAgent ? { 'user-agent': options.userAgent } : {},
    })
  const cookieOf = (response: Awaited<ReturnType<typeof signIn>>) => {
    expect(response.statusCode, response.body).toBe(200)
    return `gl_session=${response.cookies.find((c) => c.name === 'gl_session')!.value}`
  }
  const call = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const isSignedIn = async (cookie: string) => (await call(cookie, 'GET', '/api/auth/me')).statusCode === 200

  describe('sessions', () => {
    it('lists your sessions with browser, address and times, marks this one, and signs out another', async () => {
      await createTestAccount(ctx.deps, 'sam', 'grid_worker', tree.villageA.id)
      const office = cookieOf(await signIn('sam', { ip: '10.20.1.1', userAgent: CHROME_WINDOWS }))
      const phone = cookieOf(await signIn('sam', { ip: '10.20.1.2', userAgent: WECHAT_IPHONE }))

      const listed = (await call(office, 'GET', '/api/auth/sessions')).json()
      expect(listed).toHaveLength(2)
      const mine = listed.find((s: { current: boolean }) => s.current)
      expect(mine).toMatchObject({ browser: 'Chrome 131', os: 'Windows', ip: '10.20.1.1' })
      const other = listed.find((s: { current: boolean }) => !s.current)
      expect(other).toMatchObject({ browser: 'WeChat 8.0', os: 'iPhone', ip: '10.20.1.2' })
      expect(Date.parse(other.createdAt)).not.toBeNaN()
      expect(Date.parse(other.lastSeenAt)).not.toBeNaN()

      expect((await call(office, 'DELETE', `/api/auth/sessions/${encodeURIComponent(other.id)}`)).statusCode).toBe(204)
      expect(await isSignedIn(phone)).toBe(false)
      expect(await isSignedIn(office)).toBe(true)
      expect((await call(office, 'GET', '/api/auth/sessions')).json()).toHaveLength(1)
    })

    it("cannot sign out someone else's session", async () => {
      await createTestAccount(ctx.deps, 'tess', 'grid_worker', tree.villageA.id)
      await createTestAccount(ctx.deps, 'uma', 'grid_worker', tree.villageA.id)
      const tess = cookieOf(await signIn('tess'))
      const uma = cookieOf(await signIn('uma'))
      const umaSession = (await call(uma, 'GET', '/api/auth/sessions')).json()[0].id
      const refused = await call(tess, 'DELETE', `/api/auth/sessions/${encodeURIComponent(umaSession)}`)
      expect(refused.statusCode).toBe(404)
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(await isSignedIn(uma)).toBe(true)
    })

    it('signs out everywhere else, keeping this browser', async () => {
      await createTestAccount(ctx.deps, 'vera', 'doctor', tree.street.id)
      const [here, second, third] = [cookieOf(await signIn('vera')), cookieOf(await signIn('vera')), cookieOf(await signIn('vera'))]
      expect((await call(here, 'POST', '/api/auth/sessions/sign-out-others')).json()).toEqual({ ended: 2 })
      expect([await isSignedIn(here), await isSignedIn(second), await isSignedIn(third)]).toEqual([true, false, false])
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('username', '=', 'vera')
        .where('action', '=', 'logout')
        .execute()
      expect(audit).toHaveLength(1)
    })

    it('signs out everywhere, this browser too', async () => {
      await createTestAccount(ctx.deps, 'walt', 'doctor', tree.street.id)
      const here = cookieOf(await signIn('walt'))
      const there = cookieOf(await signIn('walt'))
      const response = await call(here, 'POST', '/api/auth/sessions/sign-out-all')
      expect(response.statusCode).toBe(204)
      expect(response.cookies.find((c) => c.name === 'gl_session')?.value).toBe('')
      expect([await isSignedIn(here), await isSignedIn(there)]).toEqual([false, false])
    })
  })

  describe('two-factor', () => {
    /** Enrols through the API and returns the secret and the step of the confirming code. */
    const enrol = async (cookie: string) => {
      const started = await call(cookie, 'POST', '/api/auth/two-factor/enrolment')
      expect(started.statusCode).toBe(201)
      const { secret, otpauthUri } = started.json() as { secret: string; otpauthUri: string }
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Gridline:.*secret=[A-Z2-7]+.*algorithm=SHA1&digits=6&period=30$/)
      const key = base32Decode(secret)
      const step = timeStep(new Date())
      const confirmed = await call(cookie, 'POST', '/api/auth/two-factor/confirmation', { code: hotp(key, step) })
      expect(confirmed.statusCode, confirmed.body).toBe(200)
      return { key, step, secret, recoveryCodes: confirmed.json().recoveryCodes as string[] }
    }

    it('enrol → sign-in needs the code → wrong code refused → replay refused → a recovery code works once', async () => {
      await createTestAccount(ctx.deps, 'pam', 'policy_officer', tree.otherDistrict.id)
      const cookie = cookieOf(await signIn('pam'))
      const { key, step, secret, recoveryCodes } = await enrol(cookie)
      expect(recoveryCodes).toHaveLength(10)
      expect(new Set(recoveryCodes).size).toBe(10)

      // the secret is sealed at rest, the recovery codes kept only as keyed hashes
      const stored = await ctx.deps.db.selectFrom('account_totp').select('secret_sealed').executeTakeFirstOrThrow()
      expect(stored.secret_sealed).toMatch(/^v1\./)
      expect(stored.secret_sealed).not.toContain(secret)
      const hashes = await ctx.deps.db.selectFrom('totp_recovery_code').select('code_hash').execute()
      expect(hashes.map((h) => h.code_hash)).not.toContain(recoveryCodes[0])

      const ip = '10.30.0.1'
      const noCode = await signIn('pam', { ip })
      expect(noCode.statusCode).toBe(401)
      expect(noCode.json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_REQUIRED' })
      expect(noCode.cookies.find((c) => c.name === 'gl_session')).toBeUndefined()

      const wrong = String((Number(hotp(key, step + 1)) + 1) % 1_000_000).padStart(6, '0')
      expect((await signIn('pam', { ip, code: wrong })).json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })
      // the code that confirmed the enrolment was used: replaying it is refused
      expect((await signIn('pam', { ip, code: hotp(key, step) })).json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })

      // not used yet: the next step's code, or the current one if the clock has moved on
      const next = hotp(key, Math.max(step + 1, timeStep(new Date())))
      cookieOf(await signIn('pam', { ip, code: next }))
      expect((await signIn('pam', { ip, code: next })).json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })

      // a recovery code, typed in capitals without its dash, works once
      const recovery = recoveryCodes[3]!.replace('-', '').toUpperCase()
      cookieOf(await signIn('pam', { ip, code: recovery }))
      expect((await signIn('pam', { ip, code: recovery })).json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })
      expect((await call(cookie, 'GET', '/api/auth/two-factor')).json()).toMatchObject({
        available: true,
        enabled: true,
        recoveryCodesLeft: 9,
      })
    })

    it('slows guessed codes like guessed passwords', async () => {
      await createTestAccount(ctx.deps, 'quinn', 'admin', tree.city.id)
      const { key, step } = await enrol(cookieOf(await signIn('quinn')))
      const ip = '10.31.0.1'
      const guesses = []
      for (let i = 0; i <= THROTTLE_RULES.pair.free; i++) guesses.push((await signIn('quinn', { ip, code: '000000' })).statusCode)
      expect(guesses).toEqual(Array(THROTTLE_RULES.pair.free + 1).fill(401))
      const blocked = await signIn('quinn', { ip, code: hotp(key, step + 1) })
      expect(blocked.statusCode).toBe(429)
      expect(blocked.json()).toMatchObject({ code: 'AUTH_THROTTLED' })
    })

    it('is offered to admin and policy roles only, and a confirmation needs six digits', async () => {
      await createTestAccount(ctx.deps, 'rita', 'grid_worker', tree.villageA.id)
      const cookie = cookieOf(await signIn('rita'))
      expect((await call(cookie, 'GET', '/api/auth/two-factor')).json()).toMatchObject({ available: false, enabled: false })
      expect((await call(cookie, 'POST', '/api/auth/two-factor/enrolment')).json()).toMatchObject({
        code: 'TWO_FACTOR_NOT_AVAILABLE',
        status: 403,
      })
      const malformed = await call(cookie, 'POST', '/api/auth/two-factor/confirmation', { code: '12ab' })
      expect(malformed.statusCode).toBe(400)
      expect(JSON.stringify(malformed.json())).toContain('code')
    })

    it('turns off only with a current code, then the password alone signs in', async () => {
      await createTestAccount(ctx.deps, 'olga', 'policy_officer', tree.otherDistrict.id)
      const cookie = cookieOf(await signIn('olga'))
      const { key, step, recoveryCodes } = await enrol(cookie)
      const refused = await call(cookie, 'POST', '/api/auth/two-factor/disable', { code: '000000' })
      expect(refused.json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })
      expect((await call(cookie, 'POST', '/api/auth/two-factor/disable', { code: recoveryCodes[0]! })).statusCode).toBe(400)
      expect((await call(cookie, 'POST', '/api/auth/two-factor/disable', { code: hotp(key, step + 1) })).statusCode).toBe(204)
      cookieOf(await signIn('olga', { ip: '10.32.0.1' }))
    })

    it('the admin sees who has it and resets it for an account in their area, audited', async () => {
      await createTestAccount(ctx.deps, 'nina', 'policy_officer', tree.otherDistrict.id)
      await createTestAccount(ctx.deps, 'root', 'admin', tree.city.id)
      await createTestAccount(ctx.deps, 'localadmin', 'admin', tree.street.id)
      const ninaCookie = cookieOf(await signIn('nina'))
      await enrol(ninaCookie)
      const admin = cookieOf(await signIn('root'))
      const listed = (await call(admin, 'GET', '/api/auth/two-factor/accounts')).json() as {
        id: string
        username: string
        enabledAt: string | null
      }[]
      const nina = listed.find((a) => a.username === 'nina')!
      expect(nina.enabledAt).not.toBeNull()
      expect(listed.find((a) => a.username === 'root')?.enabledAt).toBeNull()

      // an admin of another area neither sees nor resets it
      const local = cookieOf(await signIn('localadmin'))
      expect(
        ((await call(local, 'GET', '/api/auth/two-factor/accounts')).json() as { username: string }[]).map((a) => a.username),
      ).not.toContain('nina')
      expect((await call(local, 'DELETE', `/api/auth/two-factor/accounts/${nina.id}`)).statusCode).toBe(404)
      // nor does a policy officer
      expect((await call(ninaCookie, 'GET', '/api/auth/two-factor/accounts')).statusCode).toBe(403)
      expect((await call(ninaCookie, 'DELETE', `/api/auth/two-factor/accounts/${nina.id}`)).statusCode).toBe(403)

      expect((await call(admin, 'DELETE', `/api/auth/two-factor/accounts/${nina.id}`)).statusCode).toBe(204)
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type'])
        .where('username', '=', 'root')
        .where('entity_id', '=', nina.id)
        .execute()
      expect(audit).toEqual([{ action: 'delete', entity_type: 'account' }])
      cookieOf(await signIn('nina', { ip: '10.33.0.1' }))
    })
  })
})
