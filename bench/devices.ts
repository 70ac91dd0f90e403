import { spawn, type ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { connectAsync } from 'mqtt'
import { openAlertStream } from '../test/alert-stream.ts'
import { createTestContext } from '../test/db.ts'
import { createAreaTree, createTestAccount, login, residentId } from '../test/factories.ts'
import { buildApp } from '../src/server/app.ts'
import { deriveDeviceKeys, newDeviceSecret } from '../src/server/modules/devices/credentials.ts'
import { signPayload } from '../src/server/modules/devices/protocol.ts'
import { sealIdentity } from '../src/server/modules/people/person.service.ts'
import { startDeviceRuntime } from '../src/worker/device-runtime.ts'
import { startPrivateMosquitto } from './private-mosquitto.ts'

export interface DeviceFigures {
  broker_publish_per_s: number
  ingest_per_s: number
  alert_p50_ms: number
  alert_p99_ms: number
  /** readings the broker acknowledged to the publishers (QoS 1) */
  published: number
  /** rows of the load committed in PostgreSQL */
  stored: number
  lost_readings: number
  /** dropped by the broker and counted (embedded: session queue full; Mosquitto: $SYS dropped) */
  shed_counted: number
  /** busy-loop processes loading the cores meanwhile */
  busy_loops: number
  load_average: number
  broker: string
  database: string
  devices: number
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

/** Runs bench/device-publisher.ts in a second process; resolves with what it sent once it is done. */
async function publishFromChild(job: object, onReady: () => void = () => {}): Promise<{ sent: number; elapsedMs: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'device-publisher.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  child.stdin!.write(`${JSON.stringify(job)}\n`)
  const lines = createInterface({ input: child.stdout! })
  let result: { sent: number; elapsedMs: number } | undefined
  for await (const line of lines) {
    if (line === 'ready') {
      onReady()
      child.stdin!.write('go\n')
    } else if (line.startsWith('{')) result = JSON.parse(line)
  }
  if (!result) throw new Error('the publisher failed')
  return result
}

/**
 * `npm run bench -- devices [seconds]`: on PostgreSQL (DATABASE_URL, default the local server)
 * and Mosquitto (MQTT_URL, default 127.0.0.1:1883; `--embedded` for the in-process broker):
 * 1. the broker alone: unsigned messages from a second process to one plain subscriber;
 * 2. end to end: signed readings of DEVICES bracelets → broker → ingestion (verify, batch) →
 *    PostgreSQL, counting the rows committed, and lost = published − stored;
 * 3. meanwhile, fevers of bound bracelets → alert → the live channel (SSE), publish to arrival.
 */
export async function benchDevices(
  seconds: number,
  options: { embedded: boolean; devices: number; ratePerS: number; busyLoops: number },
): Promise<DeviceFigures> {
  process.env.GRIDLINE_TEST_DB = 'postgres'
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres'
  const ownBroker = options.embedded || process.env.MQTT_URL ? null : await startPrivateMosquitto()
  const mqttUrl = options.embedded ? undefined : (process.env.MQTT_URL ?? ownBroker!.url)
  const prefix = `glbench${randomBytes(3).toString('hex')}`
  const ctx = await createTestContext()
  const busy: ChildProcess[] = []
  try {
    const { db, cipher } = ctx.deps
    const tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'bench', 'grid_worker', tree.villageA.id)
    // Devices in bulk (a registration each through the API would be the slow part of the bench).
    const devices = Array.from({ length: options.devices }, (_, i) => ({ serial: `BR-${i}`, secret: newDeviceSecret() }))
    for (let i = 0; i < devices.length; i += 2000) {
      await db
        .insertInto('device')
        .values(
          devices.slice(i, i + 2000).map((d) => ({
            area_id: tree.gridA.id,
            serial: d.serial,
            kind: 'bracelet' as const,
            label: null,
            group_name: null,
            stream_url: null,
            report_interval_s: 5,
            secret_enc: cipher.seal(d.secret),
            status: 'active' as const,
            battery: null,
            last_seen_at: null,
          })),
        )
        .execute()
    }
    // 200 isolated people, each with one more bracelet: their fevers measure the alert latency.
    const FEVERS = 200
    const people = await db
      .insertInto('person')
      .values(
        Array.from({ length: FEVERS }, (_, i) => ({
          area_id: tree.gridA.id,
          city_area_id: tree.city.id,
          name: `隔离${i}`,
          kind: 'new_resident' as const,
          id_type: 'resident_id' as const,
          ...sealIdentity(cipher, residentId(), null),
          origin: null,
          employer: null,
          address: null,
          created_by: null,
        })),
      )
      .returning('id')
      .execute()
    const now = new Date()
    const orders = await db
      .insertInto('isolation_order')
      .values(
        people.map((p) => ({
          person_id: p.id,
          area_id: tree.gridA.id,
          kind: 'home' as const,
          status: 'open' as const,
          source: 'manual' as const,
          passage_id: null,
          address: null,
          starts_at: new Date(now.getTime() - 3600_000),
          ends_at: new Date(now.getTime() + 86400_000),
          responsible_account_id: null,
          released_at: null,
          release_note: null,
        })),
      )
      .returning(['id', 'person_id'])
      .execute()
    const feverDevices = orders.map((o, i) => ({ serial: `FEVER-${i}`, secret: newDeviceSecret(), order: o }))
    const inserted = await db
      .insertInto('device')
      .values(
        feverDevices.map((d) => ({
          area_id: tree.gridA.id,
          serial: d.serial,
          kind: 'bracelet' as const,
          label: null,
          group_name: null,
          stream_url: null,
          report_interval_s: 5,
          secret_enc: cipher.seal(d.secret),
          status: 'active' as const,
          battery: null,
          last_seen_at: null,
        })),
      )
      .returning(['id', 'serial'])
      .execute()
    const idOf = new Map(inserted.map((d) => [d.serial, d.id]))
    await db
      .insertInto('device_binding')
      .values(
        feverDevices.map((d) => ({
          device_id: idOf.get(d.serial)!,
          isolation_order_id: d.order.id,
          area_id: tree.gridA.id,
          bound_at: now,
          unbound_at: null,
          bound_by: null,
        })),
      )
      .execute()

    const app = await buildApp(ctx.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const runtime = await startDeviceRuntime(ctx.deps, {
      mqttUrl,
      mqttPort: 0,
      host: '127.0.0.1',
      topicPrefix: prefix,
      clientId: `${prefix}-ingest`,
      sweepEveryMs: null,
      statusEveryMs: null,
      log: (line) => (line.includes('dropped') ? undefined : console.error(line)),
    })
    const keys = (d: { secret: string }) => deriveDeviceKeys(d.secret)
    // Over Mosquitto the bench multiplexes devices over 8 connections (each message is signed by its
    // device); the embedded broker logs in one device per connection, so there each connection is a device.
    const CONNECTIONS = options.embedded ? 64 : 8
    const groups = Array.from({ length: CONNECTIONS }, (_, c) => devices.filter((_, i) => i % CONNECTIONS === c))
    const connections = groups.map((group) =>
      options.embedded
        ? {
            username: group[0]!.serial,
            password: keys(group[0]!).mqttPassword,
            devices: [{ serial: group[0]!.serial, key: keys(group[0]!).signingKey.toString('base64url') }],
          }
        : { devices: group.map((d) => ({ serial: d.serial, key: keys(d).signingKey.toString('base64url') })) },
    )
    const devicesUsed = connections.reduce((n, c) => n + c.devices.length, 0)

    // 1. The broker alone (Mosquitto only: the embedded broker admits devices, not a bench client).
    let brokerPerS = NaN
    if (!options.embedded) {
      const sink = await connectAsync(mqttUrl!, { clientId: `bench-sink-${prefix}` })
      let received = 0
      sink.on('message', () => received++)
      await sink.subscribeAsync(`${prefix}/raw`, { qos: 0 })
      const raw = await publishFromChild({
        url: mqttUrl,
        connections: connections.map(() => ({ devices: [{ serial: 'x', key: '' }] })),
        prefix,
        perDevice: Math.round((40_000 * Math.min(seconds, 5)) / CONNECTIONS),
        ratePerS: 0,
        mode: 'raw',
        rawTopic: `${prefix}/raw`,
        qos: 0,
      })
      const until = Date.now() + 5000
      while (received < raw.sent && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50))
      brokerPerS = Math.round(received / (raw.elapsedMs / 1000))
      await sink.endAsync()
    }

    // 2 + 3. End to end, with fevers measured on the live channel meanwhile.
    const worker = await login(app, 'bench')
    const stream = await openAlertStream(base, worker)
    const feverSentAt = new Map<string, number>()
    const latencies: number[] = []
    stream.onMessage = (message, at) => {
      const sentAt = message.event === 'raised' && message.alert.personId ? feverSentAt.get(message.alert.personId) : undefined
      if (sentAt !== undefined) latencies.push(at - sentAt)
    }
    // Each through its own login (the embedded broker lets a device publish only on its own topics).
    const feverClients = await Promise.all(
      feverDevices.map((d) =>
        connectAsync(runtime.brokerUrl, { clientId: d.serial, username: d.serial, password: keys(d).mqttPassword, reconnectPeriod: 0 }),
      ),
    )
    const perDevice = Math.max(1, Math.round((options.ratePerS * seconds) / devicesUsed))
    const before = Number(
      (
        await db
          .selectFrom('device_reading')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    let feverTimer: NodeJS.Timeout | undefined
    let startedAt = 0
    // Other work on the machine: processes that keep cores busy while the readings flow.
    for (let i = 0; i < options.busyLoops; i++) busy.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
    const load = publishFromChild(
      { url: runtime.brokerUrl, connections, prefix, perDevice, ratePerS: options.ratePerS, mode: 'signed', qos: 1 },
      () => {
        startedAt = performance.now()
        let next = 0
        // Ten fevers a second, each of another isolated person, through their own bracelets' logins.
        feverTimer = setInterval(() => {
          if (next >= feverDevices.length) return clearInterval(feverTimer)
          const device = feverDevices[next]!
          const client = feverClients[next]!
          next++
          const topic = `${prefix}/v1/devices/${device.serial}/temperature`
          feverSentAt.set(device.order.person_id, performance.now())
          client.publish(topic, signPayload(keys(device).signingKey, topic, { seq: 1, ts: Date.now(), celsius: 38.5 }), { qos: 1 })
        }, 100)
      },
    )
    const progress = process.env.BENCH_DEBUG
      ? setInterval(
          () =>
            console.error(
              `t=${Math.round(performance.now() - startedAt)}ms in flight ${runtime.ingestor.inFlight} received ${runtime.ingestor.stats.received} accepted ${runtime.ingestor.stats.accepted} written ${runtime.writer.stats.written} pending ${runtime.writer.pending}`,
            ),
          1000,
        )
      : undefined
    const published = await load
    clearInterval(feverTimer)
    // Wait until the ingestion has drained: nothing new arrived or was written for a second.
    let received = runtime.ingestor.stats.received
    let written = runtime.writer.stats.written
    let lastWrite = performance.now()
    let lastChange = performance.now()
    while (performance.now() - lastChange < 1000 || runtime.writer.pending) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      if (runtime.writer.stats.written !== written) {
        written = runtime.writer.stats.written
        lastWrite = lastChange = performance.now()
      }
      if (runtime.ingestor.stats.received !== received) {
        received = runtime.ingestor.stats.received
        lastChange = performance.now()
      }
    }
    clearInterval(progress)
    const loadAverage = loadavg()[0]!
    for (const child of busy.splice(0)) child.kill('SIGKILL')
    const drainedAt = lastWrite
    const after = Number(
      (
        await db
          .selectFrom('device_reading')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    // The fevers are readings too: count only the load's.
    const readingsStored = after - before - feverSentAt.size
    stream.close()
    for (const client of feverClients) await client.endAsync(true)
    await runtime.stop()
    await app.close()
    latencies.sort((a, b) => a - b)
    const stats = runtime.ingestor.stats
    if (stats.malformed || stats.unauthenticated)
      console.error(`note: ${stats.malformed} malformed, ${stats.unauthenticated} unauthenticated`)
    return {
      broker_publish_per_s: brokerPerS,
      ingest_per_s: Math.round(readingsStored / ((drainedAt - startedAt) / 1000)),
      alert_p50_ms: round(percentile(latencies, 50)),
      alert_p99_ms: round(percentile(latencies, 99)),
      published: published.sent,
      stored: readingsStored,
      lost_readings: Math.max(0, published.sent - readingsStored),
      shed_counted: runtime.broker ? runtime.broker.stats.shed : (stats.brokerDropped ?? 0),
      busy_loops: options.busyLoops,
      load_average: round(loadAverage, 2),
      broker: options.embedded ? 'embedded aedes' : `Mosquitto (${mqttUrl})`,
      database: ctx.deps.dbKind,
      devices: devicesUsed,
    }
  } finally {
    for (const child of busy) child.kill('SIGKILL')
    await ctx.close()
    await ownBroker?.stop()
  }
}
