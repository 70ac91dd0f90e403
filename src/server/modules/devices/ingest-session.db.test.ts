import { randomBytes } from 'node:crypto'
import { connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { insertBracelets } from '../../../../test/device-fixtures.ts'
import { createAreaTree } from '../../../../test/factories.ts'
import { SimulatedDevice, type DeviceSecrets } from '../../../cli/simulated-device.ts'
import { describeDeviceStatus, startDeviceRuntime, type DeviceRuntime } from '../../../worker/device-runtime.ts'

const MOSQUITTO = process.env.MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883'

/**
 * The ingestion's persistent QoS 1 session (issue 14): readings published while the ingestion is
 * away are kept by the broker and stored once it is back; on the embedded broker a full session
 * queue sheds, and the shedding is counted.
 */
describe.each(['embedded', 'mosquitto'] as const)(`the ingestion's session on the %s broker on ${testDatabaseKind()}`, (brokerKind) => {
  let ctx: TestContext
  let runtime: DeviceRuntime
  let bracelets: DeviceSecrets[]
  const prefix = `glsession${randomBytes(4).toString('hex')}`
  const clientId = `${prefix}-ingest`
  const devices: SimulatedDevice[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    bracelets = await insertBracelets(ctx.deps, tree.gridA.id, [`S1-${prefix}`, `S2-${prefix}`])
    runtime = await startDeviceRuntime(ctx.deps, {
      mqttUrl: brokerKind === 'mosquitto' ? MOSQUITTO : undefined,
      mqttPort: 0,
      host: '127.0.0.1',
      topicPrefix: prefix,
      clientId,
      sessionQueue: 5,
      sweepEveryMs: null,
      statusEveryMs: null,
      log: () => {},
    })
  })
  afterAll(async () => {
    for (const d of devices) await d.close().catch(() => {})
    await runtime?.stop()
    if (brokerKind === 'mosquitto') {
      // End the session on the shared broker: a clean connect under its id.
      const client = await connectAsync(MOSQUITTO, { clientId, clean: true, protocolVersion: 5, reconnectPeriod: 0 })
      await client.endAsync()
    }
    await ctx?.close()
  })

  const stored = async (serial: string) =>
    (
      await ctx.deps.db
        .selectFrom('device_reading')
        .innerJoin('device', 'device.id', 'device_reading.device_id')
        .select(['device_reading.seq', 'device_reading.value'])
        .where('device.serial', '=', serial)
        .orderBy('device_reading.seq')
        .execute()
    ).map((r) => Number(r.value))
  async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
    const end = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached in time')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  it('stores the readings published while the ingestion was disconnected, once it is back', async () => {
    const bracelet = await SimulatedDevice.connect(runtime.brokerUrl, bracelets[0]!, prefix)
    devices.push(bracelet)
    await bracelet.temperature(36.1)
    await until(async () => (await stored(bracelets[0]!.serial)).length === 1)

    await runtime.ingestor.stop()
    // Each publish is acknowledged by the broker (QoS 1): it holds them for the ingestion's session.
    for (const celsius of [36.2, 36.3, 36.4]) await bracelet.temperature(celsius)
    expect(await stored(bracelets[0]!.serial)).toEqual([36.1])

    await runtime.ingestor.start(runtime.brokerUrl, runtime.session)
    await until(async () => (await stored(bracelets[0]!.serial)).length === 4)
    expect(await stored(bracelets[0]!.serial)).toEqual([36.1, 36.2, 36.3, 36.4])
    // Every message acknowledged once committed: nothing left in flight.
    await until(async () => runtime.ingestor.inFlight === 0)
  })

  it.runIf(brokerKind === 'embedded')('sheds what does not fit the session queue while the ingestion is away, and counts it', async () => {
    const bracelet = await SimulatedDevice.connect(runtime.brokerUrl, bracelets[1]!, prefix)
    devices.push(bracelet)
    const broker = runtime.broker!
    const shedBefore = broker.stats.shed
    await runtime.ingestor.stop()
    // The queue holds 5: seven readings while away, two shed.
    for (let i = 0; i < 7; i++) await bracelet.temperature(37 + i / 10)
    expect(broker.stats.shed).toBe(shedBefore + 2)
    expect(broker.stats.queued()).toBe(5)
    expect(describeDeviceStatus(runtime.ingestor, runtime.writer, broker)).toContain(`broker shed ${shedBefore + 2}`)

    await runtime.ingestor.start(runtime.brokerUrl, runtime.session)
    await until(async () => (await stored(bracelets[1]!.serial)).length === 5)
    expect(await stored(bracelets[1]!.serial)).toEqual([37, 37.1, 37.2, 37.3, 37.4])
    await until(async () => broker.stats.queued() === 0)
  })
})

describe.each(['embedded', 'mosquitto'] as const)(
  `the ingestion when the database refuses readings, on the %s broker on ${testDatabaseKind()}`,
  (brokerKind) => {
    it('does not acknowledge them, gets them again from the broker, and stores them once the database takes them', async () => {
      const ctx = await createTestContext()
      const prefix = `glrefuse${randomBytes(4).toString('hex')}`
      const tree = await createAreaTree(ctx.deps)
      const [secrets] = await insertBracelets(ctx.deps, tree.gridA.id, [`R1-${prefix}`])
      const runtime = await startDeviceRuntime(ctx.deps, {
        mqttUrl: brokerKind === 'mosquitto' ? MOSQUITTO : undefined,
        mqttPort: 0,
        host: '127.0.0.1',
        topicPrefix: prefix,
        clientId: `${prefix}-ingest`,
        sweepEveryMs: null,
        statusEveryMs: null,
        log: () => {},
      })
      const bracelet = await SimulatedDevice.connect(runtime.brokerUrl, secrets!, prefix)
      try {
        // The database is away for the first three readings' writes (as a restart of PostgreSQL is).
        const store = runtime.writer.store.bind(runtime.writer)
        let refusals = 3
        runtime.writer.store = (reading) =>
          refusals-- > 0 ? Promise.reject(new Error('the database system is starting up')) : store(reading)
        for (const celsius of [36.1, 36.2, 36.3]) await bracelet.temperature(celsius)
        const readings = async () =>
          (await ctx.deps.db.selectFrom('device_reading').select('value').orderBy('seq').execute()).map((r) => Number(r.value))
        const end = Date.now() + 20_000
        while ((await readings()).length < 3 || runtime.ingestor.inFlight > 0) {
          if (Date.now() > end)
            throw new Error(`not redelivered: ${JSON.stringify(runtime.ingestor.stats)}, in flight ${runtime.ingestor.inFlight}`)
          await new Promise((resolve) => setTimeout(resolve, 25))
        }
        expect(await readings()).toEqual([36.1, 36.2, 36.3])
        expect(runtime.ingestor.stats.notStored).toBe(3)
        expect(runtime.ingestor.stats.sessionRestarts).toBeGreaterThanOrEqual(1)
      } finally {
        await bracelet.close()
        await runtime.stop()
        if (brokerKind === 'mosquitto') {
          const client = await connectAsync(MOSQUITTO, {
            clientId: `${prefix}-ingest`,
            clean: true,
            protocolVersion: 5,
            reconnectPeriod: 0,
          })
          await client.endAsync()
        }
        await ctx.close()
      }
    })
  },
)
