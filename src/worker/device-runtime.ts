import type { Deps } from '../server/deps.ts'
import { escalateOverdueAlerts } from '../server/modules/alerts/escalation.service.ts'
import { recordSpeakerAck } from '../server/modules/broadcast/broadcast.service.ts'
import { SpeakerDispatcher } from '../server/modules/broadcast/speaker-dispatcher.ts'
import { startEmbeddedBroker, type EmbeddedBroker } from '../server/modules/devices/broker.ts'
import { DeviceDirectory } from '../server/modules/devices/device-directory.ts'
import { sweepSilentDevices } from '../server/modules/devices/device-sweep.service.ts'
import { WriteFailureLog } from '../server/modules/devices/drop-log.ts'
import { DeviceIngestor } from '../server/modules/devices/ingestor.ts'
import { ReadingWriter } from '../server/modules/devices/reading-writer.ts'
import { sweepDailyReports } from '../server/modules/returnees/report-sweep.service.ts'

export interface DeviceRuntimeOptions {
  /** The clock of rules and sweeps; tests pass their own (no sleeps). */
  clock?: () => Date
  /** Overrides of the config (tests: a free port, a unique topic prefix, Mosquitto's URL). */
  mqttUrl?: string
  mqttPort?: number
  host?: string
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
  if (!mqttUrl) broker = await startEmbeddedBroker({ directory, prefix, port: options.mqttPort ?? settings.mqttPort, host: options.host ?? deps.config.host, log })
  const failures = new WriteFailureLog(log)
  const writer = new ReadingWriter(deps.db, 4000, (error) => failures.record(error))
  const ingestor = new DeviceIngestor({ db: deps.db, directory, writer, prefix, clock, log, onAck: (deviceId, announcementId, at) => recordSpeakerAck(deps.db, deviceId, announcementId, at) })
  const brokerUrl = broker?.url ?? mqttUrl!
  await ingestor.start(brokerUrl, broker ? broker.service : { username: settings.mqttUsername, password: settings.mqttPassword })
  const dispatcher = new SpeakerDispatcher({ db: deps.db, directory, prefix, publish: (topic, payload) => ingestor.publish(topic, payload), clock, log })
  await dispatcher.start()

  const runSweeps = async (now = clock()): Promise<SweepResult> => ({
    silentDevices: await sweepSilentDevices(deps.db, now),
    missedReports: await sweepDailyReports(deps.db, settings.reportDueHour, now),
    escalated: await escalateOverdueAlerts(deps.db, { toCadreAfterMs: settings.escalateToCadreMs, toStreetAfterMs: settings.escalateToStreetMs }, now),
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

  return {
    brokerUrl,
    broker,
    ingestor,
    writer,
    directory,
    dispatcher,
    runSweeps,
    stop: async () => {
      if (timer) clearInterval(timer)
      await sweeping
      await dispatcher.close()
      await ingestor.stop()
      failures.flush()
      await directory.close()
      await broker?.close()
    },
  }
}
