import { randomUUID, createPublicKey, verify } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { decodeBase45, encodeBase45, unzlibStored, zlibStore } from '../../../shared/codes/index.ts'
import { personInputSchema } from '../../../shared/schemas/person.ts'
import { buildApp } from '../../app.ts'
import { createApiClient } from '../codes/api-client.ts'
import { issueHouseCode } from '../codes/codes.service.ts'

describe(`gate scans on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let guard: string
  let worker: string
  let health: string
  let admin: string
  let checkpointId: string

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'guard', 'guard', tree.villageA.id)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'health', 'health_officer', tree.district.id)
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    guard = await login(app, 'guard')
    worker = await login(app, 'worker')
    health = await login(app, 'health')
    admin = await login(app, 'admin')
    const checkpoint = await app.inject({
      method: 'POST',
      url: '/api/gate/checkpoints',
      headers: { cookie: worker },
      payload: { areaId: tree.villageA.id, name: '东门卡口' },
    })
    checkpointId = checkpoint.json().id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  async function personWithColour(colour: 'green' | 'yellow' | 'red', areaId = tree.villageA.id) {
    const created = await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(areaId) })
    const id = created.json().id as string
    const set = await app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${id}`,
      headers: { cookie: health },
      payload: { colour, reason: 'test' },
    })
    expect(set.statusCode).toBe(204)
    return id
  }
  async function healthCodeOf(personId: string) {
    const issued = await app.inject({ method: 'POST', url: `/api/codes/health/${personId}`, headers: { cookie: worker } })
    expect(issued.statusCode).toBe(201)
    return issued.json().code as string
  }
  const scan = (payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: { cookie: guard },
      payload: { clientScanId: randomUUID(), checkpointId, deviceId: 'phone-1', temperature: 36.5, ...payload },
    })
  const passages = async () => (await ctx.deps.db.selectFrom('passage').select('id').execute()).length

  it('admits a green code and logs one passage', async () => {
    const before = await passages()
    const code = await healthCodeOf(await personWithColour('green'))
    expect(code).toMatch(/^GL1:[0-9A-Z $%*+\-./:]+$/)
    const response = await scan({ healthCode: code })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      decision: 'admit',
      colour: 'green',
      reasons: ['HEALTH_GREEN'],
      personName: '张三',
      duplicate: false,
    })
    expect(await passages()).toBe(before + 1)
  })

  it('counts the same client scan id once, however often it arrives', async () => {
    const code = await healthCodeOf(await personWithColour('green'))
    const clientScanId = randomUUID()
    const before = await passages()
    const answers = await Promise.all(Array.from({ length: 10 }, () => scan({ healthCode: code, clientScanId })))
    expect(answers.every((a) => a.statusCode === 200 && a.json().decision === 'admit')).toBe(true)
    expect(answers.filter((a) => !a.json().duplicate)).toHaveLength(1)
    expect(new Set(answers.map((a) => a.json().passageId)).size).toBe(1)
    expect(await passages()).toBe(before + 1)
  })

  it('logs every one of many concurrent scans', async () => {
    const code = await healthCodeOf(await personWithColour('green'))
    const before = await passages()
    const answers = await Promise.all(Array.from({ length: 60 }, () => scan({ healthCode: code })))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(60).fill(200))
    expect(await passages()).toBe(before + 60)
  })

  it('sends a yellow code to home isolation, opens an order and alerts the grid worker', async () => {
    const personId = await personWithColour('yellow', tree.gridA.id)
    const response = await scan({ healthCode: await healthCodeOf(personId) })
    expect(response.json()).toMatchObject({ decision: 'home_isolation', colour: 'yellow' })
    const order = await ctx.deps.db.selectFrom('isolation_order').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow()
    expect(order).toMatchObject({ kind: 'home', status: 'open', source: 'gate', area_id: tree.gridA.id })
    const alerts = await app.inject({ method: 'GET', url: '/api/alerts', headers: { cookie: worker } })
    expect(alerts.json()).toContainEqual(expect.objectContaining({ kind: 'isolation_home', personId }))
  })

  it('sends a red code to centralised isolation', async () => {
    const personId = await personWithColour('red')
    expect((await scan({ healthCode: await healthCodeOf(personId) })).json().decision).toBe('centralised_isolation')
    const order = await ctx.deps.db.selectFrom('isolation_order').select('kind').where('person_id', '=', personId).executeTakeFirstOrThrow()
    expect(order.kind).toBe('centralised')
  })

  it('refuses a tampered code and raises one security alert however often it is tried', async () => {
    const code = await healthCodeOf(await personWithColour('green'))
    const cose = unzlibStored(decodeBase45(code.slice(4))).slice()
    cose[cose.length - 70]! ^= 0x01 // inside the signed payload
    const forged = `GL1:${encodeBase45(zlibStore(cose))}`
    const first = await scan({ healthCode: forged })
    expect(first.json()).toMatchObject({ decision: 'refuse', reasons: ['CODE_BAD_SIGNATURE'], personName: null })
    await scan({ healthCode: forged })
    const alerts = await ctx.deps.db.selectFrom('alert').selectAll().where('kind', '=', 'forged_code').execute()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ occurrences: 2, subject_ref: checkpointId, area_id: tree.villageA.id })
  })

  it('refuses a green person with a fever and raises a health alert', async () => {
    const personId = await personWithColour('green')
    const response = await scan({ healthCode: await healthCodeOf(personId), temperature: 37.3 })
    expect(response.json()).toMatchObject({ decision: 'refuse', reasons: ['HEALTH_GREEN', 'FEVER'], temperature: 37.3 })
    const alert = await ctx.deps.db.selectFrom('alert').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow()
    expect(alert.kind).toBe('fever')
  })

  it('refuses a code issued before the colour changed', async () => {
    const personId = await personWithColour('green')
    const code = await healthCodeOf(personId)
    await app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${personId}`,
      headers: { cookie: health },
      payload: { colour: 'red', reason: 'test' },
    })
    expect((await scan({ healthCode: code })).json()).toMatchObject({ decision: 'refuse', reasons: ['CODE_REVOKED'] })
  })

  it('keeps verifying codes signed before a key rotation, and signs new ones with the new key', async () => {
    const personId = await personWithColour('green')
    const before = await healthCodeOf(personId)
    const rotated = await app.inject({ method: 'POST', url: '/api/codes/keys/rotate', headers: { cookie: admin } })
    expect(rotated.statusCode).toBe(200)
    expect((await scan({ healthCode: before })).json().decision).toBe('admit')
    expect((await scan({ healthCode: await healthCodeOf(personId) })).json().decision).toBe('admit')
    const list = await app.inject({ method: 'GET', url: '/api/codes/trust-list' })
    expect(JSON.parse(list.json().payload).keys).toHaveLength(2)
  })

  it('calls the landlord to escort a green tenant who shows the house code', async () => {
    const landlord = await ctx.deps.db.selectFrom('person').select('id').limit(1).executeTakeFirstOrThrow()
    const property = await ctx.deps.db
      .insertInto('rental_property')
      .values({ area_id: tree.villageA.id, landlord_person_id: landlord.id, address: '蛎灰窑 12 号', rooms: 4, beds: 8 })
      .returning(['id', 'area_id'])
      .executeTakeFirstOrThrow()
    const house = await issueHouseCode(ctx.deps, ctx.deps.db, property)
    const tenantId = await personWithColour('green')
    // Only an accepted occupant is escorted (the house-code module's rule).
    await ctx.deps.db
      .insertInto('house_occupancy')
      .values({ property_id: property.id, area_id: property.area_id, person_id: tenantId, registration_id: null, accepted_by: null })
      .execute()
    const response = await scan({ healthCode: await healthCodeOf(tenantId), houseCode: house.code })
    expect(response.json()).toMatchObject({ decision: 'admit_escort', reasons: ['HEALTH_GREEN', 'HOUSE_CODE_OK'] })
    const notice = await ctx.deps.db
      .selectFrom('notification')
      .selectAll()
      .where('recipient_person_id', '=', landlord.id)
      .executeTakeFirstOrThrow()
    expect(notice).toMatchObject({ kind: 'gate_escort' })
    expect(notice.body).toContain('东门卡口')
  })

  it('answers 404 for a checkpoint outside the guard’s area', async () => {
    const other = await app.inject({
      method: 'POST',
      url: '/api/gate/checkpoints',
      headers: { cookie: admin },
      payload: { areaId: tree.villageB.id, name: '东山北门' },
    })
    const response = await scan({ checkpointId: other.json().id, healthCode: 'GL1:ABC' })
    expect(response.statusCode).toBe(404)
  })

  it('serves a trust list signed by the pinned trust-list key', async () => {
    const anchor = (await app.inject({ method: 'GET', url: '/api/codes/trust-anchor' })).json()
    const list = (await app.inject({ method: 'GET', url: '/api/codes/trust-list' })).json()
    const key = createPublicKey({ key: Buffer.from(anchor.publicKey, 'base64'), format: 'der', type: 'spki' })
    const ok = verify('sha256', Buffer.from(list.payload), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(list.signature, 'base64url'))
    expect(ok).toBe(true)
    expect(
      verify(
        'sha256',
        Buffer.from(list.payload.replace('"version"', '"versiom"')),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(list.signature, 'base64url'),
      ),
    ).toBe(false)
    expect(JSON.parse(list.payload).revocations.length).toBeGreaterThan(0)
  })

  describe('health status from an external system', () => {
    it('accepts colours pushed with a valid token and refuses without one', async () => {
      const idNumber = personInputSchema.parse(personInput(tree.villageA.id)).idNumber
      await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: worker },
        payload: personInput(tree.villageA.id, { idNumber }),
      })
      const { token } = await createApiClient(ctx.deps.db, {
        name: 'provincial health code',
        areaId: tree.district.id,
        scope: 'health_status',
      })
      const items = [
        { idType: 'resident_id', idNumber, colour: 'yellow' },
        { idType: 'resident_id', idNumber: '11010519491231002X', colour: 'red' },
      ]
      const refused = await app.inject({ method: 'POST', url: '/api/codes/health-status/push', payload: { items } })
      expect(refused.statusCode).toBe(401)
      const bad = await app.inject({
        method: 'POST',
        url: '/api/codes/health-status/push',
        headers: { authorization: 'Bearer glk_wrong' },
        payload: { items },
      })
      expect(bad.statusCode).toBe(401)
      const pushed = await app.inject({
        method: 'POST',
        url: '/api/codes/health-status/push',
        headers: { authorization: `Bearer ${token}` },
        payload: { items },
      })
      expect(pushed.json()).toEqual({ updated: 1, unchanged: 0, notFound: [1] })
    })

    it('imports colours from CSV, all rows or none', async () => {
      const idNumber = personInputSchema.parse(personInput(tree.villageA.id)).idNumber
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: worker },
        payload: personInput(tree.villageA.id, { idNumber }),
      })
      const importCsv = (csv: string) =>
        app.inject({
          method: 'POST',
          url: '/api/codes/health-status/import',
          headers: { cookie: health, 'content-type': 'text/csv' },
          payload: csv,
        })
      const bad = await importCsv(`id_type,id_number,colour\nresident_id,${idNumber},red\nresident_id,${idNumber},purple\n`)
      expect(bad.json()).toMatchObject({ applied: 0, errors: [{ line: 3, field: 'colour' }] })
      expect(
        await ctx.deps.db.selectFrom('health_status').select('colour').where('person_id', '=', created.json().id).executeTakeFirst(),
      ).toBeUndefined()
      const good = await importCsv(`id_type,id_number,colour\nresident_id,${idNumber},red\n`)
      expect(good.json()).toEqual({ total: 1, applied: 1, changed: 1, errors: [] })
    })
  })
})
