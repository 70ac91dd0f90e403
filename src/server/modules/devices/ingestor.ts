import { connect, type IClientOptions, type MqttClient, type Packet } from 'mqtt'
import type { Db } from '../../db/database.ts'
import { AckWindow, type AckSlot } from './ack-window.ts'
import type { DeviceDirectory, DeviceEntry } from './device-directory.ts'
import { DropLog, type DropReason } from './drop-log.ts'
import {
  MAX_CLOCK_SKEW_MS,
  parseUplinkBody,
  parseUplinkTopic,
  splitPayload,
  uplinkSubscription,
  verifySignature,
  type Uplink,
} from './protocol.ts'
import type { ReadingWriter } from './reading-writer.ts'
import { evaluateReading, isAllowedFor, type AlertIntent } from './rules.ts'

/** Counters since start: what came in and why anything was dropped. */
export interface IngestStats {
  received: number
  accepted: number
  malformed: number
  unauthenticated: number
  alerts: number
  /** readings the database refused even alone: not acknowledged, the session restarts for a redelivery */
  notStored: number
  /** times the session was restarted to get unacknowledged messages again */
  sessionRestarts: number
  /**
   * Mosquitto's own count of messages it dropped (all clients: `$SYS/broker/publish/messages/dropped`,
   * every 10 s): a full queue (max_queued_messages) or in-flight window. null before the first report
   * or on a broker without it.
   */
  brokerDropped: number | null
}

/** How the ingestion logs in and keeps its session on the broker. */
export interface IngestSession {
  username?: string
  password?: string
  /** stable across restarts (MQTT_CLIENT_ID): the broker keeps the session, subscriptions and queue under it */
  clientId: string
  /** readings received and not yet committed at most (MQTT_MAX_IN_FLIGHT) */
  maxInFlight: number
  /**
   * 5 on Mosquitto: the Receive Maximum tells the broker itself to hold back beyond maxInFlight
   * (and v5 sessions need an expiry to outlive the connection); 4 on the embedded aedes, which
   * speaks 3.1.1 only: there reading stops at maxInFlight and TCP holds the broker back.
   */
  protocolVersion: 4 | 5
}

/** A session of the ingestion outlives a restart or an outage of this long; after that the broker forgets it. */
const SESSION_EXPIRY_S = 24 * 3600
const BROKER_DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped'

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
  readonly stats: IngestStats = {
    received: 0,
    accepted: 0,
    malformed: 0,
    unauthenticated: 0,
    alerts: 0,
    notStored: 0,
    sessionRestarts: 0,
    brokerDropped: null,
  }
  private client: MqttClient | null = null
  private window: AckWindow | null = null
  private restarting = false
  private readonly drops: DropLog
  private readonly lastAlert = new Map<string, number>()

  constructor(private readonly options: IngestorOptions) {
    this.drops = new DropLog(options.log)
  }

  /** Messages received and not yet acknowledged (their readings not yet committed). */
  get inFlight(): number {
    return this.window?.size ?? 0
  }

  /**
   * Connects with a persistent session and subscribes at QoS 1: while this process is slow,
   * restarting or away, the broker keeps the readings (and sends again any not acknowledged),
   * up to its queue size. A PUBACK goes back once the reading is committed (AckWindow).
   * @param url the broker, e.g. mqtt://127.0.0.1:1883
   */
  async start(url: string, session: IngestSession): Promise<void> {
    const options: IClientOptions = {
      clientId: session.clientId,
      username: session.username,
      password: session.password,
      clean: false,
      protocolVersion: session.protocolVersion,
      properties:
        session.protocolVersion === 5 ? { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: session.maxInFlight } : undefined,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    }
    // Handlers go on before the connection opens: a resumed session's queue arrives right after CONNACK.
    const client = connect(url, { ...options, manualConnect: true })
    this.client = client
    // mqtt.js answers each QoS 1 message with a PUBACK as soon as it is read, and reads the next
    // one only after that: acknowledging after the commit would mean one commit per message. So
    // its own PUBACKs are swallowed here and the window sends them, in order, after the commit.
    const internal = client as unknown as { _sendPacket: (packet: Packet, callback?: () => void, ...rest: unknown[]) => void }
    const sendPacket = internal._sendPacket.bind(client)
    internal._sendPacket = (packet, callback, ...rest) => {
      if (packet.cmd === 'puback') return callback?.()
      sendPacket(packet, callback, ...rest)
    }
    const window = new AckWindow((messageId) => sendPacket({ cmd: 'puback', messageId }), session.maxInFlight)
    this.window = window
    client.on('error', (error) => this.options.log(`devices: broker connection error: ${error.message}`))
    client.on('close', () => window.reset())
    client.on('message', (topic, payload, packet) => {
      if (topic === BROKER_DROPPED_TOPIC) {
        this.stats.brokerDropped = Number(payload.toString()) || 0
        if (packet.messageId !== undefined && packet.qos > 0) window.open(packet.messageId).settle()
        return
      }
      this.receive(topic, payload, window.open(packet.qos > 0 ? packet.messageId : undefined))
    })
    // The next packet is read only once this callback runs: with the window full, stop reading so
    // the broker (and TCP) hold the messages instead of this process's memory. Only where the broker
    // does not bound it itself: a paused reader does not see PINGRESP either, and a long pause ends
    // in a keep-alive timeout and a redelivery of the whole window (seen in the bench on Mosquitto).
    if (session.protocolVersion === 4) {
      client.handleMessage = (_packet, callback) => {
        const room = window.whenRoom()
        if (!room) return callback()
        void room.then(() => callback())
      }
    }
    const connected = new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve())
      client.once('error', reject)
    })
    client.connect()
    await connected
    await client.subscribeAsync(uplinkSubscription(this.options.prefix), { qos: 1 })
    if (session.protocolVersion === 5) await client.subscribeAsync(BROKER_DROPPED_TOPIC, { qos: 0 }).catch(() => {})
  }

  /**
   * Handles one message; never throws. The slot is settled once the message is handled: its
   * reading committed, or dropped for a counted reason (a message that can never count is
   * acknowledged, or the broker would send it for ever).
   */
  receive(topic: string, payload: Buffer, slot: AckSlot = { settle: () => {} }): void {
    this.stats.received++
    try {
      const address = parseUplinkTopic(this.options.prefix, topic)
      if (!address) {
        this.drop(slot, 'malformed', 'topic')
        return
      }
      const parts = splitPayload(payload)
      if (!parts) {
        this.drop(slot, 'unauthenticated', 'no signature')
        return
      }
      const device = this.options.directory.get(address.serial)
      const accept = (entry: DeviceEntry | null) => {
        if (!entry) return this.drop(slot, 'unauthenticated', 'unknown device')
        if (!verifySignature(entry.signingKey, topic, parts.json, parts.sig)) return this.drop(slot, 'unauthenticated', 'bad signature')
        const message = parseUplinkBody(address.type, parts.json)
        if (!message) return this.drop(slot, 'malformed', `bad ${address.type} body`)
        if (!isAllowedFor(entry.kind, message.type)) return this.drop(slot, 'malformed', `${message.type} from a ${entry.kind}`)
        const now = this.options.clock()
        if (Math.abs(message.body.ts - now.getTime()) > MAX_CLOCK_SKEW_MS) return this.drop(slot, 'malformed', 'timestamp out of range')
        this.accept(entry, message, now, slot)
      }
      if (device instanceof Promise) {
        // Not acknowledged: the database is what failed, and the message is good.
        device.then(accept, (error: unknown) => this.notStored(`device look-up failed: ${(error as Error).message}`))
      } else accept(device)
    } catch (error) {
      this.drop(slot, 'malformed', `unexpected ${(error as Error).name}`)
    }
  }

  private accept(device: DeviceEntry, message: Uplink, now: Date, slot: AckSlot): void {
    this.stats.accepted++
    if (message.type === 'ack') {
      this.options.onAck(device.id, message.body.announcement, now).then(
        () => slot.settle(),
        (error: unknown) => this.notStored(`ack not recorded: ${(error as Error).message}`),
      )
      return
    }
    const alerts = evaluateReading(device, message)
      .filter((intent) => this.isAlertDue(device, intent, now))
      .map((intent) => ({
        areaId: intent.areaId,
        kind: intent.kind,
        severity: intent.severity,
        personId: intent.personId,
        subjectRef: device.id,
        now,
      }))
    this.stats.alerts += alerts.length
    // The alerts go with the reading, in its transaction: a stored fever always has its alert.
    this.options.writer
      .store({
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
      .then(
        () => slot.settle(),
        () => this.notStored('reading not stored'),
      )
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

  private drop(slot: AckSlot, reason: DropReason, detail: string): void {
    this.stats[reason]++
    this.drops.record(reason, detail)
    slot.settle()
  }

  /**
   * The database did not take a good message: leave it unacknowledged and start the session
   * again (once for a burst of failures), so the broker sends every unacknowledged message again,
   * every second while the database is away. Stored twice is stored once: (device, seq) is unique.
   */
  private notStored(reason: string): void {
    this.stats.notStored++
    if (this.restarting || !this.client) return
    this.restarting = true
    this.stats.sessionRestarts++
    this.options.log(`devices: ${reason}; reconnecting so the broker sends the unacknowledged messages again`)
    const client = this.client
    client.stream.destroy()
    client.once('connect', () => (this.restarting = false))
  }

  /** Publishes a command to a device (speaker announcements). */
  async publish(topic: string, payload: Buffer): Promise<void> {
    if (!this.client) throw new Error('the ingestion is not connected')
    await this.client.publishAsync(topic, payload, { qos: 1 })
  }

  /**
   * Lets the readings in hand commit and acknowledges them, then disconnects: the session stays
   * on the broker, which keeps what arrives meanwhile for the next start.
   */
  async stop(): Promise<void> {
    await this.options.writer.idle()
    await this.client?.endAsync()
    this.client = null
    this.window = null
  }
}
