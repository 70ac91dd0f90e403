import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, TEST_PASSWORD } from '../../../../test/factories.ts'
import { runSimulateDevices, SPEAKER_GROUP } from '../../../cli/simulate-devices.ts'
import { speakerState, type SpeakerStatus } from '../../../shared/schemas/broadcast.ts'
import { buildApp } from '../../app.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../../../worker/device-runtime.ts'

/** Polls until the check holds (device messages travel through the broker and the writer). */
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * `simulate-devices` speakers against a running server and the in-process broker: they come
 * online, play an announcement, acknowledge it, and the broadcast screen's data says so.
 */
describe(`simulated speakers on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let runtime: DeviceRuntime
  let base: string
  let worker: string
  let simulator: Promise<number> | undefined
  const prefix = `gltest${randomBytes(4).toString('hex')}`
  const stop = new AbortController()
  const stopSimulator = () => stop.abort()

  beforeAll(async () => {
    ctx = await createTestContext()
    // createAreaTree's grid A has the demo grid's code: the simulator registers its devices there.
    const tree = await createAreaTree(ctx.deps)
    app = await buildApp(ctx.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    worker = await login(app, 'worker')
    runtime = await startDeviceRuntime(ctx.deps, { mqttPort: 0, host: '127.0.0.1', topicPrefix: prefix, sweepEveryMs: null, log: () => {} })
  })
  afterAll(async () => {
    if (simulator !== undefined) {
      stopSimulator()
      await simulator
    }
    delete process.env.GRIDLINE_PASSWORD
    await runtime?.stop()
    await app?.close()
    await ctx?.close()
  })

  const speakers = async () => {
    const response = await app.inject({ method: 'GET', url: '/api/announcements/speakers', headers: { cookie: worker } })
    expect(response.statusCode).toBe(200)
    return response.json() as SpeakerStatus[]
  }

  it('come online, play an announcement and acknowledge it; a speaker that never connects stays offline', async () => {
    // A speaker of the same group that is not running: the screen must say so.
    const tree = await ctx.deps.db.selectFrom('area').select('id').where('code', '=', '330382001201001').executeTakeFirstOrThrow()
    const dead = await app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: { cookie: worker },
      payload: { serial: 'DEAD-SP-01', kind: 'speaker', areaId: tree.id, groupName: SPEAKER_GROUP, reportIntervalS: 60 },
    })
    expect(dead.statusCode).toBe(201)

    process.env.GRIDLINE_PASSWORD = TEST_PASSWORD
    const config = { ...ctx.deps.config, devices: { ...ctx.deps.config.devices, topicPrefix: prefix } }
    simulator = runSimulateDevices(
      config,
      [
        '--bracelets',
        '0',
        '--seals',
        '0',
        '--speakers',
        '2',
        '--rate',
        '0',
        '--api',
        base,
        '--username',
        'admin',
        '--url',
        runtime.brokerUrl,
      ],
      stop.signal,
    )
    await until(async () => (await speakers()).filter((s) => s.serial.startsWith('SIM-SP-') && s.state === 'online').length === 2)
    expect((await speakers()).find((s) => s.serial === 'DEAD-SP-01')?.state).toBe('offline')

    const sent = await app.inject({
      method: 'POST',
      url: '/api/announcements',
      headers: { cookie: worker },
      payload: { body: '今晚八点全员核酸检测，请到村委会广场排队', groupName: SPEAKER_GROUP, areaId: tree.id },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(sent.json().deliveries).toHaveLength(3)
    await until(async () => (await speakers()).filter((s) => s.state === 'played').length === 2)
    const states = Object.fromEntries((await speakers()).map((s) => [s.serial, s.state]))
    expect(states).toEqual({ 'DEAD-SP-01': 'offline', 'SIM-SP-0001': 'played', 'SIM-SP-0002': 'played' })
    const [latest] = (await app.inject({ method: 'GET', url: '/api/announcements', headers: { cookie: worker } })).json()
    const acked = Object.fromEntries(
      latest.deliveries.map((d: { serial: string; ackedAt: string | null }) => [d.serial, d.ackedAt !== null]),
    )
    expect(acked).toEqual({ 'DEAD-SP-01': false, 'SIM-SP-0001': true, 'SIM-SP-0002': true })

    stopSimulator()
    expect(await simulator).toBe(0)
    simulator = undefined
  })

  it('shows a grid worker of another village none of these speakers', async () => {
    const villageB = await ctx.deps.db.selectFrom('area').select('id').where('code', '=', '330382001202').executeTakeFirstOrThrow()
    await createTestAccount(ctx.deps, 'neighbour', 'grid_worker', villageB.id)
    const neighbour = await login(app, 'neighbour')
    const own = await app.inject({ method: 'GET', url: '/api/announcements/speakers', headers: { cookie: neighbour } })
    expect(own.json()).toEqual([])
    const grid = await ctx.deps.db.selectFrom('area').select('id').where('code', '=', '330382001201001').executeTakeFirstOrThrow()
    const theirs = await app.inject({ method: 'GET', url: `/api/announcements/speakers?areaId=${grid.id}`, headers: { cookie: neighbour } })
    expect(theirs.statusCode).toBeGreaterThanOrEqual(400)
    expect(theirs.body).not.toContain('SIM-SP-')
  })
})

describe(speakerState.name, () => {
  const seen = { lastSeenAt: '2026-12-07T10:00:00.000Z', reportIntervalS: 60, lastAnnouncementId: null, lastAckedAt: null }
  const at = (iso: string) => new Date(iso)

  it('is online while heard within three report intervals, offline after', () => {
    expect(speakerState(seen, at('2026-12-07T10:02:59Z'))).toBe('online')
    expect(speakerState(seen, at('2026-12-07T10:03:01Z'))).toBe('offline')
  })

  it('waits at least two minutes for a speaker that reports often', () => {
    expect(speakerState({ ...seen, reportIntervalS: 10 }, at('2026-12-07T10:01:50Z'))).toBe('online')
    expect(speakerState({ ...seen, reportIntervalS: 10 }, at('2026-12-07T10:02:01Z'))).toBe('offline')
  })

  it('is played once its latest announcement is acknowledged, and offline when silent since', () => {
    const played = { ...seen, lastAnnouncementId: '6f1c0d2e-9b1a-4c55-8f1e-0a6b4e9f2a10', lastAckedAt: '2026-12-07T10:00:00.000Z' }
    expect(speakerState(played, at('2026-12-07T10:01:00Z'))).toBe('played')
    expect(speakerState({ ...played, lastAckedAt: null }, at('2026-12-07T10:01:00Z'))).toBe('online')
    expect(speakerState(played, at('2026-12-07T10:05:00Z'))).toBe('offline')
  })

  it('is offline when never heard from', () => {
    expect(speakerState({ ...seen, lastSeenAt: null }, at('2026-12-07T10:00:00Z'))).toBe('offline')
  })
})
