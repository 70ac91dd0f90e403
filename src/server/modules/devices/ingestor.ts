import { randomBytes } from 'node:crypto'
import { connectAsync, type MqttClient } from 'mqtt'
import type { Db } from '../../db/database.ts'
import type { DeviceDirectory, DeviceEntry } from './device-directory.ts'
import { DropLog, type DropReason } from './drop-log.ts'
import { MAX_CLOCK_SKEW_MS, parseUplinkBody, parseUplinkTopic, splitPayload, uplinkSubscription, verifySignature, type Uplink } from './protocol.ts'
import type { ReadingWriter } from './reading-writer.ts'
import { evaluateReading, isAllowedFor, type AlertIntent } from './rules.ts'

/** Counters since start: what came in and why anything was dropped. */
export interface IngestStats {
  received: number
  accepted: number
  malformed: number
  unauthenticated: number
  alerts: number
}

export interface IngestorOptions {
  db: Db
  directory: DeviceDirectory
  writer: ReadingWriter
  /** topic prefix (MQTT_TOPIC_PREFIX) */
  prefix: string
  clock: () => Date
  log: (line: string) => void
  /** a speaker acknowledged an announcement */
  onAck: (deviceId: string, announcementId: string, at: Date) => Promise<void>
}

/**
 * Above this many queued readings the ingestion stops reading from the broker until it is below
 * LOW_WATER. High on purpose: stopping to read would hold messages back in the broker's queue
 * (and Mosquitto drops QoS 0 messages it cannot queue); readings that raise alerts have their own
 * lane in the writer, so a fever does not wait behind telemetry. 200,000 readings are ~50 MB.
 */
const HIGH_WATER = 200_000
const LOW_WATER = 100_000
/** The same alert for the same person is raised at most this often (the count of occurrences is approximate beyond). */
const ALERT_THROTTLE_MS = 1_000

/**
 * The device ingestion: subscribes to every device's uplink topic on the broker, and for each
 * message checks topic, device, signature (the device's own key: an anonymous publisher on a
 * shared broker changes nothing), schema and clock; stores readings through the group-commit
 * writer; raises alerts. Nothing a message contains can crash it: every failure is counted
 * and dropped with a log line that carries no content of the message.
 */
export class DeviceIngestor {
  readonly stats: IngestStats = { received: 0, accepted: 0, malformed: 0, unauthenticated: 0, alerts: 0 }
  private client: MqttClient | null = null
  private readonly drops: DropLog
  private readonly lastAlert = new Map<string, number>()

  constructor(private readonly options: IngestorOptions) {
    this.drops = new DropLog(options.log)
  }

  /**
   * Connects and subscribes (QoS 1; devices choose 0 for periodic readings, 1 for events).
   * @param url the broker, e.g. mqtt://127.0.0.1:1883
   */
  async start(url: string, credentials: { username?: string; password?: string } = {}): Promise<void> {
    const client = await connectAsync(url, {
      clientId: `gridline-ingest-${randomBytes(6).toString('hex')}`,
      username: credentials.username,
      password: credentials.password,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    })
    client.on('error', (error) => this.options.log(`devices: broker connection error: ${error.message}`))
    client.on('message', (topic, payload) => this.receive(topic, payload))
    // The next packet is read only once this callback runs: when writes fall behind, stop reading
    // so the broker (and TCP) hold the messages instead of this process's memory.
    client.handleMessage = (_packet, callback) => {
      if (this.options.writer.pending < HIGH_WATER) return callback()
      const wait = () => (this.options.writer.pending < LOW_WATER ? callback() : setTimeout(wait, 5))
      wait()
    }
    await client.subscribeAsync(uplinkSubscription(this.options.prefix), { qos: 1 })
    this.client = client
  }

  /** Handles one message; never throws. */
  receive(topic: string, payload: Buffer): void {
    this.stats.received++
    try {
      const address = parseUplinkTopic(this.options.prefix, topic)
      if (!address) {
        this.drop('malformed', 'topic')
        return
      }
      const parts = splitPayload(payload)
      if (!parts) {
        this.drop('unauthenticated', 'no signature')
        return
      }
      const device = this.options.directory.get(address.serial)
      const accept = (entry: DeviceEntry | null) => {
        if (!entry) return this.drop('unauthenticated', 'unknown device')
        if (!verifySignature(entry.signingKey, topic, parts.json, parts.sig)) return this.drop('unauthenticated', 'bad signature')
        const message = parseUplinkBody(address.type, parts.json)
        if (!message) return this.drop('malformed', `bad ${address.type} body`)
        if (!isAllowedFor(entry.kind, message.type)) return this.drop('malformed', `${message.type} from a ${entry.kind}`)
        const now = this.options.clock()
        if (Math.abs(message.body.ts - now.getTime()) > MAX_CLOCK_SKEW_MS) return this.drop('malformed', 'timestamp out of range')
        this.accept(entry, message, now)
      }
      if (device instanceof Promise) {
        device.then(accept, (error: unknown) => this.options.log(`devices: device look-up failed: ${(error as Error).message}`))
      } else accept(device)
    } catch (error) {
      this.drop('malformed', `unexpected ${(error as Error).name}`)
    }
  }

  private accept(device: DeviceEntry, message: Uplink, now: Date): void {
    this.stats.accepted++
    if (message.type === 'ack') {
      this.options.onAck(device.id, message.body.announcement, now).catch((error: unknown) => this.options.log(`devices: ack not recorded: ${(error as Error).message}`))
      return
    }
    const alerts = evaluateReading(device, message)
      .filter((intent) => this.isAlertDue(device, intent, now))
      .map((intent) => ({ areaId: intent.areaId, kind: intent.kind, severity: intent.severity, personId: intent.personId, subjectRef: device.id, now }))
    this.stats.alerts += alerts.length
    // The alerts go with the reading, in its transaction: a stored fever always has its alert.
    this.options.writer.write({
      deviceId: device.id,
      seq: message.body.seq,
      kind: message.type,
      measuredAt: message.body.ts,
      receivedAt: now.getTime(),
      value: message.type === 'temperature' ? message.body.celsius : message.type === 'door' ? (message.body.open ? 1 : 0) : null,
      snapshotRef: message.type === 'motion' ? message.body.snapshot : null,
      battery: message.body.battery ?? null,
      alerts,
    })
  }

  /** The same alert for the same person is raised at most once per ALERT_THROTTLE_MS. */
  private isAlertDue(device: DeviceEntry, intent: AlertIntent, now: Date): boolean {
    const key = `${intent.kind}:${intent.personId ?? device.id}`
    const last = this.lastAlert.get(key)
    if (last !== undefined && now.getTime() - last < ALERT_THROTTLE_MS && now.getTime() >= last) return false
    this.lastAlert.set(key, now.getTime())
    if (this.lastAlert.size > 100_000) this.lastAlert.clear()
    return true
  }

  private drop(reason: DropReason, detail: string): void {
    this.stats[reason]++
    this.drops.record(reason, detail)
  }

  /** Publishes a command to a device (speaker announcements). */
  async publish(topic: string, payload: Buffer): Promise<void> {
    if (!this.client) throw new Error('the ingestion is not connected')
    await this.client.publishAsync(topic, payload, { qos: 1 })
  }

  async stop(): Promise<void> {
    await this.client?.endAsync()
    this.client = null
    await this.options.writer.idle()
  }
}
