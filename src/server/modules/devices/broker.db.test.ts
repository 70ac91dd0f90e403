import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { connect as connectTcp } from 'node:net'
import { connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { insertBracelets } from '../../../../test/device-fixtures.ts'
import { createAreaTree } from '../../../../test/factories.ts'
import { SimulatedDevice, type DeviceSecrets } from '../../../cli/simulated-device.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../../../worker/device-runtime.ts'

/**
 * The embedded broker's own defences (issue 14): a client id belongs to its login, packets are
 * bounded before they are read, one address holds a bounded number of connections, and the
 * broker listens where it is told.
 */
describe(`embedded MQTT broker on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let runtime: DeviceRuntime
  let bracelets: DeviceSecrets[]
  const prefix = `glbroker${randomBytes(4).toString('hex')}`
  const opened: SimulatedDevice[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    bracelets = await insertBracelets(
      ctx.deps,
      tree.gridA.id,
      ['BR-A', 'BR-B', 'BR-C', 'BR-D'].map((s) => `${s}-${randomBytes(3).toString('hex')}`),
    )
    runtime = await startDeviceRuntime(ctx.deps, {
      mqttPort: 0,
      host: '127.0.0.1',
      topicPrefix: prefix,
      sweepEveryMs: null,
      statusEveryMs: null,
      maxPacketBytes: 4096,
      log: () => {},
    })
  })
  afterAll(async () => {
    for (const device of opened) await device.close().catch(() => {})
    await runtime?.stop()
    await ctx?.close()
  })

  const device = async (secrets: DeviceSecrets) => {
    const connected = await SimulatedDevice.connect(runtime.brokerUrl, secrets, prefix)
    opened.push(connected)
    return connected
  }
  const storedFor = async (serial: string) =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('device_reading')
          .innerJoin('device', 'device.id', 'device_reading.device_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('device.serial', '=', serial)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it("refuses another device, or a wrong password, under a device's client id, and the device stays connected", async () => {
    const [a, b] = [bracelets[0]!, bracelets[1]!]
    const real = await device(a)
    const refusedBefore = runtime.broker!.stats.clientIdRefused
    await expect(
      connectAsync(runtime.brokerUrl, { clientId: a.serial, username: b.serial, password: b.mqttPassword, reconnectPeriod: 0 }),
    ).rejects.toThrow(/identifier rejected/i)
    await expect(
      connectAsync(runtime.brokerUrl, { clientId: a.serial, username: a.serial, password: 'guess', reconnectPeriod: 0 }),
    ).rejects.toThrow(/bad user ?name or password|not authorized/i)
    expect(runtime.broker!.stats.clientIdRefused).toBe(refusedBefore + 1)
    // Still the same connection: a QoS 1 reading goes through it and is stored.
    expect(real.connected).toBe(true)
    await real.temperature(36.5)
    await until(async () => (await storedFor(a.serial)) === 1)
  })

  it("refuses the ingestion's login under any client id but its own", async () => {
    const { username, password } = runtime.broker!.service
    await expect(connectAsync(runtime.brokerUrl, { clientId: 'someone-else', username, password, reconnectPeriod: 0 })).rejects.toThrow(
      /identifier rejected/i,
    )
  })

  it('closes a connection at a PUBLISH over the limit, stores nothing of it, and takes one under it', async () => {
    const c = bracelets[2]!
    const ok = await device(bracelets[1]!)
    const malformedBefore = runtime.ingestor.stats.malformed
    await ok.sendRaw('temperature', Buffer.alloc(3000, 0x61)) // under 4096: taken (and dropped as malformed)
    await until(async () => runtime.ingestor.stats.malformed + runtime.ingestor.stats.unauthenticated > malformedBefore)
    const receivedBefore = runtime.ingestor.stats.received
    const large = await SimulatedDevice.connect(runtime.brokerUrl, c, prefix)
    const oversizeBefore = runtime.broker!.stats.oversize
    const closed = large.whenClosed()
    void large.sendRaw('temperature', Buffer.alloc(100_000, 0x61)).catch(() => {})
    await closed
    expect(runtime.broker!.stats.oversize).toBe(oversizeBefore + 1)
    await ok.heartbeat()
    // The heartbeat came through after it; the 100 kB message never reached the ingestion.
    await until(async () => (await storedFor(bracelets[1]!.serial)) === 1)
    expect(runtime.ingestor.stats.received).toBe(receivedBefore + 1)
    expect(await storedFor(c.serial)).toBe(0)
  })

  it('closes a 30 MB CONNECT after its first bytes, before any login', async () => {
    const oversizeBefore = runtime.broker!.stats.oversize
    const socket = connectTcp(runtime.broker!.port, '127.0.0.1')
    socket.on('error', () => {})
    await once(socket, 'connect')
    const closed = once(socket, 'close')
    // CONNECT (0x10) announcing 30 MB (remaining length 0x80 0x80 0x80 0x0f), then a kilobyte:
    // the server can only close this by deciding on the header.
    socket.write(Buffer.concat([Buffer.from([0x10, 0x80, 0x80, 0x80, 0x0f]), Buffer.alloc(1024)]))
    await closed
    expect(runtime.broker!.stats.oversize).toBe(oversizeBefore + 1)
  })
})

describe('embedded MQTT broker limits per address and bind address', () => {
  it('refuses connections from one address beyond the limit, and keeps the ones it has', async () => {
    const ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    const bracelets = await insertBracelets(ctx.deps, tree.gridA.id, ['L1', 'L2', 'L3'])
    // Three connections from one address at most: the ingestion's and two devices'.
    const runtime = await startDeviceRuntime(ctx.deps, {
      mqttPort: 0,
      host: '127.0.0.1',
      topicPrefix: 'gllimit',
      sweepEveryMs: null,
      statusEveryMs: null,
      maxConnectionsPerAddress: 3,
      log: () => {},
    })
    const devices: SimulatedDevice[] = []
    try {
      devices.push(await SimulatedDevice.connect(runtime.brokerUrl, bracelets[0]!, 'gllimit'))
      devices.push(await SimulatedDevice.connect(runtime.brokerUrl, bracelets[1]!, 'gllimit'))
      // The fourth is closed as it opens, before a byte is read.
      const fourth = connectTcp(runtime.broker!.port, '127.0.0.1')
      fourth.on('error', () => {})
      await once(fourth, 'close')
      expect(runtime.broker!.stats.overAddressLimit).toBe(1)
      expect(devices.every((d) => d.connected)).toBe(true)
    } finally {
      for (const d of devices) await d.close()
      await runtime.stop()
      await ctx.close()
    }
  })

  it('listens only on the address it is given', async () => {
    const ctx = await createTestContext()
    const runtime = await startDeviceRuntime(ctx.deps, {
      mqttPort: 0,
      host: '127.0.0.2',
      topicPrefix: 'glbind',
      sweepEveryMs: null,
      statusEveryMs: null,
      log: () => {},
    })
    try {
      expect(runtime.brokerUrl).toBe(`mqtt://127.0.0.2:${runtime.broker!.port}`)
      const elsewhere = connectTcp(runtime.broker!.port, '127.0.0.1')
      const [error] = (await once(elsewhere, 'error')) as [NodeJS.ErrnoException]
      expect(error.code).toBe('ECONNREFUSED')
      const there = connectTcp(runtime.broker!.port, '127.0.0.2')
      await once(there, 'connect')
      there.destroy()
    } finally {
      await runtime.stop()
      await ctx.close()
    }
  })
})

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
