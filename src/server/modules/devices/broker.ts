import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { Aedes, type AuthenticateError, type Client } from 'aedes'
import type { DeviceDirectory } from './device-directory.ts'
import { guardPacketSize } from './packet-size-guard.ts'
import { COMMANDS_TYPE, deviceTopicBase, UPLINK_TYPES } from './protocol.ts'
import { boundedSessionPersistence } from './session-queue.ts'

/** What the embedded broker refused or dropped since start (the status line shows them). */
export interface BrokerStats {
  /** QoS 1 messages not kept because a persistent session's queue was full */
  shed: number
  /** messages waiting in persistent sessions' queues now */
  queued(): number
  /** connections closed at a packet over MQTT_MAX_PACKET_BYTES */
  oversize: number
  /** connections refused: this address already had MQTT_MAX_CONNECTIONS_PER_ADDRESS */
  overAddressLimit: number
  /** logins refused because the client id was not the login's own */
  clientIdRefused: number
}

export interface EmbeddedBroker {
  url: string
  port: number
  /** the ingestion's own login on this broker, generated at start */
  service: { username: string; password: string; clientId: string }
  stats: BrokerStats
  /** Lets devices in (with holdDevices: once the ingestion has subscribed). */
  admitDevices(): void
  close(): Promise<void>
}

export interface EmbeddedBrokerOptions {
  directory: DeviceDirectory
  prefix: string
  /** 0 picks a free port (tests) */
  port: number
  /** MQTT_BIND_HOST */
  host: string
  /** the only client id the ingestion's login may use (MQTT_CLIENT_ID) */
  serviceClientId: string
  /**
   * Refuse devices ("server unavailable", they retry) until admitDevices(): after a restart the
   * broker's sessions are gone, and a reading acknowledged before the ingestion has subscribed
   * again would be routed to no one and lost.
   */
  holdDevices?: boolean
  /** MQTT_MAX_PACKET_BYTES: the largest remaining length of one packet */
  maxPacketBytes: number
  /** MQTT_MAX_CONNECTIONS_PER_ADDRESS */
  maxConnectionsPerAddress: number
  /** MQTT_SESSION_QUEUE: messages kept for one persistent session (the ingestion's) */
  maxQueuedPerSession: number
  log: (line: string) => void
}

type Identity = { role: 'service' } | { role: 'device'; serial: string }
const identities = new WeakMap<Client, Identity>()

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function refused(): AuthenticateError {
  return Object.assign(new Error('bad username or password'), { returnCode: 4 }) as AuthenticateError
}

function identifierRejected(): AuthenticateError {
  return Object.assign(new Error("client id is not this login's"), { returnCode: 2 }) as AuthenticateError
}

/**
 * The in-process MQTT broker (aedes) for a start without MQTT_URL. Transport-level checks on top
 * of the signatures the ingestion verifies anyway: a device logs in with its serial and its
 * MQTT password, as client id its serial, publishes only on its own uplink topics and subscribes
 * only to its own commands; the ingestion logs in with a service password generated at every
 * start and its configured client id. A client id is taken over (the older connection closed)
 * only by its own login, after the password is checked: another device cannot keep one offline.
 * Packets over the size limit close the connection after their first bytes, and one address
 * holds a bounded number of connections.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const service = { username: 'gridline-ingest', password: randomBytes(24).toString('base64url'), clientId: options.serviceClientId }
  const sessions = boundedSessionPersistence(options.maxQueuedPerSession)
  let admitting = !options.holdDevices
  const stats: BrokerStats = {
    get shed() {
      return sessions.stats.shed
    },
    queued: sessions.stats.queued,
    oversize: 0,
    overAddressLimit: 0,
    clientIdRefused: 0,
  }
  const broker = await Aedes.createBroker({
    persistence: sessions.persistence,
    // aedes registers the client id (closing an older connection with it) only after this answers.
    authenticate: (client, username, password, done) => {
      const given = password?.toString('utf8') ?? ''
      if (username === service.username) {
        if (!sameSecret(given, service.password)) return done(refused(), false)
        if (client.id !== service.clientId) {
          stats.clientIdRefused++
          return done(identifierRejected(), false)
        }
        identities.set(client, { role: 'service' })
        return done(null, true)
      }
      if (!username) return done(refused(), false)
      if (!admitting) return done(Object.assign(new Error('not yet'), { returnCode: 3 }) as AuthenticateError, false)
      Promise.resolve(options.directory.get(username)).then(
        (device) => {
          if (!device || !sameSecret(given, device.mqttPassword)) return done(refused(), false)
          if (client.id !== device.serial) {
            stats.clientIdRefused++
            return done(identifierRejected(), false)
          }
          identities.set(client, { role: 'device', serial: device.serial })
          done(null, true)
        },
        () => done(Object.assign(new Error('unavailable'), { returnCode: 3 }) as AuthenticateError, false),
      )
    },
    authorizePublish: (client, packet, done) => {
      const identity = client ? identities.get(client) : { role: 'service' as const }
      if (identity?.role === 'service') return done(null)
      if (identity?.role === 'device') {
        const base = `${deviceTopicBase(options.prefix, identity.serial)}/`
        const type = packet.topic.startsWith(base) ? packet.topic.slice(base.length) : ''
        if ((UPLINK_TYPES as readonly string[]).includes(type)) return done(null)
      }
      done(new Error('not authorised to publish here'))
    },
    authorizeSubscribe: (client, subscription, done) => {
      const identity = identities.get(client)
      if (identity?.role === 'service') return done(null, subscription)
      if (identity?.role === 'device' && subscription.topic === `${deviceTopicBase(options.prefix, identity.serial)}/${COMMANDS_TYPE}`)
        return done(null, subscription)
      done(null, null)
    },
  })
  const perAddress = new Map<string, number>()
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    const address = socket.remoteAddress ?? ''
    const open = perAddress.get(address) ?? 0
    if (open >= options.maxConnectionsPerAddress) {
      stats.overAddressLimit++
      socket.destroy()
      return
    }
    perAddress.set(address, open + 1)
    sockets.add(socket)
    socket.once('close', () => {
      sockets.delete(socket)
      const left = (perAddress.get(address) ?? 1) - 1
      if (left > 0) perAddress.set(address, left)
      else perAddress.delete(address)
    })
    broker.handle(guardPacketSize(socket, options.maxPacketBytes, () => stats.oversize++))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  options.log(`devices: embedded MQTT broker listening on ${options.host}:${port}`)
  const reachable = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host
  return {
    url: `mqtt://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`,
    port,
    service,
    stats,
    admitDevices: () => {
      admitting = true
    },
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
