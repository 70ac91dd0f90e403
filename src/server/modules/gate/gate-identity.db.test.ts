/**
 * Issue 13 at the gate: health codes carry who holds them, the guard's 本人核验 / 非本人 is
 * recorded on the passage, and scans dated outside now − 72 h … now + 5 min are refused.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput, residentId } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import type { Actor } from '../auth/actor.ts'
import { readCode } from '../codes/code-reader.ts'
import { issueHealthCode } from '../codes/codes.service.ts'
import { activeKey } from '../codes/keys.ts'

const HOUR = 3600_000

describe(`gate identity check and scan time bounds on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let guard: string
  let worker: string
  let health: string
  let workerActor: Actor
  let checkpointId: string

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'guard', 'guard', tree.villageA.id)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'health', 'health_officer', tree.district.id)
    guard = await login(app, 'guard')
    worker = await login(app, 'worker')
    health = await login(app, 'health')
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: worker } })).json()
    workerActor = { account: me, areaPath: me.areaPath, ip: 'test' }
    const checkpoint = await app.inject({
      method: 'POST',
      url: '/api/gate/checkpoints',
      headers: { cookie: worker },
      payload: { areaId: tree.villageA.id, name: '东门卡口' },
    })
    checkpointId = checkpoint.json().id
    // The signing key exists since a week ago, so codes can be issued in the past below.
    await activeKey(ctx.deps.db, ctx.deps.cipher, 'code', new Date(Date.now() - 7 * 24 * HOUR))
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  async function person(colour: 'green' | 'yellow' | 'red', overrides: Parameters<typeof personInput>[1] = {}) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: worker },
      payload: personInput(tree.villageA.id, overrides),
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/codes/health-status/${id}`,
          headers: { cookie: health },
          payload: { colour, reason: '测试赋码' },
        })
      ).statusCode,
    ).toBe(204)
    return id
  }
  async function codeOf(personId: string) {
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
  const stored = (passageId: string) => ctx.deps.db.selectFrom('passage').selectAll().where('id', '=', passageId).executeTakeFirstOrThrow()

  it('issues health codes that carry the masked name, the birth date and the last four of the ID only', async () => {
    const idNumber = residentId()
    const code = await codeOf(await person('green', { name: '张三明', idNumber }))
    const read = await readCode(ctx.deps, code, new Date())
    expect(read).toMatchObject({
      valid: true,
      holder: {
        name: '张*明',
        birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
        idTail: idNumber.slice(-4),
      },
    })
    expect(JSON.stringify(read)).not.toContain(idNumber)
  })

  it('records 本人核验 on the passage', async () => {
    const response = await scan({ healthCode: await codeOf(await person('green')), identityCheck: 'confirmed' })
    expect(response.json()).toMatchObject({ decision: 'admit', identityCheck: 'confirmed' })
    expect(await stored(response.json().passageId)).toMatchObject({ identity_check: 'confirmed', decision: 'admit' })
  })

  it("refuses 非本人 with that reason and opens no isolation order for the code's holder", async () => {
    const personId = await person('yellow')
    const response = await scan({ healthCode: await codeOf(personId), identityCheck: 'not_holder' })
    // Neither the holder's name nor their code's colour is shown for someone else at the gate.
    expect(response.json()).toMatchObject({
      decision: 'refuse',
      identityCheck: 'not_holder',
      reasons: ['IDENTITY_NOT_HOLDER'],
      personName: null,
    })
    expect(await stored(response.json().passageId)).toMatchObject({ identity_check: 'not_holder', decision: 'refuse', person_id: personId })
    expect(await ctx.deps.db.selectFrom('isolation_order').select('id').where('person_id', '=', personId).execute()).toHaveLength(0)
  })

  it('leaves the identity check empty when the scanner did not ask', async () => {
    const response = await scan({ healthCode: await codeOf(await person('green')) })
    expect(response.json().identityCheck).toBeNull()
    expect((await stored(response.json().passageId)).identity_check).toBeNull()
  })

  it('refuses a scan dated 25 h in the future, and stores it at its arrival', async () => {
    const before = Date.now()
    const response = await scan({ healthCode: await codeOf(await person('green')), scannedAt: new Date(before + 25 * HOUR).toISOString() })
    expect(response.json()).toMatchObject({ decision: 'refuse', reasons: ['SCAN_TIME_IN_FUTURE'], personName: null })
    const row = await stored(response.json().passageId)
    expect(row.scanned_at.getTime()).toBeLessThanOrEqual(Date.now())
    expect(row.code_reason).toBe('SCAN_TIME_IN_FUTURE')
  })

  it('accepts a phone clock a minute fast', async () => {
    const response = await scan({ healthCode: await codeOf(await person('green')), scannedAt: new Date(Date.now() + 60_000).toISOString() })
    expect(response.json()).toMatchObject({ decision: 'admit' })
  })

  it('does not let a backdated offline upload revive an expired code', async () => {
    // Issued 100 h ago, valid for a day: expired 76 h ago.
    const personId = await person('green')
    const old = await issueHealthCode(ctx.deps, workerActor, personId, new Date(Date.now() - 100 * HOUR))
    // Dated while the code was still valid: that is older than the offline queue may be.
    const backdated = await scan({ healthCode: old.code, scannedAt: new Date(Date.now() - 80 * HOUR).toISOString() })
    expect(backdated.json()).toMatchObject({ decision: 'refuse', reasons: ['SCAN_TIME_TOO_OLD'] })
    // Dated within the bound: the code had already expired by then.
    const withinBound = await scan({ healthCode: old.code, scannedAt: new Date(Date.now() - 70 * HOUR).toISOString() })
    expect(withinBound.json()).toMatchObject({ decision: 'refuse', reasons: ['CODE_EXPIRED'] })
    // A fresh code cannot be "scanned" before it was issued.
    const fresh = await codeOf(personId)
    const beforeIssue = await scan({ healthCode: fresh, scannedAt: new Date(Date.now() - 2 * HOUR).toISOString() })
    expect(beforeIssue.json()).toMatchObject({ decision: 'refuse', reasons: ['CODE_NOT_YET_VALID'] })
  })

  it('still admits a genuine offline scan uploaded two days later', async () => {
    const personId = await person('green')
    const code = await issueHealthCode(ctx.deps, workerActor, personId, new Date(Date.now() - 50 * HOUR))
    const response = await scan({
      healthCode: code.code,
      scannedAt: new Date(Date.now() - 49 * HOUR).toISOString(),
      identityCheck: 'confirmed',
    })
    expect(response.json()).toMatchObject({ decision: 'admit', identityCheck: 'confirmed' })
  })
})
