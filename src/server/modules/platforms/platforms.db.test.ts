/**
 * Issue 20: another province's health code at our gate, verified online by its issuing platform
 * (a simulator on loopback), with each of the platform's failure modes and the answer cache.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { startHealthPlatformSimulator, type HealthPlatformSimulator } from './platform-simulator.ts'
import { buildApp } from '../../app.ts'
import { checkResponseSignature, SIGNATURE_HEADERS, signRequest } from './platform-signing.ts'
import { reverifyPendingScans } from './platforms.service.ts'

const JIANGXI_SECRET = 'jiangxi-test-secret-0123456789'

describe(`health-code platforms of other provinces on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let jiangxi: HealthPlatformSimulator
  let hunan: HealthPlatformSimulator
  let admin: string
  let guard: string
  let worker: string
  let checkpointId: string
  let villageId: string

  beforeAll(async () => {
    jiangxi = await startHealthPlatformSimulator({
      name: '江西',
      regionCode: '360000',
      appId: 'gridline-wenzhou',
      secret: JIANGXI_SECRET,
      slowMs: 6000,
    })
    // Hunan is registered with the wrong secret: it refuses our signature.
    hunan = await startHealthPlatformSimulator({
      name: '湖南',
      regionCode: '430000',
      appId: 'wenzhou-hn',
      secret: 'hunan-real-secret-0123456789',
    })
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    villageId = tree.villageA.id
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    await createTestAccount(ctx.deps, 'guard', 'guard', tree.villageA.id)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'health', 'health_officer', tree.district.id)
    admin = await login(app, 'admin')
    guard = await login(app, 'guard')
    worker = await login(app, 'worker')
    const register = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/health-platforms', headers: { cookie: admin }, payload })
    expect(
      (
        await register({
          name: '江西省健康码平台',
          regionCodes: ['360000'],
          endpoint: jiangxi.endpoint,
          appId: 'gridline-wenzhou',
          secret: JIANGXI_SECRET,
          timeoutMs: 2000,
          cacheSeconds: 60,
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (
        await register({
          name: '湖南省健康码平台',
          regionCodes: ['430000'],
          endpoint: hunan.endpoint,
          appId: 'wenzhou-hn',
          secret: 'not-hunans-secret-0123456789',
          timeoutMs: 2000,
        })
      ).statusCode,
    ).toBe(201)
    checkpointId = (
      await app.inject({
        method: 'POST',
        url: '/api/gate/checkpoints',
        headers: { cookie: worker },
        payload: { areaId: tree.villageA.id, name: '东门卡口' },
      })
    ).json().id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
    await jiangxi.close()
    await hunan.close()
  })

  const lookup = (healthCode: string) =>
    app.inject({ method: 'POST', url: '/api/gate/lookups', headers: { cookie: guard }, payload: { checkpointId, healthCode } })
  const scan = (healthCode: string, extra: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/gate/scans',
      headers: { cookie: guard },
      payload: { clientScanId: randomUUID(), checkpointId, deviceId: 'phone-1', temperature: 36.5, healthCode, ...extra },
    })
  const setPolicy = async (policy: 'refuse' | 'admit_manual') =>
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/gate/checkpoints/${checkpointId}/unverified-policy`,
          headers: { cookie: worker },
          payload: { policy },
        })
      ).statusCode,
    ).toBe(204)
  const alertsOf = (kind: string) => ctx.deps.db.selectFrom('alert').selectAll().where('kind', '=', kind).execute()

  it('seals the platform secret at rest and never returns it', async () => {
    const rows = await ctx.deps.db.selectFrom('health_platform').select(['secret_sealed']).execute()
    expect(rows.every((r) => !r.secret_sealed.includes(JIANGXI_SECRET))).toBe(true)
    const listed = await app.inject({ method: 'GET', url: '/api/health-platforms', headers: { cookie: admin } })
    expect(listed.statusCode).toBe(200)
    expect(listed.body).not.toContain(JIANGXI_SECRET)
    expect(listed.json().map((p: { name: string }) => p.name)).toEqual(['江西省健康码平台', '湖南省健康码平台'])
    // Guards cannot see or register platforms.
    expect((await app.inject({ method: 'GET', url: '/api/health-platforms', headers: { cookie: guard } })).statusCode).toBe(403)
  })

  it('refuses a registration with field-level problems', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/health-platforms',
      headers: { cookie: admin },
      payload: { name: '坏', regionCodes: ['36'], endpoint: 'ftp://x', appId: 'a', secret: 'short' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(JSON.stringify(response.json())).toContain('regionCodes')
  })

  it('admits a returnee with a green Jiangxi code after the identity step, verified online by 江西, asking the platform once', async () => {
    const issued = jiangxi.issueCode({ surname: '蒋' })
    const before = jiangxi.verifyRequests
    const read = await lookup(issued.code)
    expect(read.json()).toMatchObject({
      valid: true,
      colour: 'green',
      holder: { name: issued.maskedName, idTail: issued.idTail, idType: 'resident_id' },
      verifiedOnlineBy: '江西省健康码平台',
      pendingVerification: false,
    })
    const passage = await scan(issued.code, { identityCheck: 'confirmed' })
    expect(passage.json()).toMatchObject({
      decision: 'admit',
      colour: 'green',
      verifiedOnlineBy: '江西省健康码平台',
      pendingVerification: false,
      identityCheck: 'confirmed',
    })
    expect(passage.json().reasons).toContain('VERIFIED_ONLINE')
    // The scan after the look-up is answered from the cache: one request for both.
    expect(jiangxi.verifyRequests - before).toBe(1)
  })

  it('sends a yellow code to home isolation and refuses a red one', async () => {
    expect((await scan(jiangxi.issueCode({ colour: 'yellow' }).code, { identityCheck: 'confirmed' })).json().decision).toBe(
      'home_isolation',
    )
    expect((await scan(jiangxi.issueCode({ colour: 'red' }).code)).json()).toMatchObject({
      decision: 'centralised_isolation',
      colour: 'red',
    })
  })

  it('refuses a code the platform does not know and raises the forged-code alert', async () => {
    const response = await scan('CNHC:360000:AAAAAAAAAAAAAAAAAAAAAAAA')
    expect(response.json()).toMatchObject({ decision: 'refuse', pendingVerification: false })
    expect(response.json().reasons).toContain('CODE_UNKNOWN_CODE')
    expect((await alertsOf('forged_code')).length).toBeGreaterThan(0)
  })

  it('refuses a code the platform revoked', async () => {
    const issued = jiangxi.issueCode()
    jiangxi.revoke(issued.code)
    const response = await scan(issued.code)
    expect(response.json().decision).toBe('refuse')
    expect(response.json().reasons).toContain('CODE_REVOKED')
  })

  it('shows 待核验 when the platform is slow beyond its timeout, and refuses under the default policy', async () => {
    jiangxi.mode = 'slow'
    try {
      const response = await scan(jiangxi.issueCode().code, { identityCheck: 'confirmed' })
      expect(response.json()).toMatchObject({ decision: 'refuse', pendingVerification: true, verifiedOnlineBy: null })
      expect(response.json().reasons).toEqual(expect.arrayContaining(['PENDING_VERIFICATION', 'CODE_PLATFORM_TIMEOUT']))
    } finally {
      jiangxi.mode = 'ok'
    }
  })

  it('does not trust an answer signed with another secret', async () => {
    jiangxi.mode = 'bad-signature'
    try {
      const response = await scan(jiangxi.issueCode().code)
      expect(response.json()).toMatchObject({ decision: 'refuse', pendingVerification: true })
      expect(response.json().reasons).toContain('CODE_PLATFORM_BAD_SIGNATURE')
    } finally {
      jiangxi.mode = 'ok'
    }
  })

  it('shows 待核验 when the platform refuses our request signature', async () => {
    const response = await scan(hunan.issueCode().code)
    expect(response.json()).toMatchObject({ decision: 'refuse', pendingVerification: true })
    expect(response.json().reasons).toContain('CODE_PLATFORM_REFUSED_REQUEST')
  })

  it('admits on a checked paper proof while the platform is down, alerts the grid worker, and re-verifies when it is back', async () => {
    await setPolicy('admit_manual')
    const green = jiangxi.issueCode()
    const red = jiangxi.issueCode({ colour: 'red' })
    jiangxi.mode = 'down'
    try {
      const withoutProof = await scan(green.code, { identityCheck: 'confirmed' })
      expect(withoutProof.json()).toMatchObject({ decision: 'refuse', pendingVerification: true })
      expect(withoutProof.json().reasons).toContain('CODE_PLATFORM_DOWN')
      const admitted = await scan(green.code, { identityCheck: 'confirmed', manualProof: 'paper' })
      expect(admitted.json()).toMatchObject({ decision: 'admit', pendingVerification: true, manualProof: 'paper' })
      const admittedRed = await scan(red.code, { identityCheck: 'confirmed', manualProof: 'phone' })
      expect(admittedRed.json().decision).toBe('admit')
      expect((await alertsOf('admitted_unverified')).map((a) => a.area_id)).toContain(villageId)
      // Still down: nothing is resolved, the scans stay queued.
      expect(await reverifyPendingScans(ctx.deps)).toBe(0)
      jiangxi.mode = 'ok'
      expect(await reverifyPendingScans(ctx.deps)).toBeGreaterThanOrEqual(3)
      const passages = (
        await app.inject({ method: 'GET', url: `/api/gate/passages?checkpointId=${checkpointId}&limit=500`, headers: { cookie: guard } })
      ).json() as Array<{ passageId: string; verifiedOnlineBy: string | null; pendingVerification: boolean; colour: string | null }>
      const greenPassage = passages.find((p) => p.passageId === admitted.json().passageId)!
      expect(greenPassage).toMatchObject({ verifiedOnlineBy: '江西省健康码平台', pendingVerification: false, colour: 'green' })
      // The red code's holder was let in on a phone proof: the late answer raises a critical alert.
      const late = await alertsOf('late_bad_verification')
      expect(late.map((a) => a.subject_ref)).toEqual([admittedRed.json().passageId])
      expect(late[0]!.severity).toBe('critical')
      // Nothing is left to verify, and a second pass changes nothing.
      expect(await reverifyPendingScans(ctx.deps)).toBe(0)
    } finally {
      jiangxi.mode = 'ok'
      await setPolicy('refuse')
    }
  })

  it('keeps reading our own codes locally and leaves unknown text to the verifier', async () => {
    const before = jiangxi.verifyRequests
    const response = await scan('NOT-A-CODE')
    expect(response.json().reasons).toContain('CODE_BAD_PREFIX')
    expect(jiangxi.verifyRequests).toBe(before)
  })

  it('answers another platform verifying one of our codes in the same signed shape, and audits it', async () => {
    const health = await login(app, 'health')
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: worker },
      payload: personInput(villageId, { name: '王小明' }),
    })
    const personId = created.json().id as string
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/codes/health-status/${personId}`,
          headers: { cookie: health },
          payload: { colour: 'yellow', reason: '测试赋码' },
        })
      ).statusCode,
    ).toBe(204)
    const code = (await app.inject({ method: 'POST', url: `/api/codes/health/${personId}`, headers: { cookie: worker } })).json()
      .code as string
    const ask = async (secret: string) => {
      const body = JSON.stringify({ code, verifierRegion: '360100', scene: '南昌西站' })
      const headers = signRequest('gridline-wenzhou', secret, body)
      const response = await app.inject({
        method: 'POST',
        url: '/api/hcode/v1/verify',
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      })
      return { response, nonce: headers[SIGNATURE_HEADERS.nonce]! }
    }
    const { response, nonce } = await ask(JIANGXI_SECRET)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ code: '0', data: { colourCode: '02', maskedName: '王*明', idTypeCode: '111' } })
    // The answer is signed for the asking platform, bound to its nonce.
    const get = (name: string) => (response.headers[name] as string | undefined) ?? null
    expect(checkResponseSignature({ get }, JIANGXI_SECRET, nonce, response.body)).toBe(true)
    expect(checkResponseSignature({ get }, JIANGXI_SECRET, 'another-nonce', response.body)).toBe(false)
    // A request signed with the wrong secret learns nothing.
    const forged = await ask('not-the-jiangxi-secret-at-all')
    expect(forged.response.json()).toEqual({ code: '4001', message: 'bad_signature' })
    // A malformed body gets the fields named, in the national shape.
    const body = JSON.stringify({ code: code, verifierRegion: '36' })
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/hcode/v1/verify',
      headers: { 'content-type': 'application/json', ...signRequest('gridline-wenzhou', JIANGXI_SECRET, body) },
      payload: body,
    })
    expect(malformed.json()).toMatchObject({ code: '4000', message: expect.stringContaining('verifierRegion') })
    const audited = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['username', 'detail'])
      .where('username', 'like', 'platform:%')
      .execute()
    expect(audited.map((a) => a.username)).toEqual(['platform:江西省健康码平台', 'platform:江西省健康码平台', 'platform:江西省健康码平台'])
    expect(JSON.stringify(audited)).not.toContain(code)
  })
})
