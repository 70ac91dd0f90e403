import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'

describe(`isolation orders and remote consultation on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: string
  let doctor: string
  let doctor2: string
  let admin: string

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'doctor', 'doctor', tree.street.id)
    await createTestAccount(ctx.deps, 'doctor2', 'doctor', tree.street.id)
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    ;[worker, doctor, doctor2, admin] = (await Promise.all(['worker', 'doctor', 'doctor2', 'admin'].map((u) => login(app, u)))) as [
      string,
      string,
      string,
      string,
    ]
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const person = async () =>
    (await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(tree.gridA.id) })).json()
      .id as string
  const device = async (kind: string, serial: string) =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/devices',
        headers: { cookie: worker },
        payload: { serial, kind, areaId: tree.gridA.id },
      })
    ).json()

  it('opens an order by hand once, binds isolation devices only, and releases it with a note', async () => {
    const personId = await person()
    const created = await app.inject({
      method: 'POST',
      url: '/api/isolation-orders',
      headers: { cookie: worker },
      payload: { personId, kind: 'home', address: '出租房 5 号' },
    })
    expect(created.statusCode).toBe(201)
    const order = created.json()
    expect(order).toMatchObject({ source: 'manual', status: 'open', responsibleName: 'worker', address: '出租房 5 号', devices: [] })
    const twice = await app.inject({
      method: 'POST',
      url: '/api/isolation-orders',
      headers: { cookie: worker },
      payload: { personId, kind: 'home' },
    })
    expect(twice.json().code).toBe('ISOLATION_ALREADY_OPEN')

    await device('bracelet', 'BR-A')
    await device('speaker', 'SPK-A')
    const bind = (serial: string, orderId = order.id) =>
      app.inject({ method: 'POST', url: `/api/isolation-orders/${orderId}/devices`, headers: { cookie: worker }, payload: { serial } })
    expect((await bind('BR-A')).json().devices.map((d: { serial: string }) => d.serial)).toEqual(['BR-A'])
    expect((await bind('SPK-A')).json().code).toBe('DEVICE_KIND_MISMATCH')
    const other = (
      await app.inject({
        method: 'POST',
        url: '/api/isolation-orders',
        headers: { cookie: worker },
        payload: { personId: await person(), kind: 'home' },
      })
    ).json()
    expect((await bind('BR-A', other.id)).json().code).toBe('DEVICE_ALREADY_BOUND')

    const released = await app.inject({
      method: 'POST',
      url: `/api/isolation-orders/${order.id}/release`,
      headers: { cookie: worker },
      payload: { note: '14 天期满，核酸阴性' },
    })
    expect(released.json()).toMatchObject({ status: 'released', releaseNote: '14 天期满，核酸阴性', devices: [] })
    const binding = await ctx.deps.db
      .selectFrom('device_binding')
      .select('unbound_at')
      .where('isolation_order_id', '=', order.id)
      .executeTakeFirstOrThrow()
    expect(binding.unbound_at).toBeInstanceOf(Date)
    expect((await bind('BR-A', other.id)).statusCode).toBe(200)
  })

  it('queues a consultation that one doctor takes, with the area’s video link, and closes with notes', async () => {
    const video = await app.inject({
      method: 'PUT',
      url: '/api/consultations/video-service',
      headers: { cookie: admin },
      payload: { areaId: tree.street.id, urlTemplate: 'https://video.example/room/{room}' },
    })
    expect(video.statusCode).toBe(204)
    const personId = await person()
    const requested = await app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: { cookie: worker },
      payload: { personId, reason: '咽痛两天' },
    })
    expect(requested.json()).toMatchObject({ status: 'queued', requestedVia: 'staff' })
    const again = await app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: { cookie: worker },
      payload: { personId, reason: '再次' },
    })
    expect(again.json().code).toBe('CONSULTATION_WAITING')
    const id = requested.json().id
    const queue = (await app.inject({ method: 'GET', url: '/api/consultations', headers: { cookie: doctor } })).json()
    expect(queue.map((c: { id: string }) => c.id)).toContain(id)

    const [first, second] = await Promise.all(
      [doctor, doctor2].map((cookie) => app.inject({ method: 'POST', url: `/api/consultations/${id}/take`, headers: { cookie } })),
    )
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([200, 409])
    const taken = (first!.statusCode === 200 ? first! : second!).json()
    const winner = first!.statusCode === 200 ? doctor : doctor2
    const loser = first!.statusCode === 200 ? doctor2 : doctor
    expect(taken).toMatchObject({ status: 'in_progress', videoUrl: `https://video.example/room/gridline-${id}` })

    const notes = { notes: '建议多饮水，居家观察体温', outcome: 'observe' }
    expect(
      (await app.inject({ method: 'POST', url: `/api/consultations/${id}/close`, headers: { cookie: loser }, payload: notes })).json().code,
    ).toBe('CONSULTATION_NOT_YOURS')
    const closed = await app.inject({ method: 'POST', url: `/api/consultations/${id}/close`, headers: { cookie: winner }, payload: notes })
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'observe', notes: '建议多饮水，居家观察体温' })
  })

  it('lets an isolated person ask for a consultation from the phone page and see the video link once taken', async () => {
    const personId = await person()
    const order = (
      await app.inject({ method: 'POST', url: '/api/isolation-orders', headers: { cookie: worker }, payload: { personId, kind: 'home' } })
    ).json()
    const token = order.selfServicePath.split('/').pop()
    expect(
      (await app.inject({ method: 'POST', url: `/api/self/${token}/consultations`, payload: { reason: '发热 37.8' } })).statusCode,
    ).toBe(204)
    const queued = (await app.inject({ method: 'GET', url: `/api/self/${token}` })).json()
    expect(queued).toMatchObject({ isolation: { endsAt: order.endsAt }, consultation: { status: 'queued', videoUrl: null } })
    const waiting = (await app.inject({ method: 'GET', url: '/api/consultations?status=queued', headers: { cookie: doctor } })).json()
    const mine = waiting.find((c: { personId: string }) => c.personId === personId)
    expect(mine).toMatchObject({ requestedVia: 'self', isolationOrderId: order.id })
    await app.inject({ method: 'POST', url: `/api/consultations/${mine.id}/take`, headers: { cookie: doctor } })
    expect((await app.inject({ method: 'GET', url: `/api/self/${token}` })).json().consultation.videoUrl).toBe(
      `https://video.example/room/gridline-${mine.id}`,
    )
  })
})
