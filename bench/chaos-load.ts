/**
 * The load of `npm run chaos`, at a fixed rate whatever the server's state: gate scans over HTTP
 * and signed bracelet readings over MQTT (QoS 1). Each remembers exactly what the server
 * acknowledged (a 200 answer, a PUBACK), so the run can look for every one of them afterwards.
 */
import { randomUUID } from 'node:crypto'
import { connect, type MqttClient } from 'mqtt'
import { signPayload } from '../src/server/modules/devices/protocol.ts'

/** A scanner at one gate: one new scan id per scan, never retried (a retry would reuse the id). */
export class GateLoad {
  /** client scan ids answered 200 */
  readonly acknowledged: string[] = []
  readonly answers = new Map<number, number>()
  refused = 0
  lastAckAt = 0
  private timer: NodeJS.Timeout | null = null
  private inFlight = new Set<Promise<void>>()

  constructor(private readonly options: { base: string; cookie: string; checkpointId: string; codes: string[]; ratePerS: number }) {}

  start(): void {
    let n = 0
    this.timer = setInterval(() => {
      // Bounded: a server that hangs must not pile up unbounded requests on this side.
      if (this.inFlight.size >= 64) return
      const scan = this.scan(this.options.codes[n++ % this.options.codes.length]!)
      this.inFlight.add(scan)
      void scan.finally(() => this.inFlight.delete(scan))
    }, 1000 / this.options.ratePerS)
  }

  /** Stops sending and waits for the answers still on their way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all(this.inFlight)
  }

  /** How many answers had this status so far. */
  count(status: number): number {
    return this.answers.get(status) ?? 0
  }

  private async scan(healthCode: string): Promise<void> {
    const clientScanId = randomUUID()
    try {
      const response = await fetch(`${this.options.base}/api/gate/scans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: this.options.cookie },
        body: JSON.stringify({
          clientScanId,
          checkpointId: this.options.checkpointId,
          deviceId: 'chaos-scanner',
          healthCode,
          temperature: 36.5,
        }),
        signal: AbortSignal.timeout(15_000),
      })
      await response.arrayBuffer()
      this.answers.set(response.status, this.count(response.status) + 1)
      if (response.status === 200) {
        this.acknowledged.push(clientScanId)
        this.lastAckAt = Date.now()
      }
    } catch {
      // connection refused or reset (the server is down), or no answer in time: not acknowledged
      this.refused++
    }
  }
}

export interface ChaosDevice {
  id: string
  serial: string
  mqttPassword: string
  signingKey: string
}

/** Bracelets with their own logins, round robin at a fixed rate; a reading counts once PUBACKed. */
export class ReadingLoad {
  /** [device id, seq, when the PUBACK came] of every PUBACKed reading */
  readonly acknowledged: [string, number, number][] = []
  notConnected = 0
  failed = 0
  private readonly clients: MqttClient[] = []
  private readonly seqs: number[] = []
  private timer: NodeJS.Timeout | null = null
  private pending = new Set<Promise<void>>()

  constructor(private readonly options: { brokerUrl: string; prefix: string; devices: ChaosDevice[]; ratePerS: number }) {}

  start(): void {
    for (const device of this.options.devices) {
      // Reconnects by itself after the server (and its embedded broker) comes back.
      const client = connect(this.options.brokerUrl, {
        // the embedded broker admits a device only under its own serial as client id
        clientId: device.serial,
        username: device.serial,
        password: device.mqttPassword,
        reconnectPeriod: 300,
        connectTimeout: 3000,
        clean: true,
      })
      client.on('error', () => {})
      this.clients.push(client)
      // Like a firmware counter kept in flash: later runs start higher.
      this.seqs.push(Date.now() * 1000)
    }
    let next = 0
    this.timer = setInterval(() => {
      const i = next++ % this.clients.length
      if (!this.clients[i]!.connected) {
        this.notConnected++
        return
      }
      const sent = this.publish(i)
      this.pending.add(sent)
      void sent.finally(() => this.pending.delete(sent))
    }, 1000 / this.options.ratePerS)
  }

  /** Stops sending, waits up to `graceMs` for outstanding PUBACKs, disconnects. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.race([Promise.all(this.pending), new Promise((resolve) => setTimeout(resolve, graceMs))])
    await Promise.all(this.clients.map((client) => client.endAsync(true)))
  }

  private async publish(i: number): Promise<void> {
    const device = this.options.devices[i]!
    const seq = ++this.seqs[i]!
    const topic = `${this.options.prefix}/v1/devices/${device.serial}/temperature`
    const payload = signPayload(Buffer.from(device.signingKey, 'base64url'), topic, { seq, ts: Date.now(), celsius: 36.5, battery: 80 })
    try {
      await this.clients[i]!.publishAsync(topic, payload, { qos: 1 })
      this.acknowledged.push([device.id, seq, Date.now()])
    } catch {
      this.failed++
    }
  }
}
