import { buildApp } from './app.ts'
import { bootstrapServer } from './bootstrap.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from './seed/demo.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../worker/device-runtime.ts'
import { linkBanner } from './http/start-banner.ts'
import { drainPassageWriters } from './modules/gate/passage-writer.ts'
import { handleStopSignals } from './shutdown.ts'
import { DEMO_PLATFORMS, startDemoPlatform, startReverification } from './modules/platforms/index.ts'
import { SchemaWaitStoppedError } from './db/schema-state.ts'

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
  const { deps, handle, schema } = await bootstrapServer(config, (line) => console.log(line))
  // Demo data and devices need the schema: at once when the database answers, else once it does
  // (the API answers 503 meanwhile and readiness says so).
  const started: { devices: DeviceRuntime | null; stopReverification: (() => void) | null } = { devices: null, stopReverification: null }
  const startData = async () => {
    if (config.demoData) {
      const seeded = await loadDemoData(deps, { onlyIfEmpty: true, log: (line) => console.log(line) })
      if (seeded) console.log('Demo data loaded.')
    }
    // Devices (broker, ingestion, sweeps) in this process unless a separate worker runs them.
    if (config.devices.runWorker) started.devices = await startDeviceRuntime(deps)
    // 待核验 scans are asked again while their platform was down (issue 20).
    started.stopReverification = startReverification(deps)
  }
  let dataStarted = Promise.resolve()
  if (schema.ready) await startData()
  else
    dataStarted = schema.whenReady.then(startData).catch((error: unknown) => {
      if (!(error instanceof SchemaWaitStoppedError))
        console.error('gridline: could not start on the database:', error instanceof Error ? error.message : error)
    })
  const app = await buildApp(deps)
  // `npm start -- --health-platforms`: the demo's Jiangxi and Hunan platforms, on loopback.
  const platforms = process.argv.includes('--health-platforms')
    ? await Promise.all(DEMO_PLATFORMS.map((p) => startDemoPlatform(p.key)))
    : []
  handleStopSignals({
    stop: async () => {
      schema.stop()
      // Stop taking requests first (in-flight scans finish), then write what is queued, then close.
      const closing = app.close()
      // A keep-alive connection whose request finishes after close began would stay open for its
      // whole keep-alive timeout (72 s in Fastify) and hold the port: close each one once idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 100)
      await closing.finally(() => clearInterval(sweep))
      started.stopReverification?.()
      await Promise.all(platforms.map((p) => p.close()))
      await drainPassageWriters()
      console.log('gridline: HTTP closed; queued passages written.')
      await dataStarted
      // Disconnects the ingestion (no new readings), drains the reading queue, closes the broker.
      const devices = started.devices
      await devices?.stop()
      await devices?.writer.idle()
      if (devices) console.log('gridline: devices stopped; queued readings written.')
      await handle.close()
    },
  })
  await app.listen({ port: config.port, host: config.host })
  const db = handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`
  console.log(`\nGridline is running: http://localhost:${config.port}   (API docs: http://localhost:${config.port}/docs)`)
  console.log(`Database: ${db}`)
  for (const line of linkBanner(config)) console.log(line)
  for (const p of platforms) console.log(`Health-code platform simulator: ${p.endpoint} (control: POST ${p.url}/_sim/codes, /_sim/mode)`)
  const devices = started.devices
  if (devices)
    console.log(
      `Devices: MQTT ${devices.broker ? `embedded broker on port ${devices.broker.port}` : devices.brokerUrl}, topics ${config.devices.topicPrefix}/v1/devices/…`,
    )
  if (config.demoData) {
    console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`)
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(16)} ${a.role.padEnd(15)} ${a.areaName}`)
  }
}

main().catch((error: unknown) => {
  console.error('gridline: failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
