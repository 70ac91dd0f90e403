import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createTestAccount } from '../../../../test/factories.ts'
import { codedProperty, createHousingWorld, personWithHealthCode, type HousingWorld } from '../../../../test/housing-fixtures.ts'
import { decodeBase45, encodeBase45, unzlibStored, zlibStore } from '../../../shared/codes/index.ts'
import { buildApp } from '../../app.ts'

/** What the gate leaves behind for the people who follow up: orders, alerts, escort notices. */
describe(`gate follow-through on ${testDatabaseKind()}`, () => {
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

  const scan = (payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: { cookie: world.cookies.guard },
      payload: { clientScanId: randomUUID(), checkpointId: world.checkpointId, deviceId: 'phone-1', temperature: 36.5, ...payload },
    })

  async function occupant(colour: 'green' | 'yellow') {
    const property = await codedProperty(app, world)
    const person = await personWithHealthCode(app, world, colour)
    const row = await ctx.deps.db
      .selectFrom('rental_property')
      .select(['area_id', 'address'])
      .where('id', '=', property.id)
      .executeTakeFirstOrThrow()
    await ctx.deps.db
      .insertInto('house_occupancy')
      .values({ property_id: property.id, area_id: row.area_id, person_id: person.personId, registration_id: null, accepted_by: null })
      .execute()
    return { ...person, property, address: row.address }
  }

  async function orderOf(personId: string) {
    const orders = await app.inject({ method: 'GET', url: '/api/isolation-orders?status=open', headers: { cookie: world.cookies.worker } })
    expect(orders.statusCode).toBe(200)
    return (orders.json() as { personId: string; address: string | null; responsibleName: string | null; source: string }[]).find(
      (o) => o.personId === personId,
    )
  }

  describe('an isolation order opened at the gate', () => {
    it('carries the address of the accepted occupancy and the grid worker of its grid', async () => {
      // The property's own grid has a worker: the nearest one answers, not the village's.
      await createTestAccount(ctx.deps, 'grid-a-worker', 'grid_worker', world.tree.gridA.id)
      const tenant = await occupant('yellow')
      expect((await scan({ healthCode: tenant.healthCode })).json().decision).toBe('home_isolation')
      expect(await orderOf(tenant.personId)).toMatchObject({ source: 'gate', address: tenant.address, responsibleName: 'grid-a-worker' })
    })

    it('falls back to the person’s recorded address and the grid worker of their own area', async () => {
      const person = await personWithHealthCode(app, world, 'yellow')
      const recorded = await ctx.deps.db.selectFrom('person').select('address').where('id', '=', person.personId).executeTakeFirstOrThrow()
      expect((await scan({ healthCode: person.healthCode })).json().decision).toBe('home_isolation')
      // The person lives in village A, whose grid worker is 'worker' (grid A's is not above it).
      expect(await orderOf(person.personId)).toMatchObject({ address: recorded.address, responsibleName: 'worker' })
    })
  })

  it('names the checkpoint and the time of the scan on a forged-code alert', async () => {
    const { healthCode } = await personWithHealthCode(app, world, 'green')
    const cose = unzlibStored(decodeBase45(healthCode.slice(4))).slice()
    cose[cose.length - 70]! ^= 0x01
    // Uploaded later from the scanner's offline queue: the alert tells when it was shown.
    const scannedAt = new Date(Date.now() - 40 * 60_000)
    scannedAt.setMilliseconds(0)
    const refused = await scan({ healthCode: `GL1:${encodeBase45(zlibStore(cose))}`, scannedAt: scannedAt.toISOString() })
    expect(refused.json().decision).toBe('refuse')
    const alerts = await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: world.cookies.worker } })
    const forged = (alerts.json() as { kind: string; placeName: string | null; createdAt: string; lastSeenAt: string }[]).find(
      (a) => a.kind === 'forged_code',
    )
    expect(forged).toMatchObject({ placeName: '东门卡口', createdAt: scannedAt.toISOString(), lastSeenAt: scannedAt.toISOString() })
  })

  it('tells the landlord which gate to come to, and when the tenant arrived', async () => {
    const tenant = await occupant('green')
    const poster = await app.inject({
      method: 'GET',
      url: `/api/housing/properties/${tenant.property.id}/poster`,
      headers: { cookie: world.cookies.landlord },
    })
    const scannedAt = new Date(Date.now() - 60_000)
    const response = await scan({ healthCode: tenant.healthCode, houseCode: poster.json().code, scannedAt: scannedAt.toISOString() })
    expect(response.json().decision).toBe('admit_escort')
    const notices = await app.inject({ method: 'GET', url: '/api/housing/notices', headers: { cookie: world.cookies.landlord } })
    const escort = (notices.json() as { kind: string; body: string }[]).find((n) => n.kind === 'gate_escort')
    // China time (UTC+8, no summer time), where the landlord reads it.
    const china = new Date(scannedAt.getTime() + 8 * 3_600_000).toISOString()
    expect(escort?.body).toBe(
      `李明 已于 ${china.slice(5, 10)} ${china.slice(11, 16)} 到达 东门卡口，请前往 东门卡口 接送至 ${tenant.address}`,
    )
  })
})
