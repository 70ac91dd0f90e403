import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld } from '../../../../test/enterprise-factories.ts'
import { buildApp } from '../../app.ts'

describe(`problem closed loop on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const report = (cookie: string, payload: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/enterprise/problems',
      headers: { cookie },
      payload: { category: 'supplies', title: '口罩缺口 3000 只', description: '复工在即，口罩买不到', ...payload },
    })
  const act = (cookie: string, id: string, payload: object, language = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: `/api/enterprise/problems/${id}/transitions`,
      headers: { cookie, 'accept-language': language },
      payload,
    })
  const detail = async (cookie: string, id: string) =>
    (await app.inject({ method: 'GET', url: `/api/enterprise/problems/${id}`, headers: { cookie } })).json()

  /** A fresh problem of enterprise A, moved through the given actions by the owning liaison. */
  async function problemIn(...actions: ('accept' | 'start' | 'resolve')[]) {
    const created = await report(world.cookies.entA)
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    for (const action of actions) {
      const response = await act(world.cookies.liaison, id, { action, note: action === 'resolve' ? '已调配物资' : undefined })
      expect(response.statusCode, response.body).toBe(200)
    }
    return id
  }

  describe('the whole loop', () => {
    it('goes reported → accepted → in progress → resolved → closed, recording who, when and the note', async () => {
      const created = await report(world.cookies.entA)
      expect(created.statusCode).toBe(201)
      const problem = created.json()
      expect(problem).toMatchObject({ state: 'reported', enterpriseName: '企业甲', ownerName: 'liaison', dueOn: null, allowedActions: [] })
      // The enterprise's liaison sees it first in the work list and may accept it.
      const list = await app.inject({
        method: 'GET',
        url: '/api/enterprise/problems?view=mine&sort=deadline',
        headers: { cookie: world.cookies.liaison },
      })
      expect(list.json().items[0]).toMatchObject({ id: problem.id, allowedActions: ['accept'] })

      const accepted = await act(world.cookies.liaison, problem.id, { action: 'accept', note: '已受理' })
      expect(accepted.json()).toMatchObject({ state: 'accepted', round: 1, slaWorkingDays: 3, overdue: false, allowedActions: ['start'] })
      expect(accepted.json().dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect((await act(world.cookies.liaison, problem.id, { action: 'start' })).json().state).toBe('in_progress')
      const resolved = await act(world.cookies.liaison, problem.id, { action: 'resolve', note: '街道调配口罩 3000 只' })
      expect(resolved.json()).toMatchObject({ state: 'resolved', resolution: '街道调配口罩 3000 只' })
      // Only the enterprise sees the confirm and reopen buttons now.
      expect(resolved.json().allowedActions).toEqual([])
      expect((await detail(world.cookies.entA, problem.id)).allowedActions).toEqual(['confirm', 'reopen'])
      const closed = await act(world.cookies.entA, problem.id, { action: 'confirm', satisfaction: 5, note: '很及时' })
      expect(closed.json()).toMatchObject({ state: 'closed', satisfaction: 5, allowedActions: [] })

      const history = (await detail(world.cookies.liaison, problem.id)).history
      expect(
        history.map((e: { action: string; fromState: string; toState: string; actorName: string }) => [
          e.action,
          e.fromState,
          e.toState,
          e.actorName,
        ]),
      ).toEqual([
        ['report', null, 'reported', 'ent-a'],
        ['accept', 'reported', 'accepted', 'liaison'],
        ['start', 'accepted', 'in_progress', 'liaison'],
        ['resolve', 'in_progress', 'resolved', 'liaison'],
        ['confirm', 'resolved', 'closed', 'ent-a'],
      ])
      expect(history[1].note).toBe('已受理')
      expect(history[4].note).toBe('5/5 很及时')
      for (const event of history) expect(Date.parse(event.at)).toBeGreaterThan(Date.now() - 60_000)
    })

    it('reopens a resolved problem with a new deadline round, and the owner takes it up again', async () => {
      const id = await problemIn('accept', 'start', 'resolve')
      const reopened = await act(world.cookies.entA, id, { action: 'reopen', note: '口罩质量不合格' })
      expect(reopened.json()).toMatchObject({ state: 'reopened', round: 2, resolvedAt: null, allowedActions: [] })
      const again = await act(world.cookies.liaison, id, { action: 'start' })
      expect(again.json().state).toBe('in_progress')
    })
  })

  describe('refusals', () => {
    it('refuses a role outside the loop (expert, leader) with 403', async () => {
      const id = await problemIn()
      for (const cookie of [world.cookies.expert, world.cookies.leader]) {
        expect((await report(cookie, { enterpriseId: world.enterpriseA.id })).statusCode).toBe(403)
        expect((await act(cookie, id, { action: 'accept' })).statusCode).toBe(403)
      }
    })

    it('refuses the enterprise handling its own problem', async () => {
      const id = await problemIn()
      const response = await act(world.cookies.entA, id, { action: 'accept' })
      expect(response.statusCode).toBe(403)
      expect(response.json().code).toBe('PROBLEM_STAFF_ONLY')
    })

    it('answers 404 to a liaison officer of another district and to another enterprise', async () => {
      const id = await problemIn('accept', 'start', 'resolve')
      expect((await act(world.cookies.liaisonOther, id, { action: 'start' })).statusCode).toBe(404)
      expect(
        (await app.inject({ method: 'GET', url: `/api/enterprise/problems/${id}`, headers: { cookie: world.cookies.liaisonOther } }))
          .statusCode,
      ).toBe(404)
      // Enterprise B sits in the same street, yet cannot see, let alone confirm, A's problem.
      const asB = await act(world.cookies.entB, id, { action: 'confirm', satisfaction: 1 })
      expect(asB.statusCode).toBe(404)
      const listB = await app.inject({ method: 'GET', url: '/api/enterprise/problems', headers: { cookie: world.cookies.entB } })
      expect(listB.json().items.map((p: { id: string }) => p.id)).not.toContain(id)
    })

    it('lets only the enterprise confirm: the liaison and an admin are refused', async () => {
      const id = await problemIn('accept', 'start', 'resolve')
      for (const cookie of [world.cookies.liaison, world.cookies.admin]) {
        const response = await act(cookie, id, { action: 'confirm', satisfaction: 5 })
        expect(response.statusCode).toBe(403)
        expect(response.json().code).toBe('PROBLEM_ENTERPRISE_ONLY')
      }
      expect((await detail(world.cookies.liaison, id)).state).toBe('resolved')
    })

    it('refuses to reopen (or confirm again) after close with 409', async () => {
      const id = await problemIn('accept', 'start', 'resolve')
      expect((await act(world.cookies.entA, id, { action: 'confirm', satisfaction: 4 })).statusCode).toBe(200)
      const reopen = await act(world.cookies.entA, id, { action: 'reopen', note: '又出问题了' }, 'en')
      expect(reopen.statusCode).toBe(409)
      expect(reopen.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(reopen.json()).toMatchObject({
        code: 'PROBLEM_ILLEGAL_TRANSITION',
        title: 'The problem’s current state does not allow this',
        detail: 'cannot reopen a problem that is closed',
      })
      expect((await act(world.cookies.entA, id, { action: 'confirm', satisfaction: 1 })).statusCode).toBe(409)
    })

    it('refuses every action from a state that does not allow it', async () => {
      const id = await problemIn()
      for (const action of ['start', 'resolve']) expect((await act(world.cookies.liaison, id, { action, note: 'x' })).statusCode).toBe(409)
      for (const action of ['confirm', 'reopen'])
        expect((await act(world.cookies.entA, id, { action, note: 'x', satisfaction: 3 })).statusCode).toBe(409)
      await act(world.cookies.liaison, id, { action: 'accept' })
      expect((await act(world.cookies.liaison, id, { action: 'accept' })).statusCode).toBe(409)
      expect((await act(world.cookies.liaison, id, { action: 'resolve', note: 'x' })).statusCode).toBe(409)
    })

    it('lets only the owner (or an admin) work on an accepted problem', async () => {
      const id = await problemIn('accept')
      const other = await act(world.cookies.liaison2, id, { action: 'start' })
      expect(other.statusCode).toBe(403)
      expect(other.json().code).toBe('PROBLEM_NOT_OWNER')
      expect((await act(world.cookies.admin, id, { action: 'start' })).statusCode).toBe(200)
    })

    it('asks for a rating on confirm and a reason on resolve and reopen, in the user’s language', async () => {
      const id = await problemIn('accept', 'start')
      const resolve = await act(world.cookies.liaison, id, { action: 'resolve' })
      expect(resolve.statusCode).toBe(400)
      expect(resolve.json().errors).toEqual([{ field: 'note', code: 'problem.resolutionRequired', message: '请填写办理结果' }])
      await act(world.cookies.liaison, id, { action: 'resolve', note: '已解决' })
      const confirm = await act(world.cookies.entA, id, { action: 'confirm' }, 'en')
      expect(confirm.json().errors).toEqual([
        { field: 'satisfaction', code: 'problem.satisfactionRequired', message: 'Rate your satisfaction (1 to 5)' },
      ])
      expect((await act(world.cookies.entA, id, { action: 'confirm', satisfaction: 6 })).statusCode).toBe(400)
    })

    it('refuses an enterprise account that is linked to no enterprise', async () => {
      const response = await report(world.cookies.entUnlinked)
      expect(response.statusCode).toBe(403)
      expect(response.json().code).toBe('ENTERPRISE_ACCOUNT_UNLINKED')
    })
  })

  describe('concurrency', () => {
    it('lets exactly one of two simultaneous accepts win; the other gets 409', async () => {
      const id = await problemIn()
      const [a, b] = await Promise.all([
        act(world.cookies.liaison, id, { action: 'accept' }),
        act(world.cookies.liaison2, id, { action: 'accept' }),
      ])
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
      const loser = a.statusCode === 409 ? a : b
      expect(['PROBLEM_CHANGED', 'PROBLEM_ILLEGAL_TRANSITION']).toContain(loser.json().code)
      const history = (await detail(world.cookies.liaison, id)).history
      expect(history.filter((e: { action: string }) => e.action === 'accept')).toHaveLength(1)
    })
  })

  describe('board', () => {
    it('moves its numbers as problems are reported, resolved and rated', async () => {
      const board = async () =>
        (
          await app.inject({
            method: 'GET',
            url: `/api/enterprise/problems/board?areaId=${world.tree.street.id}`,
            headers: { cookie: world.cookies.leader },
          })
        ).json()
      const before = await board()
      const id = await problemIn('accept', 'start')
      const during = await board()
      expect(during.totals.open).toBe(before.totals.open + 1)
      expect(during.byCategory.find((c: { category: string }) => c.category === 'supplies').open).toBe(
        before.byCategory.find((c: { category: string }) => c.category === 'supplies').open + 1,
      )
      await act(world.cookies.liaison, id, { action: 'resolve', note: '已解决' })
      await act(world.cookies.entA, id, { action: 'confirm', satisfaction: 3 })
      const after = await board()
      expect(after.totals.open).toBe(before.totals.open)
      expect(after.totals.resolved).toBe(before.totals.resolved + 1)
      expect(after.totals.rated).toBe(before.totals.rated + 1)
      expect(after.totals.avgResolveWorkdays).toBe(0)
      const villageA = after.byArea.find((a: { name: string }) => a.name === '蛎灰窑经合社')
      expect(villageA.resolved).toBeGreaterThan(0)
      expect(villageA).toMatchObject({ enterprises: 1, resumed: 0 })
      // Enterprises and experts do not read the board.
      expect(
        (await app.inject({ method: 'GET', url: '/api/enterprise/problems/board', headers: { cookie: world.cookies.entA } })).statusCode,
      ).toBe(403)
    })
  })

  describe('attachments', () => {
    const attach = (id: string, payload: { fileName: string; contentType: string; content: Buffer }) =>
      app.inject({
        method: 'POST',
        url: `/api/enterprise/problems/${id}/attachments`,
        headers: { cookie: world.cookies.entA, 'accept-language': 'en' },
        payload: { fileName: payload.fileName, contentType: payload.contentType, contentBase64: payload.content.toString('base64') },
      })

    it('refuses bytes that are no picture, PDF or workbook, whatever the name and claimed type say', async () => {
      const id = (await report(world.cookies.entA)).json().id as string
      for (const content of [
        Buffer.from('<html><script>alert(1)</script></html>'),
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        Buffer.from('PK\x03\x04not a workbook'),
      ]) {
        const refused = await attach(id, { fileName: 'photo.png', contentType: 'image/png', content })
        expect(refused.statusCode).toBe(415)
        expect(refused.json()).toMatchObject({ code: 'ATTACHMENT_TYPE', errors: [{ field: 'contentBase64', code: 'ATTACHMENT_TYPE' }] })
      }
      expect((await detail(world.cookies.entA, id)).attachments).toEqual([])
    })

    it('keeps the sniffed type and its extension: a JPEG sent as text/html named poly.html downloads as poly.jpg', async () => {
      const id = (await report(world.cookies.entA)).json().id as string
      const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
      const added = await attach(id, { fileName: 'poly.html', contentType: 'text/html', content: jpeg })
      expect(added.statusCode, added.body).toBe(201)
      expect(added.json()).toMatchObject({ fileName: 'poly.jpg', contentType: 'image/jpeg' })
      const file = await app.inject({
        method: 'GET',
        url: `/api/enterprise/problems/${id}/attachments/${added.json().id}`,
        headers: { cookie: world.cookies.liaison },
      })
      expect(file.headers).toMatchObject({ 'content-type': 'image/jpeg', 'x-content-type-options': 'nosniff' })
      expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''poly.jpg")
    })
  })
})
