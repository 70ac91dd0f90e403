import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAlertStream, type AlertStreamClient } from '../../../../test/alert-stream.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { raiseAlert } from './alerts.service.ts'

/** The live channel carries every alert, the gate's too, exactly when its transaction commits. */
describe(`the live alert channel on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let cookie: string
  let stream: AlertStreamClient

  beforeAll(async () => {
    ctx = await createTestContext()
    tree = await createAreaTree(ctx.deps)
    app = await buildApp(ctx.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    cookie = await login(app, 'worker')
    stream = await openAlertStream(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, cookie)
  })
  afterAll(async () => {
    stream?.close()
    await app?.close()
    await ctx?.close()
  })

  const person = async () =>
    (await app.inject({ method: 'POST', url: '/api/people', headers: { cookie }, payload: personInput(tree.gridA.id) })).json().id as string
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

  it('pushes an alert raised inside a transaction (as a gate scan does) only once it commits, never on rollback', async () => {
    const committed = await person()
    const rolledBack = await person()
    let inside = -1
    await ctx.deps.db.transaction().execute(async (trx) => {
      await raiseAlert(trx, { areaId: tree.gridA.id, kind: 'isolation_home', severity: 'critical', personId: committed, now: new Date() })
      await settle()
      inside = stream.messages.filter((m) => m.alert.personId === committed).length
    })
    expect(inside).toBe(0)
    const pushed = await stream.waitFor((m) => m.alert.personId === committed)
    expect(pushed).toMatchObject({ event: 'raised', alert: { kind: 'isolation_home', severity: 'critical', areaName: '第一网格' } })
    await ctx.deps.db
      .transaction()
      .execute(async (trx) => {
        await raiseAlert(trx, { areaId: tree.gridA.id, kind: 'forged_code', severity: 'critical', personId: rolledBack, now: new Date() })
        throw new Error('the scan failed')
      })
      .catch(() => {})
    await settle()
    expect(stream.messages.filter((m) => m.alert.personId === rolledBack)).toHaveLength(0)
    expect(await ctx.deps.db.selectFrom('alert').select('id').where('person_id', '=', rolledBack).execute()).toEqual([])
  })

  it('pushes acknowledgements and handling, and a new alert for the next problem after handling', async () => {
    const personId = await person()
    const first = await raiseAlert(ctx.deps.db, { areaId: tree.gridA.id, kind: 'fever', severity: 'warning', personId, now: new Date() })
    const ack = await app.inject({ method: 'POST', url: `/api/alerts/${first.id}/acknowledge`, headers: { cookie }, payload: {} })
    expect(ack.json()).toMatchObject({ status: 'acknowledged' })
    await stream.waitFor((m) => m.alert.id === first.id && m.event === 'acknowledged')
    const handled = await app.inject({
      method: 'POST',
      url: `/api/alerts/${first.id}/handle`,
      headers: { cookie },
      payload: { note: '已送发热门诊' },
    })
    expect(handled.json()).toMatchObject({ status: 'handled', note: '已送发热门诊' })
    await stream.waitFor((m) => m.alert.id === first.id && m.event === 'handled')
    expect(
      (await app.inject({ method: 'POST', url: `/api/alerts/${first.id}/handle`, headers: { cookie }, payload: { note: 'again' } })).json()
        .code,
    ).toBe('ALERT_ALREADY_HANDLED')
    const next = await raiseAlert(ctx.deps.db, { areaId: tree.gridA.id, kind: 'fever', severity: 'warning', personId, now: new Date() })
    expect(next).toMatchObject({ created: true })
    expect(next.id).not.toBe(first.id)
    const history = (await app.inject({ method: 'GET', url: `/api/alerts/${first.id}/events`, headers: { cookie } })).json()
    expect(history.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([
      ['acknowledged', null],
      ['handled', '已送发热门诊'],
    ])
  })
})
