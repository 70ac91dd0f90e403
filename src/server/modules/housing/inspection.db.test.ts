import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createHousingWorld, propertyInput, uploadFile, type HousingWorld } from '../../../../test/housing-fixtures.ts'
import { buildApp } from '../../app.ts'

/** Honest inspections: nothing passes by default, a fail says why, a fire-safety fail shows it. */
describe(`honest inspections on ${testDatabaseKind()}`, () => {
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

  const draft = async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/housing/properties',
      headers: { cookie: world.cookies.landlord },
      payload: propertyInput(world.tree.gridA.id),
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json().id as string
  }
  const submit = (id: string, locale = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: `/api/housing/properties/${id}/submit`,
      headers: { cookie: world.cookies.landlord, 'accept-language': locale },
    })
  const submitted = async () => {
    const id = await draft()
    await uploadFile(app, world.cookies.landlord, id)
    expect((await submit(id)).statusCode).toBe(200)
    return id
  }
  const signAsFire = (id: string, items: unknown[], locale = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: `/api/housing/properties/${id}/inspections`,
      headers: { cookie: world.cookies.fire, 'accept-language': locale },
      payload: { items },
    })
  const status = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/housing/properties/${id}`, headers: { cookie: world.cookies.landlord } })).json()
      .status as string

  describe('submission', () => {
    it('refuses to submit without a floor plan, on the floor-plan field, in the reader’s language', async () => {
      const id = await draft()
      const refused = await submit(id)
      expect(refused.statusCode).toBe(422)
      expect(refused.json()).toMatchObject({
        code: 'HOUSING_FLOOR_PLAN_MISSING',
        errors: [{ field: 'floorPlan', message: '请先上传户型图再提交申请' }],
      })
      expect((await submit(id, 'en')).json().errors[0].message).toBe('Upload the floor plan before submitting')
      expect(await status(id)).toBe('draft')
      // A photo of the house is not a floor plan.
      await uploadFile(app, world.cookies.landlord, id, 'photo')
      expect((await submit(id)).json().code).toBe('HOUSING_FLOOR_PLAN_MISSING')
      await uploadFile(app, world.cookies.landlord, id, 'floor_plan')
      expect((await submit(id)).json()).toMatchObject({ status: 'submitted' })
    })
  })

  describe('checklist', () => {
    it('refuses an unanswered item, naming it', async () => {
      const id = await submitted()
      const refused = await signAsFire(id, [
        { item: 'fire_safety', passed: true },
        { item: 'escape_routes', passed: null },
        { item: 'electrical', passed: true },
      ])
      expect(refused.statusCode).toBe(400)
      expect(refused.json().errors).toEqual([
        { field: 'items.1.passed', code: 'housing.item_unanswered', message: '请逐项选择合格或不合格' },
      ])
      expect(await status(id)).toBe('submitted')
    })

    it('refuses a checklist with an item left out', async () => {
      const id = await submitted()
      const refused = await signAsFire(id, [
        { item: 'fire_safety', passed: true },
        { item: 'electrical', passed: true },
      ])
      expect(refused.json()).toMatchObject({ status: 422, code: 'HOUSING_CHECKLIST_MISMATCH' })
    })

    it('refuses a failed item without a note', async () => {
      const id = await submitted()
      const refused = await signAsFire(
        id,
        [
          { item: 'fire_safety', passed: true },
          { item: 'escape_routes', passed: false, note: '  ' },
          { item: 'electrical', passed: true },
        ],
        'en',
      )
      expect(refused.json().errors).toEqual([
        { field: 'items.1.note', code: 'housing.fail_needs_note', message: 'Give the reason for a failed item' },
      ])
    })

    it('refuses a failed fire-safety item without a photo, and one with somebody else’s photo', async () => {
      const id = await submitted()
      const noPhoto = await signAsFire(id, [
        { item: 'fire_safety', passed: false, note: '灭火器过期' },
        { item: 'escape_routes', passed: true },
        { item: 'electrical', passed: true },
      ])
      expect(noPhoto.json().errors).toEqual([
        { field: 'items.0.photoIds', code: 'housing.fail_needs_photo', message: '消防安全不合格须上传现场照片' },
      ])
      // A photo taken at another property does not show this one.
      const other = await submitted()
      const elsewhere = await uploadFile(app, world.cookies.fire, other, 'inspection')
      const borrowed = await signAsFire(id, [
        { item: 'fire_safety', passed: false, note: '灭火器过期', photoIds: [elsewhere] },
        { item: 'escape_routes', passed: true },
        { item: 'electrical', passed: true },
      ])
      expect(borrowed.json()).toMatchObject({
        status: 422,
        code: 'HOUSING_INSPECTION_PHOTO_UNKNOWN',
        errors: [{ field: 'items.0.photoIds' }],
      })
      expect(await status(id)).toBe('submitted')
    })

    it('returns the application on a fire-safety fail shown by a photo, keeping the photo with the item', async () => {
      const id = await submitted()
      const photo = await uploadFile(app, world.cookies.fire, id, 'inspection')
      const signed = await signAsFire(id, [
        { item: 'fire_safety', passed: false, note: '灭火器过期', photoIds: [photo] },
        { item: 'escape_routes', passed: true },
        { item: 'electrical', passed: true },
      ])
      expect(signed.statusCode, signed.body).toBe(200)
      const detail = signed.json()
      expect(detail.status).toBe('returned')
      expect(detail.inspections[0].items[0]).toMatchObject({ item: 'fire_safety', passed: false, note: '灭火器过期', photoIds: [photo] })
      expect(detail.files).toContainEqual(expect.objectContaining({ id: photo, inspectionId: detail.inspections[0].id }))
    })
  })
})
