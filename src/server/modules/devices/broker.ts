import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes, type AuthenticateError, type Client } from 'aedes'
import type { DeviceDirectory } from './device-directory.ts'
import { COMMANDS_TYPE, deviceTopicBase, UPLINK_TYPES } from './protocol.ts'

export interface EmbeddedBroker {
  url: string
  port: number
  /** the ingestion's own login on this broker, generated at start */
  service: { username: string; password: string }
  close(): Promise<void>
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

/**
 * The in-process MQTT broker (aedes) for a start without MQTT_URL. Transport-level checks on top
 * of the signatures the ingestion verifies anyway: a device logs in with its serial and its
 * MQTT password, publishes only on its own uplink topics and subscribes only to its own
 * commands; the ingestion logs in with a service password generated at every start.
 * @param options.port 0 picks a free port (tests)
 */
export async function startEmbeddedBroker(options: {
  directory: DeviceDirectory
  prefix: string
  port: number
  host: string
  log: (line: string) => void
}): Promise<EmbeddedBroker> {
  const service = { username: 'gridline-ingest', password: randomBytes(24).toString('base64url') }
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const given = password?.toString('utf8') ?? ''
      if (username === service.username) {
        if (!sameSecret(given, service.password)) return done(refused(), false)
        identities.set(client, { role: 'service' })
        return done(null, true)
      }
      if (!username) return done(refused(), false)
      Promise.resolve(options.directory.get(username)).then(
        (device) => {
          if (!device || !sameSecret(given, device.mqttPassword)) return done(refused(), false)
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
      if (identity?.role === 'device' && subscription.topic === `${deviceTopicBase(options.prefix, identity.serial)}/${COMMANDS_TYPE}`) return done(null, subscription)
      done(null, null)
    },
  })
  const server: Server = createServer((socket) => broker.handle(socket))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  options.log(`devices: embedded MQTT broker listening on ${options.host}:${port}`)
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    service,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
