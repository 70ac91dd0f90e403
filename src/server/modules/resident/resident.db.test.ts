import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { personInput, residentId } from '../../../../test/factories.ts'
import {
  codedProperty,
  confirmedRegistration,
  createHousingWorld,
  nextAddress,
  registrationInput,
  type HousingWorld,
} from '../../../../test/housing-fixtures.ts'
import { ME_OTP_LIMIT_PER_PHONE, ME_OTP_MAX_ATTEMPTS, type MeView } from '../../../shared/schemas/resident.ts'
import { buildApp } from '../../app.ts'
import { readCode } from '../codes/code-reader.ts'

describe(`the resident's own codes (/me) on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: HousingWorld

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createHousingWorld(ctx.deps, app)
    // Migrating PGlite and ten password hashes for the world's accounts: slow on a busy machine.
  }, 180_000)
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  let phoneSerial = 0
  const nextPhone = () => `1370000${String(++phoneSerial).padStart(4, '0')}`

  /** A person in village A registered with their own phone, with a colour from the health officer. */
  const resident = async (
    options: { phone?: string; name?: string; colour?: 'green' | 'yellow' | 'red' | null; idNumber?: string } = {},
  ) => {
    const phone = options.phone ?? nextPhone()
    const idNumber = options.idNumber ?? residentId()
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: world.cookies.worker },
      payload: personInput(world.tree.villageA.id, { name: options.name ?? '王小明', phone, idNumber }),
    })
    expect(created.statusCode, created.body).toBe(201)
    const personId = created.json().id as string
    if (options.colour !== null) await setColour(personId, options.colour ?? 'green')
    return { personId, phone, idNumber }
  }
  const setColour = async (personId: string, colour: 'green' | 'yellow' | 'red') => {
    const set = await app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${personId}`,
      headers: { cookie: world.cookies.health },
      payload: { colour, reason: '核酸检测结果' },
    })
    expect(set.statusCode, set.body).toBeLessThan(300)
  }

  const sessionCookie = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'gl_me')
    return cookie ? `gl_me=${cookie.value}` : undefined
  }
  const withCookie = (cookie?: string) => (cookie ? { cookie } : {})
  const askOtp = (phone: string) =>
    app.inject({ method: 'POST', url: '/api/public/me/otp', remoteAddress: nextAddress(), payload: { phone } })
  const verify = (phone: string, otp: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/public/me/otp/verify',
      remoteAddress: nextAddress(),
      headers: { 'accept-language': 'en', ...withCookie(cookie) },
      payload: { phone, otp },
    })
  const withLink = (token: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/public/me/link',
      remoteAddress: nextAddress(),
      headers: withCookie(cookie),
      payload: { token },
    })
  const view = async (cookie?: string) =>
    app.inject({ method: 'GET', url: '/api/public/me', remoteAddress: nextAddress(), headers: withCookie(cookie) })
  const healthCode = (personId: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/public/me/people/${personId}/health-code`,
      remoteAddress: nextAddress(),
      headers: withCookie(cookie),
    })
  const issueLink = (personId: string, who: keyof HousingWorld['cookies'] = 'worker') =>
    app.inject({ method: 'POST', url: `/api/me-links/${personId}`, headers: { cookie: world.cookies[who] } })
  const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1)

  /** The one-time code the outbox holds for a person's phone. */
  const otpFor = async (personId: string) => {
    const row = await ctx.deps.db
      .selectFrom('notification')
      .select('body')
      .where('kind', '=', 'me_otp')
      .where('recipient_person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    return row.body.match(/验证码为 (\d{6})/)![1]!
  }
  const otherThan = (otp: string) => (otp === '123456' ? '654321' : '123456')

  /** Signs a phone in with its one-time code; returns the session cookie. */
  const signIn = async (person: { personId: string; phone: string }, cookie?: string) => {
    expect((await askOtp(person.phone)).statusCode).toBe(200)
    const response = await verify(person.phone, await otpFor(person.personId), cookie)
    expect(response.statusCode, response.body).toBe(200)
    return sessionCookie(response) ?? cookie!
  }
  const heldIds = async (cookie: string) => ((await view(cookie)).json() as MeView).people.map((p) => p.personId)

  describe('sign-in with a one-time code', () => {
    it('texts a code through the outbox and shows the person, masked, with a valid signed code of their colour', async () => {
      const mother = await resident({ name: '陈美华' })
      const sent = await askOtp(mother.phone)
      expect(sent.json()).toEqual({
        phoneMasked: `${mother.phone.slice(0, 3)}****${mother.phone.slice(-4)}`,
        expiresAt: expect.any(String),
      })
      const outbox = (await app.inject({ method: 'GET', url: '/api/housing/outbox', headers: { cookie: world.cookies.admin } })).json()
      expect(outbox.find((m: { kind: string }) => m.kind === 'me_otp').body).toContain(`[SMS ${mother.phone.slice(0, 3)}****`)

      const signed = await verify(mother.phone, await otpFor(mother.personId))
      expect(signed.statusCode, signed.body).toBe(200)
      const cookie = sessionCookie(signed)!
      // A code signs in once.
      expect((await verify(mother.phone, await otpFor(mother.personId))).json().code).toBe('ME_OTP_EXPIRED')
      expect(signed.cookies.find((c) => c.name === 'gl_me')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/public/me' })
      const shown = (await view(cookie)).json() as MeView
      expect(shown.people).toEqual([
        expect.objectContaining({
          personId: mother.personId,
          maskedName: '陈*华',
          colour: 'green',
          consent: expect.objectContaining({ method: 'phone_otp' }),
        }),
      ])
      // Nothing the gate would not show: no phone, no ID number, no full name.
      const text = JSON.stringify(shown)
      for (const secret of [mother.phone, mother.idNumber, mother.idNumber.slice(-4), '陈美华']) expect(text).not.toContain(secret)

      const issued = await healthCode(mother.personId, cookie)
      expect(issued.statusCode, issued.body).toBe(200)
      const code = issued.json()
      expect(code).toMatchObject({ personId: mother.personId, colour: 'green', colourSetAt: shown.people[0]!.colourSetAt })
      expect(Date.parse(code.expiresAt) - Date.parse(code.issuedAt)).toBe(24 * 3600 * 1000)
      const read = await readCode(ctx.deps, code.code, new Date())
      expect(read).toMatchObject({ valid: true, kind: 'health', personId: mother.personId, colour: 'green', cti: code.codeId })
      expect(((await view(cookie)).json() as MeView).people[0]!.liveCodeIds).toContain(code.codeId)
    })

    it('answers an unknown phone exactly as a registered one, and texts nobody', async () => {
      const known = await resident()
      const unknown = nextPhone()
      const messagesBefore = await ctx.deps.db
        .selectFrom('notification')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      const [a, b] = [await askOtp(known.phone), await askOtp(unknown)]
      expect(b.statusCode).toBe(a.statusCode)
      expect(Object.keys(b.json()).sort()).toEqual(Object.keys(a.json()).sort())
      expect(b.json().phoneMasked).toBe(`${unknown.slice(0, 3)}****${unknown.slice(-4)}`)
      const messagesAfter = await ctx.deps.db
        .selectFrom('notification')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(messagesAfter.n)).toBe(Number(messagesBefore.n) + 1) // the registered phone's text only
      const wrongKnown = await verify(known.phone, otherThan(await otpFor(known.personId)))
      const wrongUnknown = await verify(unknown, '123456')
      expect([wrongUnknown.statusCode, wrongUnknown.json().code]).toEqual([wrongKnown.statusCode, wrongKnown.json().code])
      expect(wrongUnknown.json().code).toBe('ME_OTP_WRONG')
      expect(wrongUnknown.json().errors).toEqual([expect.objectContaining({ field: 'otp' })])
    })

    it('gives up on a code after the allowed wrong tries', async () => {
      const person = await resident()
      await askOtp(person.phone)
      const right = await otpFor(person.personId)
      for (let i = 0; i < ME_OTP_MAX_ATTEMPTS; i++) expect((await verify(person.phone, otherThan(right))).json().code).toBe('ME_OTP_WRONG')
      expect((await verify(person.phone, right)).json().code).toBe('ME_OTP_EXPIRED')
    })

    it('limits how often one phone number gets texted, whatever the address', async () => {
      const person = await resident()
      for (let i = 0; i < ME_OTP_LIMIT_PER_PHONE.max; i++) expect((await askOtp(person.phone)).statusCode).toBe(200)
      const refused = await askOtp(person.phone)
      expect([refused.statusCode, refused.json().code]).toEqual([429, 'RATE_LIMITED'])
    })

    it('keeps phone numbers, one-time codes, names and tokens out of the logs', async () => {
      const lines: string[] = []
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      })
      const logged = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'trace' } }, { logStream: stream })
      const person = await resident({ name: '日志居民' })
      await logged.inject({ method: 'POST', url: '/api/public/me/otp', remoteAddress: nextAddress(), payload: { phone: person.phone } })
      const otp = await otpFor(person.personId)
      const signed = await logged.inject({
        method: 'POST',
        url: '/api/public/me/otp/verify',
        remoteAddress: nextAddress(),
        payload: { phone: person.phone, otp },
      })
      const token = signed.cookies.find((c) => c.name === 'gl_me')!.value
      await logged.inject({
        method: 'POST',
        url: `/api/public/me/people/${person.personId}/health-code`,
        remoteAddress: nextAddress(),
        headers: { cookie: `gl_me=${token}` },
      })
      await logged.close()
      const log = lines.join('')
      expect(log).toContain('/api/public/me/otp')
      for (const secret of [person.phone, otp, '日志居民', person.idNumber, token]) expect(log).not.toContain(secret)
    })

    it('shows nothing without a session, and refuses a person the phone does not hold', async () => {
      expect((await view()).json()).toMatchObject({ status: 401, code: 'ME_SESSION_REQUIRED' })
      const a = await resident()
      const b = await resident()
      const cookie = await signIn(a)
      expect((await healthCode(b.personId, cookie)).statusCode).toBe(404)
      expect((await healthCode(a.personId)).statusCode).toBe(401)
    })
  })

  describe('family members', () => {
    it('adds a second person only with their own one-time code, records the consent, and lets go of them', async () => {
      const parent = await resident({ name: '赵建国' })
      const child = await resident({ name: '赵小雨' })
      const cookie = await signIn(parent)
      await askOtp(child.phone)
      const right = await otpFor(child.personId)
      expect((await verify(child.phone, otherThan(right), cookie)).json().code).toBe('ME_OTP_WRONG')
      expect(await heldIds(cookie)).toEqual([parent.personId])

      const added = await verify(child.phone, right, cookie)
      expect(added.json().added).toBe(1)
      expect(sessionCookie(added)).toBeUndefined() // the same session, no new one
      expect(await heldIds(cookie)).toEqual([parent.personId, child.personId])
      const consent = await ctx.deps.db
        .selectFrom('resident_session_person')
        .selectAll()
        .where('person_id', '=', child.personId)
        .executeTakeFirstOrThrow()
      expect(consent).toMatchObject({ consent_method: 'phone_otp', removed_at: null })
      expect((await healthCode(child.personId, cookie)).json()).toMatchObject({ personId: child.personId, colour: 'green' })

      const removed = await app.inject({
        method: 'DELETE',
        url: `/api/public/me/people/${child.personId}`,
        remoteAddress: nextAddress(),
        headers: { cookie },
      })
      expect(removed.statusCode).toBe(204)
      expect(await heldIds(cookie)).toEqual([parent.personId])
      expect((await healthCode(child.personId, cookie)).statusCode).toBe(404)
      const history = await ctx.deps.db
        .selectFrom('resident_session_person')
        .selectAll()
        .where('person_id', '=', child.personId)
        .executeTakeFirstOrThrow()
      expect(history).toMatchObject({ removed_reason: 'removed', consent_method: 'phone_otp' })
    })

    it('holds everyone registered with the phone, and tells the page when a colour change has revoked its code', async () => {
      const phone = nextPhone()
      const a = await resident({ phone })
      const b = await resident({ phone, colour: null })
      const cookie = await signIn(a)
      const shown = ((await view(cookie)).json() as MeView).people
      expect(shown.map((p) => p.personId).sort()).toEqual([a.personId, b.personId].sort())
      expect(shown.find((p) => p.personId === b.personId)).toMatchObject({ colour: null, colourSetAt: null })
      expect((await healthCode(b.personId, cookie)).json().code).toBe('CODES_NO_HEALTH_STATUS')

      const held = (await healthCode(a.personId, cookie)).json()
      await setColour(a.personId, 'yellow')
      const after = ((await view(cookie)).json() as MeView).people.find((p) => p.personId === a.personId)!
      expect(after.colour).toBe('yellow')
      expect(after.liveCodeIds).not.toContain(held.codeId)
      expect(Date.parse(after.colourSetAt!)).toBeGreaterThanOrEqual(Date.parse(held.colourSetAt))
    })

    it('ends everything on sign-out', async () => {
      const person = await resident()
      const cookie = await signIn(person)
      expect(
        (await app.inject({ method: 'POST', url: '/api/public/me/sign-out', remoteAddress: nextAddress(), headers: { cookie } }))
          .statusCode,
      ).toBe(204)
      expect((await view(cookie)).statusCode).toBe(401)
    })
  })

  describe('personal links', () => {
    it('signs in with the link; a re-issued link kills the old one and the phones that used it', async () => {
      const person = await resident({ name: '林一' })
      const first = await issueLink(person.personId)
      expect(first.statusCode, first.body).toBe(201)
      expect(first.json()).toMatchObject({ link: expect.stringMatching(/^http:\/\/[^/]+\/me#[A-Za-z0-9_-]{32}$/), replaced: false })
      const oldToken = tokenOf(first.json().link)
      const phoneX = sessionCookie(await withLink(oldToken))!
      expect(await heldIds(phoneX)).toEqual([person.personId])
      const consent = await ctx.deps.db
        .selectFrom('resident_session_person')
        .select(['consent_method', 'link_id'])
        .where('person_id', '=', person.personId)
        .executeTakeFirstOrThrow()
      expect(consent).toMatchObject({ consent_method: 'personal_link', link_id: expect.any(String) })

      const second = await issueLink(person.personId, 'cadre')
      expect(second.json().replaced).toBe(true)
      const refused = await withLink(oldToken)
      expect([refused.statusCode, refused.json().code]).toEqual([422, 'ME_LINK_INVALID'])
      expect(await heldIds(phoneX)).toEqual([])
      expect((await healthCode(person.personId, phoneX)).statusCode).toBe(404)
      const phoneY = sessionCookie(await withLink(tokenOf(second.json().link)))!
      expect(await heldIds(phoneY)).toEqual([person.personId])
      // The link adds a family member to a phone already signed in, too.
      const parent = await resident()
      const parentPhone = await signIn(parent)
      const third = tokenOf((await issueLink(person.personId)).json().link)
      expect((await withLink(third, parentPhone)).json().added).toBe(1)
      expect(await heldIds(parentPhone)).toEqual([parent.personId, person.personId])
    })

    it('is issued by staff of the person’s area only, and the issue is audited', async () => {
      const person = await resident()
      expect((await issueLink(person.personId, 'workerB')).statusCode).toBe(404) // the neighbouring village
      expect((await issueLink(person.personId, 'guard')).statusCode).toBe(403)
      expect((await issueLink(person.personId, 'landlord')).statusCode).toBe(403)
      for (const who of ['worker', 'cadre', 'health', 'admin'] as const)
        expect((await issueLink(person.personId, who)).statusCode).toBe(201)
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select(['username', 'action'])
        .where('entity_type', '=', 'me_link')
        .where('entity_id', '=', person.personId)
        .execute()
      expect(audit.map((a) => a.username).sort()).toEqual(['admin', 'cadre', 'health', 'worker'])
      expect(
        await ctx.deps.db
          .selectFrom('resident_link')
          .select('id')
          .where('person_id', '=', person.personId)
          .where('revoked_at', 'is', null)
          .execute(),
      ).toHaveLength(1)
    })
  })

  describe('house code', () => {
    it('shows the house code of an accepted occupant, and none before the landlord accepts', async () => {
      const property = await codedProperty(app, world, { capacity: 5 })
      const tenant = await resident()
      const cookie = sessionCookie(await withLink(tokenOf((await issueLink(tenant.personId)).json().link)))!
      const healthCodeText = (
        await app.inject({ method: 'POST', url: `/api/codes/health/${tenant.personId}`, headers: { cookie: world.cookies.worker } })
      ).json().code
      const registrationId = await confirmedRegistration(app, ctx.deps, registrationInput(property.code, healthCodeText, tenant.idNumber))
      expect(((await view(cookie)).json() as MeView).people[0]!.house).toBeNull()
      const accepted = await app.inject({
        method: 'POST',
        url: `/api/housing/registrations/${registrationId}/accept`,
        headers: { cookie: world.cookies.landlord },
      })
      expect(accepted.statusCode, accepted.body).toBe(200)
      const house = ((await view(cookie)).json() as MeView).people[0]!.house
      expect(house).toMatchObject({ code: property.code, areaName: '第一网格' })
      expect(await readCode(ctx.deps, house!.code, new Date())).toMatchObject({ valid: true, kind: 'house', propertyId: property.id })
    })
  })
})
