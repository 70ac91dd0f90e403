import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput, residentId } from '../../../../test/factories.ts'
import type { HealthHistory } from '../../../shared/schemas/codes.ts'
import { buildApp } from '../../app.ts'
import { writeXlsx } from '../housing/xlsx.ts'
import { createApiClient } from './api-client.ts'
import { currentHealthStatus } from './index.ts'

describe(`health officer screens on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: string
  let health: string
  let outsider: string

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'health', 'health_officer', tree.district.id)
    await createTestAccount(ctx.deps, 'health-ouhai', 'health_officer', tree.otherDistrict.id)
    worker = await login(app, 'worker')
    health = await login(app, 'health')
    outsider = await login(app, 'health-ouhai')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  async function person(idNumber = residentId()) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: worker },
      payload: personInput(tree.villageA.id, { idNumber }),
    })
    expect(created.statusCode).toBe(201)
    return { id: created.json().id as string, idNumber }
  }
  const setColour = (id: string, payload: Record<string, unknown>, cookie = health) =>
    app.inject({ method: 'PUT', url: `/api/codes/health-status/${id}`, headers: { cookie }, payload })
  const history = async (id: string): Promise<HealthHistory> => {
    const response = await app.inject({ method: 'GET', url: `/api/codes/health-status/${id}`, headers: { cookie: health } })
    expect(response.statusCode).toBe(200)
    return response.json()
  }
  const importFile = (body: string | Buffer, { type = 'text/csv', query = '', language = 'zh-CN' } = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/codes/health-status/import${query}`,
      headers: { cookie: health, 'content-type': type, 'accept-language': language },
      payload: body,
    })
  const colourOf = async (id: string) =>
    (await ctx.deps.db.selectFrom('health_status').select('colour').where('person_id', '=', id).executeTakeFirst())?.colour
  const issueCode = async (id: string) => {
    const issued = await app.inject({ method: 'POST', url: `/api/codes/health/${id}`, headers: { cookie: worker } })
    expect(issued.statusCode).toBe(201)
    const row = await ctx.deps.db
      .selectFrom('issued_code')
      .select('cti')
      .where('person_id', '=', id)
      .orderBy('issued_at', 'desc')
      .executeTakeFirstOrThrow()
    return row.cti
  }
  const trustRevocations = async () =>
    JSON.parse((await app.inject({ method: 'GET', url: '/api/codes/trust-list' })).json().payload).revocations as string[]

  describe('setting a colour', () => {
    it('needs a reason, worded in the reader’s language, and changes nothing without one', async () => {
      const { id } = await person()
      const missing = await setColour(id, { colour: 'yellow' })
      expect(missing.statusCode).toBe(400)
      expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'reason' })])
      const blank = await app.inject({
        method: 'PUT',
        url: `/api/codes/health-status/${id}`,
        headers: { cookie: health, 'accept-language': 'en' },
        payload: { colour: 'yellow', reason: '   ' },
      })
      expect(blank.statusCode).toBe(400)
      expect(blank.json().errors).toEqual([expect.objectContaining({ field: 'reason', message: 'This field is required' })])
      expect(await colourOf(id)).toBeUndefined()
    })

    it('keeps each change with who, why, and the colour before; the same colour again adds nothing', async () => {
      const { id } = await person()
      expect((await setColour(id, { colour: 'green', reason: '核酸阴性' })).statusCode).toBe(204)
      expect((await setColour(id, { colour: 'yellow', reason: '密接者，居家观察' })).statusCode).toBe(204)
      expect((await setColour(id, { colour: 'yellow', reason: '再次确认' })).statusCode).toBe(204)
      const { current, events } = await history(id)
      expect(current).toMatchObject({ colour: 'yellow', source: 'officer' })
      expect(events).toEqual([
        expect.objectContaining({ from: 'green', to: 'yellow', source: 'officer', by: 'health', reason: '密接者，居家观察' }),
        expect.objectContaining({ from: null, to: 'green', source: 'officer', by: 'health', reason: '核酸阴性' }),
      ])
      const status = await currentHealthStatus(ctx.deps.db, id)
      expect(status?.colour).toBe('yellow')
      expect(status?.setAt.toISOString()).toBe(events[0]!.at)
    })

    it('audits each read of the history and hides people outside the officer’s area', async () => {
      const { id } = await person()
      await history(id)
      const reads = await ctx.deps.db
        .selectFrom('audit_log')
        .select('username')
        .where('entity_type', '=', 'health_status')
        .where('action', '=', 'read')
        .where('entity_id', '=', id)
        .execute()
      expect(reads).toEqual([{ username: 'health' }])
      expect((await app.inject({ method: 'GET', url: `/api/codes/health-status/${id}`, headers: { cookie: outsider } })).statusCode).toBe(
        404,
      )
      expect((await setColour(id, { colour: 'red', reason: 'x' }, outsider)).statusCode).toBe(404)
      expect((await app.inject({ method: 'GET', url: `/api/codes/health-status/${id}`, headers: { cookie: worker } })).statusCode).toBe(403)
    })
  })

  describe('codes in the history', () => {
    it('shows a revoked code with its reason and who revoked it, and puts it on the trust list', async () => {
      const { id } = await person()
      await setColour(id, { colour: 'green', reason: '核酸阴性' })
      const cti = await issueCode(id)
      const revoked = await app.inject({
        method: 'POST',
        url: '/api/codes/revoke',
        headers: { cookie: health },
        payload: { cti, reason: '手机丢失，重新申领' },
      })
      expect(revoked.statusCode).toBe(204)
      expect((await history(id)).codes).toEqual([
        expect.objectContaining({
          cti,
          colour: 'green',
          revokeReason: '手机丢失，重新申领',
          revokedBy: 'health',
          revokedAt: expect.any(String),
        }),
      ])
      expect(await trustRevocations()).toContain(cti)
    })

    it('revokes the unexpired codes when the colour changes, and says so', async () => {
      const { id } = await person()
      await setColour(id, { colour: 'green', reason: '核酸阴性' })
      const cti = await issueCode(id)
      await setColour(id, { colour: 'red', reason: '确诊' })
      const { codes } = await history(id)
      expect(codes[0]).toMatchObject({ cti, revokeReason: 'STATUS_CHANGED', revokedBy: null })
      expect(await trustRevocations()).toContain(cti)
    })
  })

  describe('importing a colour list', () => {
    it('reads Chinese headers and colour words, and names the file and line in each history row', async () => {
      const a = await person()
      const b = await person()
      const csv = `\uFEFF证件类型,证件号码,颜色,原因\n居民身份证,${a.idNumber},黄,密接\n,${b.idNumber.toLowerCase()},red,确诊\n`
      const response = await importFile(csv, { query: '?fileName=%E4%B9%90%E6%B8%85%E5%8D%AB%E5%81%A5.csv' })
      expect(response.json()).toEqual({ total: 2, applied: 2, changed: 2, errors: [] })
      expect(await colourOf(a.id)).toBe('yellow')
      expect(await colourOf(b.id)).toBe('red')
      expect((await history(b.id)).events).toEqual([
        expect.objectContaining({ to: 'red', source: 'import', by: 'health', fileName: '乐清卫健.csv', line: 3, reason: '确诊' }),
      ])
    })

    it('reads an Excel workbook', async () => {
      const a = await person()
      const file = Buffer.from(
        writeXlsx('colours', [
          ['id_type', 'id_number', 'colour'],
          ['resident_id', a.idNumber, 'yellow'],
        ]),
      )
      const response = await importFile(file, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      expect(response.json()).toMatchObject({ applied: 1, errors: [] })
      expect(await colourOf(a.id)).toBe('yellow')
    })

    it('applies nothing from a file with one bad row, and names that row in the reader’s language', async () => {
      const a = await person()
      const b = await person()
      await setColour(a.id, { colour: 'green', reason: '核酸阴性' })
      const cti = await issueCode(a.id)
      const stranger = residentId('110105')
      const csv = `证件号码,颜色\n${a.idNumber},红\n${stranger},黄\n${b.idNumber},紫\n`
      const report = (await importFile(csv, { language: 'en' })).json()
      expect(report).toMatchObject({ total: 3, applied: 0, changed: 0 })
      expect(report.errors).toEqual([
        {
          line: 3,
          field: 'id_number',
          code: 'codes.import_unknown_person',
          message: 'No one with this ID number is registered in your area',
        },
        { line: 4, field: 'colour', code: 'codes.import_colour', message: expect.stringContaining('green, yellow or red') },
      ])
      expect(await colourOf(a.id)).toBe('green')
      expect(await colourOf(b.id)).toBeUndefined()
      expect((await history(a.id)).events).toHaveLength(1)
      expect(await trustRevocations()).not.toContain(cti)
    })

    it('refuses one person twice in a file, and a file without the colour column', async () => {
      const a = await person()
      const twice = (await importFile(`id_number,colour\n${a.idNumber},green\n${a.idNumber},red\n`)).json()
      expect(twice.errors).toEqual([expect.objectContaining({ line: 3, code: 'codes.import_duplicate' })])
      const noColour = await importFile(`id_number,name\n${a.idNumber},张三\n`)
      expect(noColour.statusCode).toBe(422)
      expect(noColour.json()).toMatchObject({ code: 'CODES_IMPORT_FORMAT', errors: [expect.objectContaining({ field: 'colour' })] })
      expect(await colourOf(a.id)).toBeUndefined()
    })

    it('checks without applying on a dry run', async () => {
      const a = await person()
      expect((await importFile(`id_number,colour\n${a.idNumber},green\n`, { query: '?dryRun=true' })).json()).toEqual({
        total: 1,
        applied: 0,
        changed: 0,
        errors: [],
      })
      expect(await colourOf(a.id)).toBeUndefined()
    })
  })

  describe('an external system’s push', () => {
    it('shows in the same history under the client’s name', async () => {
      const a = await person()
      await setColour(a.id, { colour: 'green', reason: '核酸阴性' })
      const { token } = await createApiClient(ctx.deps.db, { name: '浙江健康码平台', areaId: tree.district.id, scope: 'health_status' })
      const items = [{ idType: 'resident_id', idNumber: a.idNumber, colour: 'red' }]
      const pushed = await app.inject({
        method: 'POST',
        url: '/api/codes/health-status/push',
        headers: { authorization: `Bearer ${token}` },
        payload: { items },
      })
      expect(pushed.json()).toEqual({ updated: 1, unchanged: 0, notFound: [] })
      const { current, events } = await history(a.id)
      expect(current).toMatchObject({ colour: 'red', source: 'api' })
      expect(events[0]).toMatchObject({ from: 'green', to: 'red', source: 'api', by: '浙江健康码平台', reason: null })
    })
  })
})
