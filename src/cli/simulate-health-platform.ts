import { parseArgs } from 'node:util'
import { DEMO_PLATFORMS, startDemoPlatform, type DemoPlatformKey } from '../server/modules/platforms/index.ts'

export const SIMULATE_PLATFORM_USAGE = `simulate-health-platform [--province jiangxi|hunan] [--port P] [--codes N]
                                  a stand-in for another province's health-code platform (demo secrets);
                                  prints N codes of its residents; POST /_sim/mode {"mode":"ok|slow|down|bad-signature"}`

/** Runs one demo province's platform until Ctrl-C. Needs no database. */
export async function runSimulateHealthPlatform(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { province: { type: 'string', default: 'jiangxi' }, port: { type: 'string' }, codes: { type: 'string', default: '3' } },
  })
  const demo = DEMO_PLATFORMS.find((p) => p.key === values.province)
  const port = values.port === undefined ? undefined : Number(values.port)
  if (!demo || (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536))) {
    console.error(`simulate-health-platform: --province is one of ${DEMO_PLATFORMS.map((p) => p.key).join(', ')}; --port a port number`)
    return 2
  }
  const sim = await startDemoPlatform(demo.key as DemoPlatformKey, port)
  console.log(`${demo.name} (${demo.regionCode}) answers 验码 at ${sim.endpoint}`)
  for (let i = 0; i < Number(values.codes); i++) {
    const issued = sim.issueCode()
    console.log(`  ${issued.maskedName} …${issued.idTail}  ${issued.code}`)
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await sim.close()
  return 0
}
