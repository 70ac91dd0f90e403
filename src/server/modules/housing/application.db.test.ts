import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createTestAccount, login } from '../../../../test/factories.ts'
import {
  checklist,
  codedProperty,
  createHousingWorld,
  PNG,
  propertyInput,
  uploadFile,
  type HousingWorld,
} from '../../../../test/housing-fixtures.ts'
import { MAX_UPLOAD_BYTES } from '../../../shared/schemas/housing.ts'
import { buildApp } from '../../app.ts'

describe(`house-code applications on ${testDatabaseKind()}`, () => {
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
  const draft = async (overrides = {}) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/housing/properties',
      headers: as('landlord'),
      payload: propertyInput(world.tree.gridA.id, overrides),
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json().id as string
  }
  // Submission needs a floor plan: one is uploaded first (refused, and harmless, once submitted).
  const submit = async (id: string, who: keyof HousingWorld['cookies'] = 'landlord') => {
    await app.inject({
      method: 'POST',
      url: `/api/housing/properties/${id}/files?kind=floor_plan&name=plan.png`,
      headers: { ...as(who), 'content-type': 'image/png' },
      payload: PNG,
    })
    return app.inject({ method: 'POST', url: `/api/housing/properties/${id}/submit`, headers: as(who) })
  }
  const inspect = async (id: string, who: 'cadre' | 'worker' | 'fire', failed: string[] = []) => {
    const role = ({ cadre: 'village_cadre', worker: 'grid_worker', fire: 'fire_inspector' } as const)[who]
    // A failed fire-safety item is shown by a photo.
    const photoIds = failed.includes('fire_safety') ? [await uploadFile(app, world.cookies[who], id, 'inspection')] : []
    return app.inject({
      method: 'POST',
      url: `/api/housing/properties/${id}/inspections`,
      headers: as(who),
      payload: checklist(role, failed, photoIds),
    })
  }
  const detail = async (id: string, who: keyof HousingWorld['cookies'] = 'landlord') =>
    (await app.inject({ method: 'GET', url: `/api/housing/properties/${id}`, headers: as(who) })).json()

  describe('state transitions', () => {
    it('walks draft → submitted → under inspection → passed → code issued, keeping the history', async () => {
      const id = await draft({ capacity: 6 })
      expect((await detail(id)).status).toBe('draft')
      expect((await submit(id)).json()).toMatchObject({ status: 'submitted' })
      expect((await inspect(id, 'fire')).json()).toMatchObject({
        status: 'under_inspection',
        awaitingRoles: ['village_cadre', 'grid_worker'],
      })
      expect((await inspect(id, 'cadre')).json().status).toBe('under_inspection')
      const issued = (await inspect(id, 'worker')).json()
      expect(issued).toMatchObject({ status: 'code_issued', awaitingRoles: [] })
      expect(issued.codeIssuedAt).toBeTruthy()
      expect(issued.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
        'draft',
        'submitted',
        'under_inspection',
        'passed',
        'code_issued',
      ])
      expect(issued.inspections).toHaveLength(3)
      const poster = (await app.inject({ method: 'GET', url: `/api/housing/properties/${id}/poster`, headers: as('landlord') })).json()
      expect(poster).toMatchObject({ address: issued.address, landlordName: '郑阿福', landlordPhone: '13812345678', capacity: 6 })
      expect(poster.code).toMatch(/^GL1:/)
      const notices = (await app.inject({ method: 'GET', url: '/api/housing/notices', headers: as('landlord') })).json()
      expect(notices[0]).toMatchObject({ kind: 'house_code_issued' })
    })

    it('returns a failed application with the reasons, and a resubmission starts a new round', async () => {
      const id = await draft()
      await submit(id)
      expect((await inspect(id, 'cadre')).statusCode).toBe(200)
      const returned = (await inspect(id, 'fire', ['fire_safety'])).json()
      expect(returned.status).toBe('returned')
      expect(returned.events.at(-1)).toMatchObject({ fromStatus: 'under_inspection', toStatus: 'returned', note: 'fire_safety 不合格' })
      const notices = (await app.inject({ method: 'GET', url: '/api/housing/notices', headers: as('landlord') })).json()
      expect(notices[0]).toMatchObject({ kind: 'house_application_returned', body: expect.stringContaining('fire_safety 不合格') })
      // Returned: the landlord corrects and resubmits; the earlier pass no longer counts.
      expect((await inspect(id, 'worker')).json().code).toBe('HOUSING_BAD_TRANSITION')
      const edited = await app.inject({
        method: 'PUT',
        url: `/api/housing/properties/${id}`,
        headers: as('landlord'),
        payload: propertyInput(world.tree.gridA.id, { capacity: 3 }),
      })
      expect(edited.json()).toMatchObject({ capacity: 3, status: 'returned' })
      expect((await submit(id)).json()).toMatchObject({ status: 'submitted', round: 2 })
      expect((await detail(id)).awaitingRoles).toEqual(['village_cadre', 'grid_worker', 'fire_inspector'])
      await inspect(id, 'cadre')
      await inspect(id, 'fire')
      expect((await inspect(id, 'worker')).json().status).toBe('code_issued')
    })

    it('suspends, reinstates with a new code, and revokes for good', async () => {
      const { id, code } = await codedProperty(app, world)
      const suspended = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/suspend`,
        headers: as('cadre'),
        payload: { reason: '消防通道堵塞' },
      })
      expect(suspended.json()).toMatchObject({ status: 'suspended' })
      const trust = JSON.parse((await app.inject({ method: 'GET', url: '/api/codes/trust-list' })).json().payload)
      const revoked = await ctx.deps.db.selectFrom('issued_code').select(['cti', 'revoke_reason']).where('property_id', '=', id).execute()
      expect(revoked).toEqual([expect.objectContaining({ revoke_reason: 'suspended' })])
      expect(trust.revocations).toContain(revoked[0]!.cti)
      expect((await app.inject({ method: 'GET', url: `/api/housing/properties/${id}/poster`, headers: as('landlord') })).json().code).toBe(
        'HOUSING_NOT_ACCEPTING',
      )
      expect(
        (await app.inject({ method: 'POST', url: `/api/housing/properties/${id}/issue-code`, headers: as('worker') })).json().status,
      ).toBe('code_issued')
      const fresh = (await app.inject({ method: 'GET', url: `/api/housing/properties/${id}/poster`, headers: as('landlord') })).json().code
      expect(fresh).not.toBe(code)
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/housing/properties/${id}/revoke`,
            headers: as('admin'),
            payload: { reason: '违章搭建' },
          })
        ).json().status,
      ).toBe('revoked')
      const again = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/suspend`,
        headers: as('admin'),
        payload: { reason: 'x' },
      })
      expect(again.statusCode).toBe(409)
      expect(again.json().code).toBe('HOUSING_BAD_TRANSITION')
      expect(
        await ctx.deps.db.selectFrom('issued_code').select('cti').where('property_id', '=', id).where('revoked_at', 'is', null).execute(),
      ).toEqual([])
    })
  })

  describe('refusals', () => {
    it('refuses an inspection of a draft, a second sign-off of one role, and a wrong checklist', async () => {
      const id = await draft()
      expect((await inspect(id, 'cadre')).json()).toMatchObject({ code: 'HOUSING_BAD_TRANSITION' })
      await submit(id)
      expect((await inspect(id, 'cadre')).statusCode).toBe(200)
      expect((await inspect(id, 'cadre')).json()).toMatchObject({ code: 'HOUSING_ALREADY_INSPECTED' })
      const wrongList = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/inspections`,
        headers: as('fire'),
        payload: checklist('village_cadre'),
      })
      expect(wrongList.statusCode).toBe(422)
      expect(wrongList.json().code).toBe('HOUSING_CHECKLIST_MISMATCH')
      const noReason = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/inspections`,
        headers: as('fire'),
        payload: { items: [{ item: 'fire_safety', passed: false }] },
      })
      expect(noReason.statusCode).toBe(400)
      expect(noReason.json().errors).toEqual([
        expect.objectContaining({ field: 'items.0.note', code: 'housing.fail_needs_note' }),
        expect.objectContaining({ field: 'items.0.photoIds', code: 'housing.fail_needs_photo' }),
      ])
    })

    it('refuses changes to a submitted application and a second submission', async () => {
      const id = await draft()
      await submit(id)
      const edit = await app.inject({
        method: 'PUT',
        url: `/api/housing/properties/${id}`,
        headers: as('landlord'),
        payload: propertyInput(world.tree.gridA.id),
      })
      expect(edit.json()).toMatchObject({ status: 409, code: 'HOUSING_NOT_EDITABLE' })
      expect((await submit(id)).json().code).toBe('HOUSING_BAD_TRANSITION')
    })

    it.each([
      ['a guard applying', 'guard', 'POST', '/api/housing/properties'],
      ['a fire inspector applying', 'fire', 'POST', '/api/housing/properties'],
      ['a landlord signing off', 'landlord', 'POST', '/api/housing/properties/:id/inspections'],
      ['a fire inspector suspending', 'fire', 'POST', '/api/housing/properties/:id/suspend'],
      ['a landlord issuing the code', 'landlord', 'POST', '/api/housing/properties/:id/issue-code'],
      ['a guard reading properties', 'guard', 'GET', '/api/housing/properties'],
      ['a landlord reading the outbox', 'landlord', 'GET', '/api/housing/outbox'],
      ['a landlord importing', 'landlord', 'POST', '/api/housing/import'],
    ] as const)('refuses %s (403)', async (_name, who, method, url) => {
      const id = await draft()
      const response = await app.inject({
        method,
        url: url.replace(':id', id),
        headers: as(who),
        payload: method === 'POST' ? { reason: 'x', items: [] } : undefined,
      })
      expect(response.statusCode).toBe(403)
      expect(response.json().code).toBe('FORBIDDEN')
    })

    it('hides another village’s and another landlord’s properties (404) on every property route', async () => {
      const id = await draft()
      await submit(id)
      const routes: [string, string, object?][] = [
        ['GET', `/api/housing/properties/${id}`],
        ['PUT', `/api/housing/properties/${id}`, propertyInput(world.tree.villageB.id)],
        ['POST', `/api/housing/properties/${id}/submit`],
        ['POST', `/api/housing/properties/${id}/inspections`, checklist('grid_worker')],
        ['POST', `/api/housing/properties/${id}/suspend`, { reason: 'x' }],
        ['POST', `/api/housing/properties/${id}/issue-code`],
        ['GET', `/api/housing/properties/${id}/poster`],
        ['GET', `/api/housing/properties/${id}/registrations`],
        ['GET', `/api/housing/properties/${id}/occupants`],
      ]
      for (const [method, url, payload] of routes) {
        const response = await app.inject({ method: method as 'GET', url, headers: as('workerB'), payload })
        expect(response.statusCode, `${method} ${url}`).toBe(404)
      }
      expect((await app.inject({ method: 'GET', url: `/api/housing/properties/${id}`, headers: as('landlordB') })).statusCode).toBe(404)
      const list = (await app.inject({ method: 'GET', url: '/api/housing/properties', headers: as('landlordB') })).json()
      expect(list.items.map((p: { id: string }) => p.id)).not.toContain(id)
      const wrongArea = await app.inject({
        method: 'POST',
        url: '/api/housing/properties',
        headers: as('landlord'),
        payload: propertyInput(world.tree.villageB.id),
      })
      expect(wrongArea.json()).toMatchObject({ status: 422, code: 'AREA_OUTSIDE_SCOPE' })
    })

    it('lets staff apply for a landlord they name, and only for one in their area', async () => {
      const missing = await app.inject({
        method: 'POST',
        url: '/api/housing/properties',
        headers: as('worker'),
        payload: propertyInput(world.tree.villageA.id),
      })
      expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'landlordPersonId', code: 'HOUSING_LANDLORD_REQUIRED' })])
      const foreign = await app.inject({
        method: 'POST',
        url: '/api/housing/properties',
        headers: as('worker'),
        payload: propertyInput(world.tree.villageA.id, { landlordPersonId: world.landlordB.personId }),
      })
      expect(foreign.json().code).toBe('HOUSING_LANDLORD_NOT_FOUND')
      const ok = await app.inject({
        method: 'POST',
        url: '/api/housing/properties',
        headers: as('worker'),
        payload: propertyInput(world.tree.villageA.id, { landlordPersonId: world.landlord.personId }),
      })
      expect(ok.json()).toMatchObject({ landlordName: '郑阿福', status: 'draft' })
    })

    it('tells a landlord account without a landlord record what is wrong', async () => {
      await createTestAccount(ctx.deps, 'unlinked', 'landlord', world.tree.villageA.id)
      const response = await app.inject({
        method: 'GET',
        url: '/api/housing/properties',
        headers: { cookie: await login(app, 'unlinked') },
      })
      expect(response.json()).toMatchObject({ status: 403, code: 'HOUSING_NOT_A_LANDLORD' })
    })
  })

  describe('uploads', () => {
    const upload = (id: string, body: Buffer, type: string, who: keyof HousingWorld['cookies'] = 'landlord', kind = 'floor_plan') =>
      app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/files?kind=${kind}&name=${encodeURIComponent('户型图.png')}`,
        headers: { ...as(who), 'content-type': type },
        payload: body,
      })

    it('stores a floor plan and serves it back to those who may see the property', async () => {
      const id = await draft()
      const stored = await upload(id, PNG, 'image/png')
      expect(stored.statusCode, stored.body).toBe(201)
      expect(stored.json()).toMatchObject({
        kind: 'floor_plan',
        contentType: 'image/png',
        sizeBytes: PNG.length,
        originalName: '户型图.png',
      })
      const file = await app.inject({ method: 'GET', url: `/api/housing/files/${stored.json().id}`, headers: as('cadre') })
      expect(file.headers['content-type']).toBe('image/png')
      expect(file.rawPayload.equals(PNG)).toBe(true)
      expect(
        (await app.inject({ method: 'GET', url: `/api/housing/files/${stored.json().id}`, headers: as('landlordB') })).statusCode,
      ).toBe(404)
      expect((await detail(id)).files).toHaveLength(1)
    })

    it('refuses an oversize upload with 413', async () => {
      const id = await draft()
      const big = Buffer.concat([PNG, Buffer.alloc(MAX_UPLOAD_BYTES)])
      const response = await upload(id, big, 'image/png')
      expect(response.statusCode).toBe(413)
      expect(response.json().code).toBe('HOUSING_UPLOAD_TOO_LARGE')
    })

    it('refuses a type it does not take, and a file whose bytes are not what it claims', async () => {
      const id = await draft()
      const text = await upload(id, Buffer.from('hello'), 'text/plain')
      expect(text.statusCode).toBe(415)
      expect(text.json().code).toBe('HOUSING_UPLOAD_TYPE')
      const disguised = await upload(id, Buffer.from('<script>alert(1)</script>'), 'image/png')
      expect(disguised.statusCode).toBe(415)
    })

    it('keeps the type the bytes are, not the name: poly.html that is a PNG is stored and named as a PNG', async () => {
      const id = await draft()
      const stored = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/files?kind=photo&name=poly.html`,
        headers: { ...as('landlord'), 'content-type': 'image/png' },
        payload: PNG,
      })
      expect(stored.statusCode, stored.body).toBe(201)
      expect(stored.json()).toMatchObject({ contentType: 'image/png', originalName: 'poly.png' })
      const row = await ctx.deps.db
        .selectFrom('house_file')
        .select(['storage_key', 'original_name'])
        .where('id', '=', stored.json().id)
        .executeTakeFirstOrThrow()
      // Stored under a generated name, not the uploader's.
      expect(row.storage_key).toMatch(new RegExp(`^housing/${id}/${stored.json().id}\\.png$`))
      const image = await app.inject({ method: 'GET', url: `/api/housing/files/${stored.json().id}`, headers: as('cadre') })
      expect(image.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' })
      expect(image.headers['content-disposition']).toBe("inline; filename*=UTF-8''poly.png")
    })

    it('serves a PDF as a download, never rendered in our origin', async () => {
      const id = await draft()
      const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF')
      const stored = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/files?kind=document&name=${encodeURIComponent('租赁合同.pdf')}`,
        headers: { ...as('landlord'), 'content-type': 'application/pdf' },
        payload: pdf,
      })
      expect(stored.statusCode, stored.body).toBe(201)
      const file = await app.inject({ method: 'GET', url: `/api/housing/files/${stored.json().id}`, headers: as('cadre') })
      expect(file.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' })
      expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('租赁合同.pdf')}`)
    })

    it('takes landlord files only before submission, and inspectors’ photos with their sign-off', async () => {
      const id = await draft()
      await submit(id)
      expect((await upload(id, PNG, 'image/png')).json().code).toBe('HOUSING_NOT_EDITABLE')
      const photo = await upload(id, PNG, 'image/png', 'fire', 'inspection')
      expect(photo.statusCode).toBe(201)
      const signed = await app.inject({
        method: 'POST',
        url: `/api/housing/properties/${id}/inspections`,
        headers: as('fire'),
        payload: { ...checklist('fire_inspector'), photoIds: [photo.json().id] },
      })
      const inspection = signed.json().inspections[0]
      expect(signed.json().files).toEqual([
        expect.objectContaining({ kind: 'floor_plan', inspectionId: null }),
        expect.objectContaining({ id: photo.json().id, inspectionId: inspection.id }),
      ])
    })
  })

  describe('work list', () => {
    it('lists what waits for the inspector’s role, longest waiting first', async () => {
      const first = await draft()
      const second = await draft()
      await submit(first)
      await submit(second)
      await ctx.deps.db
        .updateTable('rental_property')
        .set({ submitted_at: new Date(Date.now() - 72 * 3600_000) })
        .where('id', '=', second)
        .execute()
      const list = (await app.inject({ method: 'GET', url: '/api/housing/worklist', headers: as('fire') })).json()
      const ids = list.map((p: { id: string }) => p.id)
      expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first))
      expect(list.find((p: { id: string }) => p.id === second).waitingHours).toBeGreaterThanOrEqual(71)
      await inspect(second, 'fire')
      const after = (await app.inject({ method: 'GET', url: '/api/housing/worklist', headers: as('fire') })).json()
      expect(after.map((p: { id: string }) => p.id)).not.toContain(second)
      const forCadre = (await app.inject({ method: 'GET', url: '/api/housing/worklist', headers: as('cadre') })).json()
      expect(forCadre.find((p: { id: string }) => p.id === second).signedRoles).toEqual(['fire_inspector'])
      expect(
        (await app.inject({ method: 'GET', url: '/api/housing/worklist', headers: as('workerB') })).json().map((p: { id: string }) => p.id),
      ).not.toContain(second)
    })
  })
})
