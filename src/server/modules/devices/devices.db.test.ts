import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAlertStream, type AlertStreamClient } from '../../../../test/alert-stream.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { SimulatedDevice } from '../../../cli/simulated-device.ts'
import type { DeviceCredentials } from '../../../shared/schemas/devices.ts'
import { buildApp } from '../../app.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../../../worker/device-runtime.ts'
import { signPayload } from './protocol.ts'

/**
 * The device path end to end, against the in-process broker and against Mosquitto on
 * 127.0.0.1:1883 (anonymous on this machine: only signatures keep strangers out there).
 * Every run uses its own topic prefix, so runs never hear each other.
 */
const MOSQUITTO = process.env.MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883'
const MINUTE = 60_000

/** Ends a persistent session on Mosquitto (a clean connect under its id), so test runs leave no queue behind. */
async function forgetSession(url: string, clientId: string) {
  const client = await connectAsync(url, { clientId, clean: true, protocolVersion: 5, reconnectPeriod: 0 })
  await client.endAsync()
}

describe.each(['embedded', 'mosquitto'] as const)(`devices over the %s broker on ${testDatabaseKind()}`, (brokerKind) => {
  let ctx: TestContext
  let app: FastifyInstance
  let runtime: DeviceRuntime
  let base: string
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: string
  let stream: AlertStreamClient
  const prefix = `gltest${randomBytes(4).toString('hex')}`
  const lines: string[] = []
  const devices: SimulatedDevice[] = []
  let clockOffset = 0

  beforeAll(async () => {
    ctx = await createTestContext()
    tree = await createAreaTree(ctx.deps)
    app = await buildApp(ctx.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(ctx.deps, 'cadre', 'village_cadre', tree.villageA.id)
    await createTestAccount(ctx.deps, 'streetlead', 'leader', tree.street.id)
    await createTestAccount(ctx.deps, 'neighbour', 'grid_worker', tree.villageB.id)
    worker = await login(app, 'worker')
    runtime = await startDeviceRuntime(ctx.deps, {
      mqttUrl: brokerKind === 'mosquitto' ? MOSQUITTO : undefined,
      mqttPort: 0,
      host: '127.0.0.1',
      topicPrefix: prefix,
      clientId: `${prefix}-ingest`,
      sweepEveryMs: null,
      clock: () => new Date(Date.now() + clockOffset),
      log: (line) => lines.push(line),
    })
    stream = await openAlertStream(base, worker)
  })
  afterAll(async () => {
    stream?.close()
    for (const d of devices) await d.close().catch(() => {})
    await runtime?.stop()
    if (brokerKind === 'mosquitto') await forgetSession(MOSQUITTO, `${prefix}-ingest`)
    await app?.close()
    await ctx?.close()
  })

  const serial = (kind: string) => `${kind}-${randomBytes(4).toString('hex')}`

  async function registerDevice(kind: string, areaId = tree.gridA.id): Promise<DeviceCredentials> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: { cookie: worker },
      payload: { serial: serial(kind), kind, areaId, reportIntervalS: 60 },
    })
    expect(response.statusCode).toBe(201)
    return response.json()
  }
  async function connect(credentials: DeviceCredentials) {
    const device = await SimulatedDevice.connect(
      runtime.brokerUrl,
      { serial: credentials.mqttUsername, mqttPassword: credentials.mqttPassword, signingKey: credentials.signingKey },
      prefix,
    )
    devices.push(device)
    return device
  }
  /** A person in home isolation with the given devices bound to the order. */
  async function isolatedWith(...kinds: string[]) {
    const person = (
      await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(tree.gridA.id) })
    ).json()
    const order = await app.inject({
      method: 'POST',
      url: '/api/isolation-orders',
      headers: { cookie: worker },
      payload: { personId: person.id, kind: 'home' },
    })
    expect(order.statusCode).toBe(201)
    const bound: SimulatedDevice[] = []
    const ids: string[] = []
    for (const kind of kinds) {
      const credentials = await registerDevice(kind)
      const bind = await app.inject({
        method: 'POST',
        url: `/api/isolation-orders/${order.json().id}/devices`,
        headers: { cookie: worker },
        payload: { serial: credentials.device.serial },
      })
      expect(bind.statusCode).toBe(200)
      bound.push(await connect(credentials))
      ids.push(credentials.device.id)
    }
    return { personId: person.id as string, orderId: order.json().id as string, devices: bound, deviceIds: ids }
  }
  const alertsOf = (personId: string) => ctx.deps.db.selectFrom('alert').selectAll().where('person_id', '=', personId).execute()
  const readingCount = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('device_reading')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const alertCount = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('alert')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
    const end = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached in time')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  it('turns a fever from a bracelet into exactly one alert on the live channel', async () => {
    const {
      personId,
      devices: [bracelet],
    } = await isolatedWith('bracelet')
    await bracelet!.temperature(36.6)
    await bracelet!.temperature(38.2)
    const raised = await stream.waitFor((m) => m.alert.personId === personId && m.alert.kind === 'fever')
    expect(raised).toMatchObject({
      event: 'raised',
      alert: { kind: 'fever', status: 'open', occurrences: 1, areaName: '第一网格', escalationLevel: 0 },
    })
    clockOffset += 2_000 // the same alert is raised at most once a second per person
    await bracelet!.temperature(38.4)
    await stream.waitFor((m) => m.alert.personId === personId && m.event === 'repeated')
    const alerts = await alertsOf(personId)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ kind: 'fever', occurrences: 2 })
    expect(new Set(stream.messages.filter((m) => m.alert.personId === personId).map((m) => m.alert.id)).size).toBe(1)
    await runtime.writer.idle()
    const readings = await ctx.deps.db
      .selectFrom('device_reading')
      .select(['kind', 'value'])
      .where(
        'device_id',
        '=',
        (await ctx.deps.db.selectFrom('device').select('id').where('serial', '=', bracelet!.secrets.serial).executeTakeFirstOrThrow()).id,
      )
      .execute()
    expect(readings.map((r) => Number(r.value)).sort()).toEqual([36.6, 38.2, 38.4])
  })

  it('does not show an alert to a grid worker of another village', async () => {
    const neighbour = await openAlertStream(base, await login(app, 'neighbour'))
    try {
      const {
        personId,
        devices: [bracelet],
      } = await isolatedWith('bracelet')
      await bracelet!.temperature(39.0)
      await stream.waitFor((m) => m.alert.personId === personId)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(neighbour.messages.filter((m) => m.alert.personId === personId)).toHaveLength(0)
    } finally {
      neighbour.close()
    }
  })

  it('alerts when the door is opened during isolation, and not for an unbound seal', async () => {
    const {
      personId,
      devices: [seal],
    } = await isolatedWith('door_seal')
    await seal!.door(false)
    await seal!.door(true)
    const alert = await stream.waitFor((m) => m.alert.personId === personId && m.alert.kind === 'door_opened')
    expect(alert.alert.severity).toBe('critical')
    const spare = await connect(await registerDevice('door_seal'))
    const before = await alertCount()
    await spare.door(true)
    await until(async () => runtime.ingestor.stats.accepted >= 1 && (await readingCount()) > 0)
    await runtime.writer.idle()
    expect(await alertCount()).toBe(before)
  })

  it('alerts for a device that has gone silent, and not for one that reports', async () => {
    const quiet = await isolatedWith('bracelet')
    const chatty = await isolatedWith('door_seal')
    await quiet.devices[0]!.heartbeat()
    await chatty.devices[0]!.heartbeat()
    await until(
      async () =>
        (
          await ctx.deps.db
            .selectFrom('device')
            .select('id')
            .where('id', 'in', [...quiet.deviceIds, ...chatty.deviceIds])
            .where('last_seen_at', 'is not', null)
            .execute()
        ).length === 2,
    )
    const later = new Date(Date.now() + 10 * MINUTE)
    // the chatty seal reported again just before the sweep
    await ctx.deps.db
      .updateTable('device')
      .set({ last_seen_at: new Date(later.getTime() - MINUTE) })
      .where('id', 'in', chatty.deviceIds)
      .execute()
    await runtime.runSweeps(later)
    expect(await alertsOf(quiet.personId)).toEqual([expect.objectContaining({ kind: 'device_silent', subject_ref: quiet.deviceIds[0] })])
    expect(await alertsOf(chatty.personId)).toEqual([])
    await stream.waitFor((m) => m.alert.personId === quiet.personId && m.alert.kind === 'device_silent')
  })

  it('alerts for a missed daily report at the sweep, once a day', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const arrived = new Date(Date.parse(today) - 2 * 86400_000).toISOString().slice(0, 10)
    const register = async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/returnees',
        headers: { cookie: worker },
        payload: {
          person: { name: '王五', idType: 'resident_id', idNumber: personInput(tree.gridA.id).idNumber },
          areaId: tree.gridA.id,
          cameFrom: '湖北武汉',
          arrivedOn: arrived,
        },
      })
      expect(response.statusCode).toBe(201)
      return response.json()
    }
    const silent = await register()
    const diligent = await register()
    const report = await app.inject({
      method: 'POST',
      url: `/api/returnees/${diligent.id}/reports`,
      headers: { cookie: worker },
      payload: { temperature: 36.5 },
    })
    expect(report.statusCode).toBe(200)
    const evening = new Date(`${today}T12:30:00Z`) // 20:30 China time: past the 20:00 deadline
    await runtime.runSweeps(new Date(`${today}T11:30:00Z`)) // 19:30: today's report is not due yet; yesterday's alerts
    await runtime.runSweeps(evening)
    await runtime.runSweeps(new Date(evening.getTime() + MINUTE))
    const missed = (await alertsOf(silent.personId)).filter((a) => a.kind === 'report_missed')
    expect(missed).toHaveLength(1)
    expect(missed[0]!.occurrences).toBe(2) // yesterday's and today's
    expect((await alertsOf(diligent.personId)).filter((a) => a.kind === 'report_missed')).toHaveLength(1) // yesterday's only
    await stream.waitFor((m) => m.alert.personId === silent.personId && m.alert.kind === 'report_missed')
  })

  it('escalates an unacknowledged alert after the delays, and stops once acknowledged', async () => {
    const raisedAt = new Date(Date.now() + 60 * MINUTE)
    const first = await isolatedWith('bracelet')
    const second = await isolatedWith('bracelet')
    const { raiseAlert } = await import('../alerts/alerts.service.ts')
    const a = await raiseAlert(ctx.deps.db, {
      areaId: tree.gridA.id,
      kind: 'fever',
      severity: 'warning',
      personId: first.personId,
      now: raisedAt,
    })
    const b = await raiseAlert(ctx.deps.db, {
      areaId: tree.gridA.id,
      kind: 'fever',
      severity: 'warning',
      personId: second.personId,
      now: raisedAt,
    })
    const level = async (id: string) =>
      (await ctx.deps.db.selectFrom('alert').select('escalation_level').where('id', '=', id).executeTakeFirstOrThrow()).escalation_level
    await runtime.runSweeps(new Date(raisedAt.getTime() + 14 * MINUTE))
    expect([await level(a.id), await level(b.id)]).toEqual([0, 0])
    const ack = await app.inject({
      method: 'POST',
      url: `/api/alerts/${b.id}/acknowledge`,
      headers: { cookie: worker },
      payload: { note: '已电话联系' },
    })
    expect(ack.statusCode).toBe(200)
    await runtime.runSweeps(new Date(raisedAt.getTime() + 15 * MINUTE))
    expect([await level(a.id), await level(b.id)]).toEqual([1, 0])
    const toCadre = await ctx.deps.db
      .selectFrom('notification')
      .innerJoin('account', 'account.id', 'notification.recipient_account_id')
      .select('account.username')
      .where('notification.kind', '=', 'alert_escalated')
      .execute()
    expect(toCadre.map((n) => n.username)).toContain('cadre')
    await stream.waitFor((m) => m.alert.id === a.id && m.event === 'escalated')
    await runtime.runSweeps(new Date(raisedAt.getTime() + 44 * MINUTE))
    expect(await level(a.id)).toBe(1)
    await runtime.runSweeps(new Date(raisedAt.getTime() + 45 * MINUTE))
    expect([await level(a.id), await level(b.id)]).toEqual([2, 0])
    const toStreet = await ctx.deps.db
      .selectFrom('notification')
      .innerJoin('account', 'account.id', 'notification.recipient_account_id')
      .select('account.username')
      .where('notification.kind', '=', 'alert_escalated')
      .execute()
    expect(toStreet.map((n) => n.username)).toContain('streetlead')
    const history = await app.inject({ method: 'GET', url: `/api/alerts/${a.id}/events`, headers: { cookie: worker } })
    expect(history.json().map((e: { action: string; escalationLevel: number }) => `${e.action}:${e.escalationLevel}`)).toEqual([
      'escalated:1',
      'escalated:2',
    ])
  })

  it('changes nothing for malformed or unauthenticated messages, and keeps working', async () => {
    const {
      personId,
      devices: [bracelet],
    } = await isolatedWith('bracelet')
    const other = await isolatedWith('bracelet')
    const accepted = runtime.ingestor.stats.accepted
    await bracelet!.heartbeat()
    await until(async () => runtime.ingestor.stats.accepted > accepted)
    await runtime.writer.idle()
    const before = { readings: await readingCount(), alerts: await alertCount(), stats: { ...runtime.ingestor.stats } }
    const topic = (serialOf: string, type: string) => `${prefix}/v1/devices/${serialOf}/${type}`
    await bracelet!.sendRaw('temperature', 'not json at all')
    await bracelet!.sendRaw('temperature', Buffer.from([0xff, 0x00, 0x0a, 0x01]))
    await bracelet!.sendRaw(
      'temperature',
      signPayload(Buffer.alloc(32, 7), topic(bracelet!.secrets.serial, 'temperature'), { seq: 1, ts: Date.now(), celsius: 39.5 }),
    ) // wrong key
    await bracelet!.send('temperature', { celsius: 'hot' }) // signed, but not the schema
    await bracelet!.send('door', { open: true }) // a bracelet has no door
    await bracelet!.send('temperature', { celsius: 39.1 }, { ts: Date.now() - 3 * 86400_000 }) // replayed from days ago
    if (brokerKind === 'mosquitto') {
      // Anyone can publish on an anonymous Mosquitto: a stranger, and a device posing as another one.
      const stranger = await connectAsync(MOSQUITTO, { clientId: `stranger-${randomBytes(4).toString('hex')}` })
      await stranger.publishAsync(
        topic(bracelet!.secrets.serial, 'temperature'),
        Buffer.from(`{"seq":1,"ts":${Date.now()},"celsius":39.9}\nAAAA`),
        { qos: 1 },
      )
      await stranger.publishAsync(
        topic('nosuchdevice', 'temperature'),
        signPayload(Buffer.alloc(32), topic('nosuchdevice', 'temperature'), { seq: 1, ts: Date.now(), celsius: 39.9 }),
        { qos: 1 },
      )
      await stranger.publishAsync(`${prefix}/v1/devices/x/firmware`, 'x', { qos: 1 }) // not a message type
      const key = Buffer.from(bracelet!.secrets.signingKey, 'base64url')
      const victim = topic(other.devices[0]!.secrets.serial, 'temperature')
      await stranger.publishAsync(victim, signPayload(key, victim, { seq: 2, ts: Date.now(), celsius: 39.9 }), { qos: 1 })
      await stranger.endAsync()
    } else {
      // The embedded broker refuses a wrong password, and a device publishing on another's topic.
      await expect(
        connectAsync(runtime.brokerUrl, { username: bracelet!.secrets.serial, password: 'wrong', reconnectPeriod: 0 }),
      ).rejects.toThrow()
      await expect(connectAsync(runtime.brokerUrl, { reconnectPeriod: 0 })).rejects.toThrow()
    }
    // Every message counted (a look-up of an unknown device answers asynchronously).
    const dropped = () =>
      runtime.ingestor.stats.malformed + runtime.ingestor.stats.unauthenticated - before.stats.malformed - before.stats.unauthenticated
    await until(async () => dropped() >= (brokerKind === 'mosquitto' ? 10 : 6))
    await bracelet!.temperature(36.8) // still served afterwards
    await until(async () => runtime.ingestor.stats.accepted >= before.stats.accepted + 1)
    await runtime.writer.idle()
    expect(await readingCount()).toBe(before.readings + 1)
    expect(await alertCount()).toBe(before.alerts)
    expect(await alertsOf(personId)).toEqual([])
    expect(await alertsOf(other.personId)).toEqual([])
    const stats = runtime.ingestor.stats
    expect(stats.malformed - before.stats.malformed).toBe(brokerKind === 'mosquitto' ? 4 : 3)
    expect(stats.unauthenticated - before.stats.unauthenticated).toBe(brokerKind === 'mosquitto' ? 6 : 3)
    // The log says why, never what: no temperatures, no serials.
    const logged = lines.filter((l) => l.includes('dropped'))
    expect(logged.length).toBeGreaterThan(0)
    expect(logged.join('\n')).not.toMatch(/39\.|\bbracelet-[0-9a-f]{8}\b/)
  })

  it('sends an announcement to a group of speakers and shows who acknowledged', async () => {
    const make = async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/devices',
        headers: { cookie: worker },
        payload: { serial: serial('spk'), kind: 'speaker', areaId: tree.villageA.id, groupName: '东门广场', reportIntervalS: 300 },
      })
      return response.json() as DeviceCredentials
    }
    const [online, offline] = [await make(), await make()]
    const speaker = await connect(online)
    const heard: string[] = []
    await speaker.listen((text) => heard.push(text))
    const sent = await app.inject({
      method: 'POST',
      url: '/api/announcements',
      headers: { cookie: worker },
      payload: { body: '请居民减少外出，出门佩戴口罩', groupName: '东门广场', areaId: tree.villageA.id },
    })
    expect(sent.statusCode).toBe(201)
    expect(sent.json().deliveries).toHaveLength(2)
    await until(async () => heard.length === 1)
    expect(heard).toEqual(['请居民减少外出，出门佩戴口罩'])
    await until(async () => {
      const list = (await app.inject({ method: 'GET', url: '/api/announcements', headers: { cookie: worker } })).json()
      return list[0].deliveries.some((d: { ackedAt: string | null }) => d.ackedAt)
    })
    const [latest] = (await app.inject({ method: 'GET', url: '/api/announcements', headers: { cookie: worker } })).json()
    const bySerial = Object.fromEntries(
      latest.deliveries.map((d: { serial: string; ackedAt: string | null }) => [d.serial, d.ackedAt !== null]),
    )
    expect(bySerial).toEqual({ [online.device.serial]: true, [offline.device.serial]: false })
  })
})
