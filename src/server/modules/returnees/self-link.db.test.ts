import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, residentId } from '../../../../test/factories.ts'
import { addDays, chinaDay } from '../../../shared/schemas/returnees.ts'
import { buildApp } from '../../app.ts'

const PUBLIC_URL = 'http://gate.example.test:8080'

describe(`returnee self-report link: re-issue and text message, on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: string
  let neighbour: string
  const today = chinaDay(new Date())

  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_URL })
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'neighbour', 'grid_worker', tree.villageB.id)
    ;[worker, neighbour] = (await Promise.all(['worker', 'neighbour'].map((u) => login(app, u)))) as [string, string]
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const register = async (phone: string | undefined) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/returnees',
      headers: { cookie: worker },
      payload: {
        person: { name: '刘洋', idType: 'resident_id', idNumber: residentId('522101'), phone },
        areaId: tree.gridA.id,
        cameFrom: '贵州遵义',
        arrivedOn: addDays(today, -2),
        beforeReturn: [],
      },
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as { id: string; personId: string; selfServicePath: string }
  }
  const tokenOf = (path: string) => path.split('/').pop()!
  const reissue = (id: string, cookie = worker) =>
    app.inject({ method: 'POST', url: `/api/returnees/${id}/self-link`, headers: { cookie } })
  const text = (id: string, path: string, cookie = worker) =>
    app.inject({ method: 'POST', url: `/api/returnees/${id}/self-link/sms`, headers: { cookie }, payload: { path } })

  it('re-issues the link under PUBLIC_URL; the old one answers 410 "replaced", the new one works', async () => {
    const created = await register('13912345678')
    const response = await reissue(created.id)
    expect(response.statusCode, response.body).toBe(200)
    const issued = response.json()
    expect(issued.selfServicePath).toMatch(/^\/self\/[A-Za-z0-9_-]{32}$/)
    expect(issued.selfServicePath).not.toBe(created.selfServicePath)
    expect(issued.selfServiceLink).toBe(`${PUBLIC_URL}${issued.selfServicePath}`)

    const old = await app.inject({
      method: 'GET',
      url: `/api/self/${tokenOf(created.selfServicePath)}`,
      headers: { 'accept-language': 'zh-CN' },
    })
    expect(old.statusCode).toBe(410)
    expect(old.json()).toMatchObject({ code: 'SELF_SERVICE_LINK_REPLACED', title: '此链接已被新链接替换，请使用网格员最新发给您的链接' })
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/self/${tokenOf(created.selfServicePath)}/reports`,
          payload: { temperature: 36.6, symptoms: [] },
        })
      ).statusCode,
    ).toBe(410)
    expect((await app.inject({ method: 'GET', url: `/api/self/${tokenOf(issued.selfServicePath)}` })).statusCode).toBe(200)
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'returnee')
      .where('entity_id', '=', created.id)
      .execute()
    expect(audit.map((a) => a.action)).toContain('update')
  })

  it('texts the current link to the person’s number through the outbox, and refuses a replaced one', async () => {
    const created = await register('13987654321')
    const sent = await text(created.id, created.selfServicePath)
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json()).toEqual({ sentTo: '139****4321' })
    const outbox = await ctx.deps.db
      .selectFrom('notification')
      .select(['body', 'kind'])
      .where('recipient_person_id', '=', created.personId)
      .execute()
    expect(outbox).toEqual([{ kind: 'returnee_self_link', body: expect.stringContaining(`${PUBLIC_URL}${created.selfServicePath}`) }])
    // The full number never lands in the outbox.
    expect(outbox[0]!.body).not.toContain('13987654321')

    const next = (await reissue(created.id)).json()
    const stale = await text(created.id, created.selfServicePath)
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('SELF_SERVICE_LINK_NOT_CURRENT')
    expect((await text(created.id, next.selfServicePath)).statusCode).toBe(200)
  })

  it('says so when the person has no number, and hides another area’s returnee', async () => {
    const created = await register(undefined)
    const noPhone = await text(created.id, created.selfServicePath)
    expect(noPhone.statusCode).toBe(422)
    expect(noPhone.json().code).toBe('RETURNEE_NO_PHONE')
    expect((await reissue(created.id, neighbour)).statusCode).toBe(404)
    expect((await text(created.id, created.selfServicePath, neighbour)).statusCode).toBe(404)
    // The neighbour's failed attempt did not revoke the person's link.
    expect((await app.inject({ method: 'GET', url: `/api/self/${tokenOf(created.selfServicePath)}` })).statusCode).toBe(200)
  })
})
