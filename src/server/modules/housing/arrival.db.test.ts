import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { residentId } from '../../../../test/factories.ts'
import {
  codedProperty,
  createHousingWorld,
  lastOtp,
  nextAddress,
  personWithHealthCode,
  registrationInput,
  type HousingWorld,
} from '../../../../test/housing-fixtures.ts'
import { maskIdNumber } from '../../../shared/id-document.ts'
import type { RegistrationInput } from '../../../shared/schemas/housing-registration.ts'
import { buildApp } from '../../app.ts'
import { readCode } from '../codes/code-reader.ts'
import { INDEX_ID } from '../people/person.service.ts'

describe(`new arrivals (待核实) on ${testDatabaseKind()}`, () => {
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

  /** A new arrival's registration: no health code, said so. */
  const arrivalInput = (idNumber: string, overrides: Partial<RegistrationInput> = {}): RegistrationInput => {
    const { healthCode: _none, ...rest } = registrationInput(property.code, '', idNumber, {
      name: '张新来',
      phone: '13811112222',
      ...overrides,
    })
    return { ...rest, newArrival: true }
  }
  const submit = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/housing/public/registrations',
      remoteAddress: nextAddress(),
      headers: { 'accept-language': 'en' },
      payload,
    })
  const confirm = async (id: string) =>
    app.inject({
      method: 'POST',
      url: `/api/housing/public/registrations/${id}/confirm`,
      remoteAddress: nextAddress(),
      payload: { otp: await lastOtp(ctx.deps) },
    })
  const arrivals = async (cookie: string) => {
    const response = await app.inject({ method: 'GET', url: '/api/housing/new-arrivals', headers: { cookie } })
    expect(response.statusCode, response.body).toBe(200)
    return { list: response.json() as { personId: string; [key: string]: unknown }[], body: response.body }
  }
  const personByIdNumber = (idNumber: string) =>
    ctx.deps.db
      .selectFrom('person')
      .selectAll()
      .where('id_number_index', '=', ctx.deps.cipher.blindIndex(INDEX_ID, idNumber))
      .executeTakeFirst()

  it('asks for the health code unless the tenant says they have none', async () => {
    const { newArrival: _said, ...silent } = arrivalInput(residentId())
    const response = await submit(silent)
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'healthCode', code: 'housing.health_code_missing' })])
  })

  it('registers a new arrival without a health code: pending in the registry once the phone is confirmed, seen by the grid worker of that area only', async () => {
    const idNumber = residentId()
    const submitted = await submit(arrivalInput(idNumber))
    expect(submitted.statusCode, submitted.body).toBe(201)
    const registrationId = submitted.json().registrationId as string
    // An abandoned form never reaches the registry.
    expect((await arrivals(world.cookies.worker)).list.find((a) => a.name === '张新来')).toBeUndefined()

    expect((await confirm(registrationId)).json()).toEqual({ registrationId, status: 'pending' })
    const { list, body } = await arrivals(world.cookies.worker)
    const arrival = list.find((a) => a.name === '张新来')
    expect(arrival).toMatchObject({
      idType: 'resident_id',
      phoneMasked: '138****2222',
      origin: '贵州遵义',
      registrationStatus: 'pending',
      healthCodeFormat: null,
      healthColour: null,
    })
    expect(body).not.toContain(idNumber)
    expect(arrival!.idNumberMasked).toBe(maskIdNumber(idNumber))

    const person = await personByIdNumber(idNumber)
    expect(person).toMatchObject({ id: arrival!.personId, area_id: world.tree.gridA.id, kind: 'new_resident', created_by: null })
    expect(person!.pending_since).toBeInstanceOf(Date)
    expect(person!.id_number_enc).not.toContain(idNumber.slice(0, 6))
    const registration = await ctx.deps.db
      .selectFrom('house_registration')
      .selectAll()
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow()
    expect(registration).toMatchObject({ person_id: person!.id, new_arrival: true, health_code_format: null })

    // Village B's grid worker neither lists nor checks them.
    expect((await arrivals(world.cookies.workerB)).list.map((a) => a.personId)).not.toContain(person!.id)
    const foreign = await app.inject({
      method: 'POST',
      url: `/api/housing/new-arrivals/${person!.id}/verify`,
      headers: { cookie: world.cookies.workerB },
    })
    expect(foreign.statusCode).toBe(404)
    // The landlord sees the registration flagged as one without a health code.
    const forLandlord = (
      await app.inject({
        method: 'GET',
        url: `/api/housing/properties/${property.id}/registrations`,
        headers: { cookie: world.cookies.landlord },
      })
    ).json()
    expect(forLandlord.find((r: { id: string }) => r.id === registrationId)).toMatchObject({ newArrival: true, healthCodeFormat: null })
  })

  it('gives the new arrival a health code once the health officer sets a colour; the landlord accepts the same person; the check ends 待核实', async () => {
    const idNumber = residentId()
    const registrationId = (await submit(arrivalInput(idNumber, { name: '周到达' }))).json().registrationId as string
    await confirm(registrationId)
    const person = (await personByIdNumber(idNumber))!

    // No colour, no code.
    expect(
      (await app.inject({ method: 'POST', url: `/api/codes/health/${person.id}`, headers: { cookie: world.cookies.worker } })).statusCode,
    ).not.toBe(201)
    const coloured = await app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${person.id}`,
      headers: { cookie: world.cookies.health },
      payload: { colour: 'green', reason: '核酸阴性，首次赋码' },
    })
    expect(coloured.statusCode, coloured.body).toBeLessThan(300)
    expect((await arrivals(world.cookies.worker)).list.find((a) => a.personId === person.id)).toMatchObject({ healthColour: 'green' })
    const issued = await app.inject({ method: 'POST', url: `/api/codes/health/${person.id}`, headers: { cookie: world.cookies.worker } })
    expect(issued.statusCode, issued.body).toBe(201)
    expect(await readCode(ctx.deps, issued.json().code, new Date())).toMatchObject({
      valid: true,
      kind: 'health',
      personId: person.id,
      colour: 'green',
    })

    const accepted = await app.inject({
      method: 'POST',
      url: `/api/housing/registrations/${registrationId}/accept`,
      headers: { cookie: world.cookies.landlord },
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json().personId).toBe(person.id)

    const checked = await app.inject({
      method: 'POST',
      url: `/api/housing/new-arrivals/${person.id}/verify`,
      headers: { cookie: world.cookies.worker },
    })
    expect(checked.statusCode).toBe(204)
    expect((await arrivals(world.cookies.worker)).list.map((a) => a.personId)).not.toContain(person.id)
    expect((await personByIdNumber(idNumber))!.pending_since).toBeNull()
  })

  it('does not add or link a person already in the registry who registers without our code', async () => {
    const known = await personWithHealthCode(app, world)
    const registrationId = (await submit(arrivalInput(known.idNumber, { name: '李明' }))).json().registrationId as string
    await confirm(registrationId)
    const rows = await ctx.deps.db
      .selectFrom('person')
      .select('id')
      .where('id_number_index', '=', ctx.deps.cipher.blindIndex(INDEX_ID, known.idNumber))
      .execute()
    expect(rows).toEqual([{ id: known.personId }])
    expect((await personByIdNumber(known.idNumber))!.pending_since).toBeNull()
    const registration = await ctx.deps.db
      .selectFrom('house_registration')
      .select('person_id')
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow()
    expect(registration.person_id).toBeNull()
  })
})
