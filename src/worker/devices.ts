/**
 * The device worker alone: `tsx src/worker/devices.ts` with MQTT_URL (a shared broker) and
 * DATABASE_URL, for deployments that run app servers with DEVICE_WORKER=false. `npm start` does
 * not need it: it runs the same runtime in its own process.
 */
import { bootstrap } from '../server/bootstrap.ts'
import { type Config, ConfigError, loadConfig } from '../server/config.ts'
import { startDeviceRuntime } from './device-runtime.ts'

async function main() {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) console.error(`gridline: configuration error: ${line}`)
      process.exit(2)
    }
    throw error
  }
  const { deps, handle } = await bootstrap(config)
  const runtime = await startDeviceRuntime(deps)
  console.log(`Gridline device worker: broker ${runtime.brokerUrl}, topics ${config.devices.topicPrefix}/v1/devices/…`)
  // The runtime logs its counters (received, stored, in flight, dropped, shed) every minute.
  const stop = async () => {
    await runtime.stop()
    await handle.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error('gridline device worker: failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
