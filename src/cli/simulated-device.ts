import { connectAsync, type MqttClient } from 'mqtt'
import {
  COMMANDS_TYPE,
  deviceTopicBase,
  signPayload,
  splitPayload,
  verifySignature,
  type UplinkType,
} from '../server/modules/devices/protocol.ts'

/** What a device is flashed with (the registration answer, docs/DEVICES.md). */
export interface DeviceSecrets {
  serial: string
  mqttPassword: string
  /** base64url */
  signingKey: string
}

/**
 * A device as firmware would be: its own MQTT connection and login, signed messages with an
 * increasing sequence number, and (speakers) signed commands it verifies and acknowledges.
 * Used by `simulate-devices`, the tests and the bench.
 */
export class SimulatedDevice {
  private seq: number
  private heartbeats: NodeJS.Timeout | null = null
  private readonly key: Buffer
  readonly topicBase: string

  private constructor(
    private readonly client: MqttClient,
    readonly secrets: DeviceSecrets,
    prefix: string,
  ) {
    this.key = Buffer.from(secrets.signingKey, 'base64url')
    this.topicBase = deviceTopicBase(prefix, secrets.serial)
    // Survives restarts like a firmware counter kept in flash: start from the clock.
    this.seq = Date.now() * 1000
  }

  /** Connects with the device's own login, its serial as client id (the embedded broker takes no other). @throws when the broker refuses it */
  static async connect(url: string, secrets: DeviceSecrets, prefix: string): Promise<SimulatedDevice> {
    const client = await connectAsync(url, {
      clientId: secrets.serial,
      username: secrets.serial,
      password: secrets.mqttPassword,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    })
    return new SimulatedDevice(client, secrets, prefix)
  }

  /** Publishes one signed message; QoS 1 waits for the broker's acknowledgement. */
  async send(type: UplinkType, fields: Record<string, unknown>, options: { qos?: 0 | 1; ts?: number } = {}): Promise<number> {
    const seq = ++this.seq
    const topic = `${this.topicBase}/${type}`
    await this.client.publishAsync(topic, signPayload(this.key, topic, { seq, ts: options.ts ?? Date.now(), ...fields }), {
      qos: options.qos ?? 1,
    })
    return seq
  }

  temperature(celsius: number, battery = 90) {
    return this.send('temperature', { celsius, battery })
  }

  door(open: boolean, battery = 90) {
    return this.send('door', { open, battery })
  }

  motion(snapshot: string) {
    return this.send('motion', { snapshot })
  }

  heartbeat(battery = 90) {
    return this.send('heartbeat', { battery })
  }

  /** Whether the broker connection is up (tests: a takeover attempt must not close it). */
  get connected(): boolean {
    return this.client.connected
  }

  /** Resolves when the broker closes the connection (tests of what the broker refuses). */
  async whenClosed(): Promise<void> {
    this.client.on('error', () => {})
    if (!this.client.connected) return
    await new Promise<void>((resolve) => this.client.once('close', () => resolve()))
  }

  /** Publishes raw bytes on one of this device's topics (tests of malformed messages). */
  async sendRaw(type: string, payload: Buffer | string): Promise<void> {
    await this.client.publishAsync(`${this.topicBase}/${type}`, payload, { qos: 1 })
  }

  /**
   * Listens for announcements (speakers): each one whose signature checks is handed to the
   * callback and acknowledged.
   */
  async listen(onAnnouncement: (text: string, id: string) => void): Promise<void> {
    const topic = `${this.topicBase}/${COMMANDS_TYPE}`
    this.client.on('message', (incoming, payload) => {
      if (incoming !== topic) return
      const parts = splitPayload(payload)
      if (!parts || !verifySignature(this.key, topic, parts.json, parts.sig)) return
      const command = JSON.parse(parts.json.toString('utf8')) as { type: string; id: string; text: string }
      if (command.type !== 'announce') return
      onAnnouncement(command.text, command.id)
      void this.send('ack', { announcement: command.id }).catch(() => {})
    })
    await this.client.subscribeAsync(topic, { qos: 1 })
  }

  /**
   * Behaves as a public-area loudspeaker: says it is alive at once and then every
   * `heartbeatEveryMs` (so the broadcast screen shows it online), and plays and acknowledges
   * every announcement. Close the device to stop it.
   */
  async runAsSpeaker(onPlay: (text: string, id: string) => void, heartbeatEveryMs: number): Promise<void> {
    await this.listen(onPlay)
    await this.heartbeat()
    this.heartbeats = setInterval(() => void this.heartbeat().catch(() => {}), heartbeatEveryMs)
  }

  async close(): Promise<void> {
    if (this.heartbeats) clearInterval(this.heartbeats)
    await this.client.endAsync()
  }
}
