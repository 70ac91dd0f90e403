import type { Deps } from '../server/deps.ts'
import { escalateOverdueAlerts } from '../server/modules/alerts/escalation.service.ts'
import { recordSpeakerAck } from '../server/modules/broadcast/broadcast.service.ts'
import { SpeakerDispatcher } from '../server/modules/broadcast/speaker-dispatcher.ts'
import { startEmbeddedBroker, type EmbeddedBroker } from '../server/modules/devices/broker.ts'
import { DeviceDirectory } from '../server/modules/devices/device-directory.ts'
import { sweepSilentDevices } from '../server/modules/devices/device-sweep.service.ts'
import { WriteFailureLog } from '../server/modules/devices/drop-log.ts'
import { DeviceIngestor, type IngestSession } from '../server/modules/devices/ingestor.ts'
import { ReadingWriter } from '../server/modules/devices/reading-writer.ts'
import { sweepDailyReports } from '../server/modules/returnees/report-sweep.service.ts'

export interface DeviceRuntimeOptions {
  /** The clock of rules and sweeps; tests pass their own (no sleeps). */
  clock?: () => Date
  /** Overrides of the config (tests: a free port, a unique topic prefix, Mosquitto's URL). */
  mqttUrl?: string
  mqttPort?: number
  host?: string
  /** the ingestion's client id (tests: one per run; the persistent session lives under it) */
  clientId?: string
  /** overrides MQTT_MAX_IN_FLIGHT, MQTT_SESSION_QUEUE, MQTT_MAX_PACKET_BYTES, MQTT_MAX_CONNECTIONS_PER_ADDRESS */
  maxInFlight?: number
  sessionQueue?: number
  maxPacketBytes?: number
  maxConnectionsPerAddress?: number
  /** how often the counters are logged; null: never (default one minute) */
  statusEveryMs?: number | null
  topicPrefix?: string
  /** How often the sweeps run; null runs none on a timer (tests call runSweeps). */
  sweepEveryMs?: number | null
  log?: (line: string) => void
}

export interface SweepResult {
  silentDevices: number
  missedReports: number
  escalated: number
  announcementsSent: number
}

export interface DeviceRuntime {
  /** The broker the devices talk to. */
  brokerUrl: string
  /** Set when the in-process broker runs. */
  broker: EmbeddedBroker | null
  ingestor: DeviceIngestor
  /** how the ingestion logs in (to start it again on the same session) */
  session: IngestSession
  writer: ReadingWriter
  directory: DeviceDirectory
  dispatcher: SpeakerDispatcher
  /** Runs every sweep once, at the runtime's clock or the time given. */
  runSweeps(now?: Date): Promise<SweepResult>
  stop(): Promise<void>
}

/**
 * Everything devices need in one process: the embedded broker (without MQTT_URL), the
 * ingestion, the announcement dispatcher, and the minute sweeps (silent devices, missed daily
 * reports, alert escalation). `npm start` runs it beside the HTTP server; src/worker/devices.ts
 * runs it alone, for a deployment that scales the two apart.
 */
export async function startDeviceRuntime(deps: Deps, options: DeviceRuntimeOptions = {}): Promise<DeviceRuntime> {
  const settings = deps.config.devices
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? ((line: string) => console.log(line))
  const prefix = options.topicPrefix ?? settings.topicPrefix
  const directory = new DeviceDirectory(deps.db, deps.cipher)
  await directory.start((error) => log(`devices: device list not loaded: ${(error as { code?: string }).code ?? (error as Error).message}`))
  const mqttUrl = options.mqttUrl ?? settings.mqttUrl
  let broker: EmbeddedBroker | null = null
  const clientId = options.clientId ?? settings.ingestClientId
  const maxInFlight = options.maxInFlight ?? settings.maxInFlight
  if (!mqttUrl) {
    broker = await startEmbeddedBroker({
      directory,
      prefix,
      port: options.mqttPort ?? settings.mqttPort,
      host: options.host ?? settings.mqttBindHost,
      serviceClientId: clientId,
      holdDevices: true,
      maxPacketBytes: options.maxPacketBytes ?? settings.mqttMaxPacketBytes,
      maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? settings.mqttMaxConnectionsPerAddress,
      maxQueuedPerSession: options.sessionQueue ?? settings.mqttSessionQueue,
      log,
    })
  }
  const failures = new WriteFailureLog(log)
  const writer = new ReadingWriter(deps.db, 4000, (error) => failures.record(error))
  const ingestor = new DeviceIngestor({
    db: deps.db,
    directory,
    writer,
    prefix,
    clock,
    log,
    onAck: (deviceId, announcementId, at) => recordSpeakerAck(deps.db, deviceId, announcementId, at),
  })
  const brokerUrl = broker?.url ?? mqttUrl!
  const session: IngestSession = broker
    ? { username: broker.service.username, password: broker.service.password, clientId, maxInFlight, protocolVersion: 4 }
    : { username: settings.mqttUsername, password: settings.mqttPassword, clientId, maxInFlight, protocolVersion: 5 }
  await ingestor.start(brokerUrl, session)
  broker?.admitDevices()
  const dispatcher = new SpeakerDispatcher({
    db: deps.db,
    directory,
    prefix,
    publish: (topic, payload) => ingestor.publish(topic, payload),
    clock,
    log,
  })
  await dispatcher.start()

  const runSweeps = async (now = clock()): Promise<SweepResult> => ({
    silentDevices: await sweepSilentDevices(deps.db, now),
    missedReports: await sweepDailyReports(deps.db, settings.reportDueHour, now),
    escalated: await escalateOverdueAlerts(
      deps.db,
      { toCadreAfterMs: settings.escalateToCadreMs, toStreetAfterMs: settings.escalateToStreetMs },
      now,
    ),
    announcementsSent: await dispatcher.dispatch(),
  })
  let timer: NodeJS.Timeout | null = null
  let sweeping: Promise<unknown> | null = null
  const every = options.sweepEveryMs === undefined ? 60_000 : options.sweepEveryMs
  if (every !== null) {
    timer = setInterval(() => {
      sweeping ??= runSweeps()
        .catch((error: unknown) => log(`devices: sweep failed: ${(error as Error).message}`))
        .finally(() => (sweeping = null))
    }, every)
    timer.unref()
  }

  const statusEvery = options.statusEveryMs === undefined ? 60_000 : options.statusEveryMs
  let lastStatus = ''
  const status =
    statusEvery === null
      ? null
      : setInterval(() => {
          const line = describeDeviceStatus(ingestor, writer, broker)
          if (line !== lastStatus) {
            lastStatus = line
            log(line)
          }
        }, statusEvery)
  status?.unref()

  return {
    brokerUrl,
    broker,
    ingestor,
    session,
    writer,
    directory,
    dispatcher,
    runSweeps,
    stop: async () => {
      if (timer) clearInterval(timer)
      if (status) clearInterval(status)
      await sweeping
      await dispatcher.close()
      await ingestor.stop()
      failures.flush()
      await directory.close()
      await broker?.close()
    },
  }
}

/**
 * One status line of the device path: what came in, what was stored, what is in flight, and
 * every message dropped or shed, by whom. Logged every minute when it changed (never message
 * contents). Shed counts are the point: a loss that is not counted here is a bug.
 */
export function describeDeviceStatus(ingestor: DeviceIngestor, writer: ReadingWriter, broker: EmbeddedBroker | null): string {
  const s = ingestor.stats
  const parts = [
    `received ${s.received}`,
    `accepted ${s.accepted}`,
    `stored ${writer.stats.written} (+${writer.stats.duplicates} duplicates)`,
    `in flight ${ingestor.inFlight}`,
    `malformed ${s.malformed}`,
    `unauthenticated ${s.unauthenticated}`,
    `not stored ${s.notStored} (redelivery ${s.sessionRestarts}×)`,
  ]
  if (broker) {
    parts.push(
      `broker queue ${broker.stats.queued()}`,
      `broker shed ${broker.stats.shed}`,
      `refused: oversize ${broker.stats.oversize}, per-address ${broker.stats.overAddressLimit}, client id ${broker.stats.clientIdRefused}`,
    )
  } else parts.push(`broker dropped ${s.brokerDropped ?? 'unknown'}`)
  return `devices: ${parts.join(', ')}`
}
