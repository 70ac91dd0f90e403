import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { residentId } from '../../../../test/factories.ts'
import {
  codedProperty,
  confirmedRegistration,
  createHousingWorld,
  lastOtp,
  nextAddress,
  personWithHealthCode,
  registrationInput,
  type HousingWorld,
} from '../../../../test/housing-fixtures.ts'
import { houseCodeLink } from '../../../shared/housing-link.ts'
import {
  OTP_MAX_ATTEMPTS,
  REGISTRATION_LIMIT_PER_ADDRESS,
  REGISTRATION_LIMIT_PER_PROPERTY,
} from '../../../shared/schemas/housing-registration.ts'
import { buildApp } from '../../app.ts'

describe(`tenant self-registration on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: HousingWorld
  let property: { id: string; code: string }

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createHousingWorld(ctx.deps, app)
    property = await codedProperty(app, world, { capacity: 10 })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const submit = (payload: object, remoteAddress = nextAddress()) =>
    app.inject({ method: 'POST', url: '/api/housing/public/registrations', remoteAddress, headers: { 'accept-language': 'en' }, payload })
  const confirm = (id: string, otp: string) =>
    app.inject({ method: 'POST', url: `/api/housing/public/registrations/${id}/confirm`, remoteAddress: nextAddress(), payload: { otp } })
  const registrations = () => ctx.deps.db.selectFrom('house_registration').selectAll().where('property_id', '=', property.id).execute()
  const pendingForLandlord = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/housing/properties/${property.id}/registrations`,
        headers: { cookie: world.cookies.landlord },
      })
    ).json()

  describe('resolve', () => {
    it('shows the property of a house code, or of its poster link, without a session', async () => {
      for (const code of [property.code, houseCodeLink('https://gridline.example', property.code)]) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/housing/public/resolve',
          remoteAddress: nextAddress(),
          payload: { code },
        })
        expect(response.json()).toMatchObject({ propertyId: property.id, landlordName: '郑*福', accepting: true })
      }
    })

    it('refuses a house code that does not verify', async () => {
      // change one character for another (never for itself: the code is random)
      const at = property.code.length - 6
      const tampered = property.code.slice(0, at) + (property.code[at] === 'A' ? 'B' : 'A') + property.code.slice(at + 1)
      expect(tampered).not.toBe(property.code)
      const response = await app.inject({
        method: 'POST',
        url: '/api/housing/public/resolve',
        remoteAddress: nextAddress(),
        payload: { code: tampered },
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().code).toBe('HOUSING_CODE_INVALID')
    })
  })

  describe('submit and confirm', () => {
    it('takes a registration, texts a one-time code through the outbox and hands it to the landlord once confirmed', async () => {
      const tenant = await personWithHealthCode(app, world)
      const submitted = await submit(registrationInput(property.code, tenant.healthCode, tenant.idNumber))
      expect(submitted.statusCode, submitted.body).toBe(201)
      expect(submitted.json()).toMatchObject({ phoneMasked: '139****5678', updated: false })
      const outbox = (await app.inject({ method: 'GET', url: '/api/housing/outbox', headers: { cookie: world.cookies.admin } })).json()
      expect(outbox[0]).toMatchObject({ kind: 'housing_otp', body: expect.stringContaining('[SMS 139****5678]') })
      expect(await pendingForLandlord()).toEqual([]) // not before the phone is confirmed
      const id = submitted.json().registrationId
      expect((await confirm(id, await lastOtp(ctx.deps))).json()).toEqual({ registrationId: id, status: 'pending' })
      expect(await pendingForLandlord()).toEqual([
        expect.objectContaining({ id, status: 'pending', name: '李明', healthColour: 'green', phoneMasked: '139****5678' }),
      ])
      const notices = (await app.inject({ method: 'GET', url: '/api/housing/notices', headers: { cookie: world.cookies.landlord } })).json()
      expect(notices[0]).toMatchObject({ kind: 'house_registration_pending' })
      // Confirming again changes nothing and says the same.
      expect((await confirm(id, '000000')).json().status).toBe('pending')
    })

    it('updates the open registration when the same person submits again, instead of a second one', async () => {
      const tenant = await personWithHealthCode(app, world)
      const before = (await registrations()).length
      await submit(registrationInput(property.code, tenant.healthCode, tenant.idNumber, { phone: '13700000001' }))
      const second = await submit(
        registrationInput(property.code, tenant.healthCode, tenant.idNumber.toLowerCase(), {
          phone: '13700000002',
          employer: '德力西电气',
        }),
      )
      expect(second.json()).toMatchObject({ updated: true, phoneMasked: '137****0002' })
      const rows = await registrations()
      expect(rows).toHaveLength(before + 1)
      const row = rows.find((r) => r.id === second.json().registrationId)!
      expect(row).toMatchObject({ submissions: 2, employer: '德力西电气', status: 'unconfirmed' })
      expect(ctx.deps.cipher.open(row.phone_enc)).toBe('13700000002')
    })

    it('refuses a wrong ID check digit, naming the field, and stores nothing', async () => {
      const tenant = await personWithHealthCode(app, world)
      const before = (await registrations()).length
      const wrong = tenant.idNumber.slice(0, 17) + (tenant.idNumber.endsWith('1') ? '2' : '1')
      const response = await submit(registrationInput(property.code, tenant.healthCode, wrong))
      expect(response.statusCode).toBe(400)
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id.check_digit' })])
      expect(await registrations()).toHaveLength(before)
    })

    it('refuses a forged health code, and a genuine one of somebody else', async () => {
      const tenant = await personWithHealthCode(app, world)
      const forged = await submit(registrationInput(property.code, 'GL1:NOTASIGNEDCODE', tenant.idNumber))
      expect(forged.json()).toMatchObject({
        status: 422,
        code: 'HOUSING_HEALTH_CODE_INVALID',
        errors: [expect.objectContaining({ field: 'healthCode' })],
      })
      const someoneElse = await submit(registrationInput(property.code, tenant.healthCode, residentId()))
      expect(someoneElse.json()).toMatchObject({ status: 422, code: 'HOUSING_HEALTH_CODE_NOT_YOURS' })
      const notACode = await submit(registrationInput(property.code, 'hello', tenant.idNumber))
      expect(notACode.json().errors).toEqual([expect.objectContaining({ field: 'healthCode', code: 'housing.health_code_format' })])
    })

    it('counts wrong one-time codes and gives up after the limit', async () => {
      const tenant = await personWithHealthCode(app, world)
      const id = (await submit(registrationInput(property.code, tenant.healthCode, tenant.idNumber))).json().registrationId
      const right = await lastOtp(ctx.deps)
      const wrong = right === '123456' ? '654321' : '123456'
      for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) expect((await confirm(id, wrong)).json().code).toBe('HOUSING_OTP_WRONG')
      expect((await confirm(id, right)).json().code).toBe('HOUSING_OTP_EXPIRED')
      // A new submission sends a new code, and that one works.
      await submit(registrationInput(property.code, tenant.healthCode, tenant.idNumber))
      expect((await confirm(id, await lastOtp(ctx.deps))).json().status).toBe('pending')
    })

    it('refuses an expired one-time code', async () => {
      const tenant = await personWithHealthCode(app, world)
      const id = (await submit(registrationInput(property.code, tenant.healthCode, tenant.idNumber))).json().registrationId
      await ctx.deps.db
        .updateTable('house_registration')
        .set({ otp_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', id)
        .execute()
      expect((await confirm(id, await lastOtp(ctx.deps))).json().code).toBe('HOUSING_OTP_EXPIRED')
    })

    it('refuses registrations for a suspended code', async () => {
      const other = await codedProperty(app, world)
      await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${other.id}/suspend`,
        headers: { cookie: world.cookies.admin },
        payload: { reason: '整改' },
      })
      const tenant = await personWithHealthCode(app, world)
      const response = await submit(registrationInput(other.code, tenant.healthCode, tenant.idNumber))
      expect(response.statusCode).toBe(422)
      expect(response.json().code).toBe('HOUSING_CODE_INVALID') // revoked on the trust list
    })

    it('keeps names, ID numbers and phones out of the logs', async () => {
      const lines: string[] = []
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      })
      const logged = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'trace' } }, { logStream: stream })
      const tenant = await personWithHealthCode(app, world)
      const input = registrationInput(property.code, tenant.healthCode, tenant.idNumber, { name: '日志租户', phone: '13566667777' })
      const response = await logged.inject({
        method: 'POST',
        url: '/api/housing/public/registrations',
        remoteAddress: nextAddress(),
        payload: input,
      })
      await logged.inject({
        method: 'POST',
        url: '/api/housing/public/registrations',
        remoteAddress: nextAddress(),
        payload: { ...input, idNumber: `${tenant.idNumber.slice(0, 17)}Z` },
      })
      await logged.inject({
        method: 'POST',
        url: `/api/housing/public/registrations/${response.json().registrationId}/confirm`,
        remoteAddress: nextAddress(),
        payload: { otp: await lastOtp(ctx.deps) },
      })
      await logged.close()
      const log = lines.join('')
      expect(log).toContain('/api/housing/public/registrations')
      for (const secret of [tenant.idNumber, '13566667777', '日志租户']) expect(log).not.toContain(secret)
    })
  })

  describe('rate limits', () => {
    it('limits submissions per network address', async () => {
      const address = '10.200.0.1'
      const answers = []
      for (let i = 0; i <= REGISTRATION_LIMIT_PER_ADDRESS.max; i++)
        answers.push((await submit({ code: property.code }, address)).statusCode)
      expect(answers.slice(0, -1).every((status) => status === 400)).toBe(true)
      expect(answers.at(-1)).toBe(429)
    })

    it('limits submissions per property, whatever the address', async () => {
      const target = await codedProperty(app, world)
      const tenant = await personWithHealthCode(app, world)
      const bad = registrationInput(target.code, 'GL1:NOTASIGNEDCODE', tenant.idNumber)
      for (let i = 0; i < REGISTRATION_LIMIT_PER_PROPERTY.max; i++) expect((await submit(bad)).statusCode).toBe(422)
      const limited = await submit(registrationInput(target.code, tenant.healthCode, tenant.idNumber))
      expect(limited.statusCode).toBe(429)
      expect(limited.json().code).toBe('RATE_LIMITED')
      // Another property is not affected.
      expect(
        (await confirmedRegistration(app, ctx.deps, registrationInput(property.code, tenant.healthCode, tenant.idNumber))).length,
      ).toBe(36)
    })
  })
})
