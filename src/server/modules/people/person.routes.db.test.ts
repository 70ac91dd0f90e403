import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput, residentId } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'

describe(`person routes on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let workerA: string
  let workerB: string
  let cadreA: string
  let admin: string
  let neighbour: { id: string; idNumber: string }
  const routes: string[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false, onRoute: (route) => routes.push(`${route.method} ${route.url}`) })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker-a', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'worker-b', 'grid_worker', tree.villageB.id)
    await createTestAccount(ctx.deps, 'cadre-a', 'village_cadre', tree.villageA.id)
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    workerA = await login(app, 'worker-a')
    workerB = await login(app, 'worker-b')
    cadreA = await login(app, 'cadre-a')
    admin = await login(app, 'admin')
    const idNumber = residentId()
    const created = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie: workerB },
      payload: personInput(tree.villageB.id, { name: '邻村人', idNumber }),
    })
    expect(created.statusCode).toBe(201)
    neighbour = { id: created.json().id, idNumber }
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  describe('area scope', () => {
    // Every route under /api/people, each tried by village A's grid worker on village B's person.
    const attempts: Record<string, (cookie: string) => Promise<{ statusCode: number }>> = {
      'GET /api/people/:id': (cookie) => app.inject({ method: 'GET', url: `/api/people/${neighbour.id}`, headers: { cookie } }),
      'GET /api/people/:id/identity': (cookie) =>
        app.inject({ method: 'GET', url: `/api/people/${neighbour.id}/identity`, headers: { cookie } }),
      'PUT /api/people/:id': (cookie) =>
        app.inject({
          method: 'PUT',
          url: `/api/people/${neighbour.id}`,
          headers: { cookie },
          payload: personInput(tree.villageA.id, { idNumber: neighbour.idNumber }),
        }),
      'DELETE /api/people/:id': (cookie) => app.inject({ method: 'DELETE', url: `/api/people/${neighbour.id}`, headers: { cookie } }),
      'POST /api/people/lookup': (cookie) =>
        app.inject({
          method: 'POST',
          url: '/api/people/lookup',
          headers: { cookie },
          payload: { idType: 'resident_id', idNumber: neighbour.idNumber },
        }),
    }

    it.each(Object.keys(attempts))('answers 404 to a grid worker of the neighbouring village on %s', async (route) => {
      const response = await attempts[route]!(workerA)
      expect(response.statusCode).toBe(404)
      // ...and the same request works for the neighbour's own grid worker, so 404 means scope, not a broken route
      if (route !== 'DELETE /api/people/:id' && route !== 'PUT /api/people/:id') {
        expect((await attempts[route]!(workerB)).statusCode).toBe(200)
      }
    })

    it('leaves the neighbour out of lists and searches', async () => {
      const byName = await app.inject({ method: 'GET', url: `/api/people?q=${encodeURIComponent('邻村')}`, headers: { cookie: workerA } })
      expect(byName.statusCode).toBe(200)
      expect(byName.json().total).toBe(0)
      const byId = await app.inject({ method: 'GET', url: `/api/people?q=${neighbour.idNumber}`, headers: { cookie: workerA } })
      expect(byId.json().total).toBe(0)
      const asB = await app.inject({ method: 'GET', url: `/api/people?q=${neighbour.idNumber}`, headers: { cookie: workerB } })
      expect(asB.json().items.map((p: { id: string }) => p.id)).toEqual([neighbour.id])
    })

    it('refuses to register a person into the neighbouring village', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: workerA },
        payload: personInput(tree.villageB.id),
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'areaId', code: 'AREA_OUTSIDE_SCOPE' })])
    })

    it('covers every person route the app has', () => {
      // list and create are covered by the two tests above
      const tested = new Set([...Object.keys(attempts), 'GET /api/people', 'POST /api/people'])
      const personRoutes = [...new Set(routes.map((route) => route.replace(/\/$/, '')))].filter((route) =>
        route.split(' ')[1]!.startsWith('/api/people'),
      )
      expect(personRoutes.length).toBeGreaterThanOrEqual(tested.size)
      for (const route of personRoutes) expect(tested, `person route without a scope test: ${route}`).toContain(route)
    })

    it('lets the neighbour be read from the street and the city above', async () => {
      const response = await app.inject({ method: 'GET', url: `/api/people/${neighbour.id}`, headers: { cookie: admin } })
      expect(response.statusCode).toBe(200)
    })
  })

  describe('masking and reveal', () => {
    it('masks the ID number and phone in lists and detail', async () => {
      const idNumber = residentId()
      const created = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: workerA },
        payload: personInput(tree.gridA.id, { idNumber, phone: '13912345678' }),
      })
      const person = created.json()
      expect(person.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
      expect(person.phoneMasked).toBe('139****5678')
      expect(created.body).not.toContain(idNumber)
      const list = await app.inject({ method: 'GET', url: '/api/people', headers: { cookie: workerA } })
      expect(list.body).not.toContain(idNumber)
      expect(list.body).not.toContain('13912345678')
    })

    it('shows the full identity to a grid worker and refuses a village cadre', async () => {
      const idNumber = residentId()
      const { id } = (
        await app.inject({
          method: 'POST',
          url: '/api/people',
          headers: { cookie: cadreA },
          payload: personInput(tree.villageA.id, { idNumber }),
        })
      ).json()
      const asWorker = await app.inject({ method: 'GET', url: `/api/people/${id}/identity`, headers: { cookie: workerA } })
      expect(asWorker.json()).toEqual({ idType: 'resident_id', idNumber, phone: '13812345678' })
      const asCadre = await app.inject({ method: 'GET', url: `/api/people/${id}/identity`, headers: { cookie: cadreA } })
      expect(asCadre.statusCode).toBe(403)
      expect(asCadre.headers['content-type']).toMatch(/application\/problem\+json/)
    })
  })

  describe('logs', () => {
    it('carry no name, ID number or phone, even from searches and errors', async () => {
      const lines: string[] = []
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      })
      const logged = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'trace' } }, { logStream: stream })
      const cookie = await login(logged, 'worker-a')
      const idNumber = residentId()
      const payload = personInput(tree.villageA.id, { name: '日志测试人', idNumber, phone: '13566667777' })
      await logged.inject({ method: 'POST', url: '/api/people', headers: { cookie }, payload })
      await logged.inject({ method: 'POST', url: '/api/people', headers: { cookie }, payload }) // duplicate: an error path
      await logged.inject({ method: 'GET', url: `/api/people?q=${idNumber}`, headers: { cookie } })
      await logged.inject({ method: 'GET', url: `/api/people?q=${encodeURIComponent('日志测试人')}`, headers: { cookie } })
      await logged.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie },
        payload: { ...payload, idNumber: `${idNumber.slice(0, 17)}Z` },
      })
      await logged.close()
      const log = lines.join('')
      expect(lines.length).toBeGreaterThan(5)
      expect(log).toContain('/api/people')
      for (const secret of [idNumber, '13566667777', '日志测试人', encodeURIComponent('日志测试人')]) expect(log).not.toContain(secret)
    })
  })

  describe('duplicates', () => {
    it('refuses the same ID number twice in one city, even from another village', async () => {
      const idNumber = residentId()
      const first = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: workerA },
        payload: personInput(tree.villageA.id, { idNumber }),
      })
      expect(first.statusCode).toBe(201)
      const second = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: workerB, 'accept-language': 'zh-CN' },
        payload: personInput(tree.villageB.id, { idNumber: idNumber.toLowerCase() }),
      })
      expect(second.statusCode).toBe(409)
      expect(second.json()).toMatchObject({
        code: 'PERSON_DUPLICATE_ID',
        errors: [{ field: 'idNumber', code: 'PERSON_DUPLICATE_ID', message: '该证件号码已在本市登记，请勿重复登记' }],
      })
    })
  })
})
