import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { codedProperty, createHousingWorld, propertyInput, type HousingWorld } from '../../../../test/housing-fixtures.ts'
import { houseCodeFromScan } from '../../../shared/housing-link.ts'
import { buildApp } from '../../app.ts'

const PUBLIC_URL = 'http://gate.example.test:8080'

describe(`house-code poster batches on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: HousingWorld

  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_URL })
    app = await buildApp(ctx.deps, { logger: false })
    world = await createHousingWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const posters = (cookie: string, query: string) =>
    app.inject({ method: 'GET', url: `/api/housing/posters?${query}`, headers: { cookie } })

  it('prints every coded property of a village, each QR link under PUBLIC_URL around its code, whatever host the staff browser used', async () => {
    const a = await codedProperty(app, world)
    const b = await codedProperty(app, world)
    // A draft has no code yet: no poster.
    await app.inject({
      method: 'POST',
      url: '/api/housing/properties',
      headers: { cookie: world.cookies.landlord },
      payload: propertyInput(world.tree.gridA.id),
    })
    const response = await app.inject({
      method: 'GET',
      url: `/api/housing/posters?areaId=${world.tree.villageA.id}`,
      headers: { cookie: world.cookies.worker, host: 'localhost:5173' },
    })
    expect(response.statusCode, response.body).toBe(200)
    const batch = response.json()
    expect(batch.total).toBe(2)
    expect(batch.items.map((p: { propertyId: string }) => p.propertyId).sort()).toEqual([a.id, b.id].sort())
    for (const poster of batch.items) {
      expect(poster.link.startsWith(`${PUBLIC_URL}/h#`)).toBe(true)
      expect(houseCodeFromScan(poster.link)).toBe(poster.code)
      expect(poster.landlordPhone).toMatch(/^1\d{10}$/)
    }
    // Reading the landlords' numbers for the batch is audited.
    const audited = await ctx.deps.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('entity_type', '=', 'person')
      .where('entity_id', '=', world.landlord.personId)
      .where('action', '=', 'read')
      .execute()
    expect(audited.length).toBeGreaterThan(0)
  })

  it('prints only the chosen properties, and nothing of an area outside the caller’s scope', async () => {
    const a = await codedProperty(app, world)
    await codedProperty(app, world)
    const chosen = (await posters(world.cookies.worker, `ids=${a.id}`)).json()
    expect(chosen.items.map((p: { propertyId: string }) => p.propertyId)).toEqual([a.id])
    // Village B's grid worker asks for village A's property by id: not in their scope, not printed.
    expect((await posters(world.cookies.workerB, `ids=${a.id}`)).json()).toEqual({ items: [], total: 0 })
    const outside = await posters(world.cookies.workerB, `areaId=${world.tree.villageA.id}`)
    expect(outside.statusCode).toBe(422)
    expect(outside.json().code).toBe('AREA_OUTSIDE_SCOPE')
    const bad = await posters(world.cookies.worker, 'ids=not-a-uuid')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].field).toBe('ids')
  })
})
