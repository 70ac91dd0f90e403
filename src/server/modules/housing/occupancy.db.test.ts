import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { residentId } from '../../../../test/factories.ts'
import {
  codedProperty,
  confirmedRegistration,
  createHousingWorld,
  personWithHealthCode,
  registrationInput,
  type HousingWorld,
} from '../../../../test/housing-fixtures.ts'
import { houseCodeLink } from '../../../shared/housing-link.ts'
import { buildApp } from '../../app.ts'
import { sealIdentity } from '../people/person.service.ts'
import { takeBed } from './occupancy.repository.ts'

describe(`landlord review, occupancy and the gate on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: HousingWorld

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createHousingWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const as = (who: keyof HousingWorld['cookies']) => ({ cookie: world.cookies[who] })
  const accept = (id: string, who: keyof HousingWorld['cookies'] = 'landlord') =>
    app.inject({ method: 'POST', url: `/api/housing/registrations/${id}/accept`, headers: as(who) })
  const occupants = async (propertyId: string, includeEnded = false) =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/housing/properties/${propertyId}/occupants?includeEnded=${includeEnded}`,
        headers: as('landlord'),
      })
    ).json()
  /** A tenant with their own health code, registered and phone-confirmed for the property. */
  const waitingTenant = async (code: string) => {
    const tenant = await personWithHealthCode(app, world)
    const registrationId = await confirmedRegistration(app, ctx.deps, registrationInput(code, tenant.healthCode, tenant.idNumber))
    return { ...tenant, registrationId }
  }
  const scan = (healthCode: string, houseCode: string) =>
    app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: as('guard'),
      payload: {
        clientScanId: randomUUID(),
        checkpointId: world.checkpointId,
        deviceId: 'phone-1',
        temperature: 36.6,
        healthCode,
        houseCode,
      },
    })

  describe('accept and refuse', () => {
    it('makes an accepted tenant an occupant: the registry’s person, one bed taken, the tenant told', async () => {
      const property = await codedProperty(app, world, { capacity: 3 })
      const tenant = await waitingTenant(property.code)
      const accepted = await accept(tenant.registrationId)
      expect(accepted.json()).toEqual({ registrationId: tenant.registrationId, personId: tenant.personId, occupants: 1, capacity: 3 })
      expect(await occupants(property.id)).toEqual([expect.objectContaining({ personId: tenant.personId, name: '李明', endedAt: null })])
      const person = await ctx.deps.db
        .selectFrom('person')
        .select(['address', 'area_id'])
        .where('id', '=', tenant.personId)
        .executeTakeFirstOrThrow()
      expect(person.area_id).toBe(world.tree.gridA.id)
      expect(person.address).toContain('蛎灰窑')
      const sms = await ctx.deps.db
        .selectFrom('notification')
        .select('body')
        .where('kind', '=', 'housing_accepted')
        .where('recipient_person_id', '=', tenant.personId)
        .executeTakeFirstOrThrow()
      expect(sms.body).toContain('房东已通过')
      expect((await accept(tenant.registrationId)).json().code).toBe('HOUSING_REGISTRATION_NOT_PENDING')
    })

    it('creates a new resident for a tenant the registry does not know, sealed like every person', async () => {
      const property = await codedProperty(app, world)
      // Registered with a foreign certificate (no person of ours behind it): stored as the form gave it.
      const idNumber = residentId('522101')
      const identity = sealIdentity(ctx.deps.cipher, idNumber, '13600001111')
      const row = await ctx.deps.db
        .insertInto('house_registration')
        .values({
          property_id: property.id,
          area_id: world.tree.gridA.id,
          status: 'pending',
          name: '外省新居民',
          id_type: 'resident_id',
          ...identity,
          phone_enc: identity.phone_enc!,
          phone_index: identity.phone_index!,
          origin: '贵州遵义',
          employer: null,
          expected_arrival: '2026-12-01',
          health_code_format: 'dcc',
          health_colour: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const accepted = (await accept(row.id)).json()
      const person = await ctx.deps.db.selectFrom('person').selectAll().where('id', '=', accepted.personId).executeTakeFirstOrThrow()
      expect(person).toMatchObject({ name: '外省新居民', kind: 'new_resident', area_id: world.tree.gridA.id, origin: '贵州遵义' })
      expect(JSON.stringify(person)).not.toContain(idNumber)
      expect(ctx.deps.cipher.open(person.id_number_enc)).toBe(idNumber)
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'person')
        .where('entity_id', '=', person.id)
        .execute()
      expect(audit.map((a) => a.action)).toContain('create')
    })

    it('refuses with a reason the tenant is told', async () => {
      const property = await codedProperty(app, world)
      const tenant = await waitingTenant(property.code)
      const refused = await app.inject({
        method: 'POST',
        url: `/api/housing/registrations/${tenant.registrationId}/refuse`,
        headers: as('landlord'),
        payload: { reason: '房间已租出' },
      })
      expect(refused.statusCode).toBe(204)
      const list = (
        await app.inject({
          method: 'GET',
          url: `/api/housing/properties/${property.id}/registrations?status=refused`,
          headers: as('landlord'),
        })
      ).json()
      expect(list).toEqual([expect.objectContaining({ id: tenant.registrationId, refuseReason: '房间已租出', reviewerName: 'landlord' })])
      expect((await accept(tenant.registrationId)).json().code).toBe('HOUSING_REGISTRATION_NOT_PENDING')
    })

    it('refuses review by the wrong role (403) and by another landlord (404)', async () => {
      const property = await codedProperty(app, world)
      const tenant = await waitingTenant(property.code)
      expect((await accept(tenant.registrationId, 'fire')).statusCode).toBe(403)
      expect((await accept(tenant.registrationId, 'cadre')).statusCode).toBe(403)
      expect((await accept(tenant.registrationId, 'landlordB')).statusCode).toBe(404)
      expect((await accept(tenant.registrationId, 'workerB')).statusCode).toBe(404)
      expect((await accept(tenant.registrationId, 'worker')).statusCode).toBe(200)
    })

    it('keeps a person at one home: accepting them at a second property is refused until they move out', async () => {
      const first = await codedProperty(app, world)
      const second = await codedProperty(app, world)
      const tenant = await waitingTenant(first.code)
      await accept(tenant.registrationId)
      const again = await confirmedRegistration(app, ctx.deps, registrationInput(second.code, tenant.healthCode, tenant.idNumber))
      expect((await accept(again)).json()).toMatchObject({ status: 409, code: 'HOUSING_OCCUPANT_ELSEWHERE' })
      const [occupancy] = await occupants(first.id)
      await app.inject({ method: 'POST', url: `/api/housing/occupancies/${occupancy.id}/move-out`, headers: as('landlord'), payload: {} })
      expect((await accept(again)).statusCode).toBe(200)
    })
  })

  describe('capacity', () => {
    it('refuses a tenant when the property is full, with a clear message', async () => {
      const property = await codedProperty(app, world, { capacity: 1 })
      const first = await waitingTenant(property.code)
      const second = await waitingTenant(property.code)
      expect((await accept(first.registrationId)).statusCode).toBe(200)
      const full = await app.inject({
        method: 'POST',
        url: `/api/housing/registrations/${second.registrationId}/accept`,
        headers: { ...as('landlord'), 'accept-language': 'zh-CN' },
      })
      expect(full.statusCode).toBe(409)
      expect(full.json()).toMatchObject({ code: 'HOUSING_OCCUPANCY_FULL', title: '该出租房已住满（达到核定人数），不能再接收租户' })
    })

    it('gives the last bed to exactly one of several accepts racing for it', async () => {
      const property = await codedProperty(app, world, { capacity: 2 })
      const settled = await waitingTenant(property.code)
      await accept(settled.registrationId)
      const racers = []
      for (let i = 0; i < 5; i++) racers.push(await waitingTenant(property.code))
      const answers = await Promise.all(racers.map((r, i) => accept(r.registrationId, i % 2 ? 'landlord' : 'worker')))
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409, 409])
      expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'HOUSING_OCCUPANCY_FULL')).toBe(true)
      const row = await ctx.deps.db
        .selectFrom('rental_property')
        .select(['occupants', 'capacity'])
        .where('id', '=', property.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ occupants: 2, capacity: 2 })
      expect(await occupants(property.id)).toHaveLength(2)
    })

    it('takes the last bed once even without the application’s row lock (the conditional update alone)', async () => {
      const property = await codedProperty(app, world, { capacity: 1 })
      const taken = await Promise.all(
        Array.from({ length: 5 }, () =>
          ctx.deps.db.transaction().execute(async (trx) => {
            const bed = await takeBed(trx, property.id, new Date())
            // Hold the transaction open a moment so the others really wait on the row.
            await sql`SELECT pg_sleep(0.05)`.execute(trx)
            return bed
          }),
        ),
      )
      expect(taken.filter(Boolean)).toHaveLength(1)
    })

    it('has the database itself refuse more occupants than capacity', async () => {
      const property = await codedProperty(app, world, { capacity: 2 })
      await expect(
        ctx.deps.db.updateTable('rental_property').set({ occupants: 3 }).where('id', '=', property.id).execute(),
      ).rejects.toThrow(/rental_property_occupancy_within_capacity/)
    })

    it('frees the bed on move-out and keeps the history', async () => {
      const property = await codedProperty(app, world, { capacity: 1 })
      const tenant = await waitingTenant(property.code)
      await accept(tenant.registrationId)
      const [occupancy] = await occupants(property.id)
      const moved = await app.inject({
        method: 'POST',
        url: `/api/housing/occupancies/${occupancy.id}/move-out`,
        headers: as('landlord'),
        payload: { note: '回老家' },
      })
      expect(moved.statusCode).toBe(204)
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/housing/occupancies/${occupancy.id}/move-out`,
            headers: as('landlord'),
            payload: {},
          })
        ).json().code,
      ).toBe('HOUSING_ALREADY_MOVED_OUT')
      expect(await occupants(property.id)).toEqual([])
      expect(await occupants(property.id, true)).toEqual([
        expect.objectContaining({ id: occupancy.id, endNote: '回老家', endedAt: expect.any(String) }),
      ])
      const next = await waitingTenant(property.code)
      expect((await accept(next.registrationId)).statusCode).toBe(200)
    })
  })

  describe('at the gate', () => {
    it('admits an accepted occupant with the house code and calls the landlord to escort', async () => {
      const property = await codedProperty(app, world)
      const tenant = await waitingTenant(property.code)
      await accept(tenant.registrationId)
      const response = await scan(tenant.healthCode, houseCodeLink('https://gridline.example', property.code))
      expect(response.json()).toMatchObject({ decision: 'admit_escort', reasons: ['HEALTH_GREEN', 'HOUSE_CODE_OK'], personName: '李明' })
      const notices = (await app.inject({ method: 'GET', url: '/api/housing/notices', headers: as('landlord') })).json()
      expect(notices[0]).toMatchObject({ kind: 'gate_escort', body: expect.stringContaining('东门卡口') })
    })

    it('refuses someone who is not an occupant, saying when a registration waits for the landlord', async () => {
      const property = await codedProperty(app, world)
      const stranger = await personWithHealthCode(app, world)
      expect((await scan(stranger.healthCode, property.code)).json()).toMatchObject({
        decision: 'refuse',
        reasons: ['HEALTH_GREEN', 'HOUSE_NOT_OCCUPANT'],
      })
      const waiting = await waitingTenant(property.code)
      expect((await scan(waiting.healthCode, property.code)).json()).toMatchObject({
        decision: 'refuse',
        reasons: ['HEALTH_GREEN', 'HOUSE_NOT_OCCUPANT', 'HOUSE_REGISTRATION_PENDING'],
      })
    })

    it('refuses a suspended or revoked house code, and a tenant who moved out', async () => {
      const property = await codedProperty(app, world)
      const tenant = await waitingTenant(property.code)
      await accept(tenant.registrationId)
      expect((await scan(tenant.healthCode, property.code)).json().decision).toBe('admit_escort')
      await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${property.id}/suspend`,
        headers: as('worker'),
        payload: { reason: '整改' },
      })
      expect((await scan(tenant.healthCode, property.code)).json()).toMatchObject({
        decision: 'refuse',
        reasons: ['HEALTH_GREEN', 'HOUSE_CODE_REVOKED'],
      })
      await app.inject({ method: 'POST', url: `/api/housing/properties/${property.id}/issue-code`, headers: as('worker') })
      const fresh = (
        await app.inject({ method: 'GET', url: `/api/housing/properties/${property.id}/poster`, headers: as('landlord') })
      ).json().code
      expect((await scan(tenant.healthCode, fresh)).json().decision).toBe('admit_escort')
      const [occupancy] = await occupants(property.id)
      await app.inject({ method: 'POST', url: `/api/housing/occupancies/${occupancy.id}/move-out`, headers: as('landlord'), payload: {} })
      expect((await scan(tenant.healthCode, fresh)).json().reasons).toContain('HOUSE_NOT_OCCUPANT')
      await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${property.id}/revoke`,
        headers: as('admin'),
        payload: { reason: '拆除' },
      })
      expect((await scan(tenant.healthCode, fresh)).json().reasons).toContain('HOUSE_CODE_REVOKED')
    })
  })

  describe('numbers and group rentals', () => {
    it('counts coded properties, occupants and what waits, per area node', async () => {
      const property = await codedProperty(app, world, { capacity: 40 })
      const before = (
        await app.inject({ method: 'GET', url: `/api/overview?areaId=${world.tree.villageA.id}`, headers: as('admin') })
      ).json().totals
      await waitingTenant(property.code)
      const after = (
        await app.inject({ method: 'GET', url: `/api/overview?areaId=${world.tree.villageA.id}`, headers: as('admin') })
      ).json().totals
      expect(after.pendingRegistrations).toBe(before.pendingRegistrations + 1)
      const codedRows = await ctx.deps.db.selectFrom('rental_property').select(['occupants']).where('status', '=', 'code_issued').execute()
      expect(after.codedProperties).toBe(codedRows.length)
      expect(after.occupants).toBe(
        codedRows.reduce((n, r) => n + r.occupants, 0) +
          (await ctx.deps.db.selectFrom('rental_property').select('occupants').where('status', '<>', 'code_issued').execute()).reduce(
            (n, r) => n + r.occupants,
            0,
          ),
      )
      const draft = await app.inject({
        method: 'POST',
        url: '/api/housing/properties',
        headers: as('landlord'),
        payload: { areaId: world.tree.gridA.id, address: '草稿 1 号', rooms: 9, beds: 9, capacity: 9 },
      })
      expect(draft.statusCode).toBe(201)
      const withDraft = (
        await app.inject({ method: 'GET', url: `/api/overview?areaId=${world.tree.villageA.id}`, headers: as('admin') })
      ).json().totals
      expect(withDraft.rentalRooms).toBe(after.rentalRooms) // a draft is not a rental property yet
    })

    it('lists properties with 30 or more occupants under their street', async () => {
      const property = await codedProperty(app, world, { capacity: 40 })
      await ctx.deps.db.updateTable('rental_property').set({ occupants: 31 }).where('id', '=', property.id).execute()
      const groups = (await app.inject({ method: 'GET', url: '/api/housing/group-rentals', headers: as('fire') })).json()
      expect(groups).toEqual([
        expect.objectContaining({
          streetName: '城东街道',
          properties: 1,
          occupants: 31,
          items: [expect.objectContaining({ id: property.id, landlordName: '郑阿福' })],
        }),
      ])
      expect((await app.inject({ method: 'GET', url: '/api/housing/group-rentals', headers: as('workerB') })).json()).toEqual([])
    })
  })
})
