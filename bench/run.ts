/**
 * `npm run bench -- <name>`: speed figures measured side by side in one run on this machine.
 * Speed goals live here, never in timed tests. Each bench ends with one JSON line.
 */
import { benchGateApi } from './gate-api.ts'
import { benchDevices, type DeviceFigures } from './devices.ts'

const DEMO_PLATFORMS_NOTE = 'Jiangxi simulator on loopback, signed requests'

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  gate: async (args) => {
    const seconds = Number(args[0] ?? 10)
    let verify: { raw_verify_per_s: number; lib_verify_per_s: number } | null = null
    try {
      const { benchVerify } = await import('./gate-verify.ts')
      verify = await benchVerify(Math.max(2, Math.round(seconds / 2)))
    } catch (error) {
      console.error('verify bench unavailable:', (error as Error).message)
    }
    const api = await benchGateApi(seconds)
    const raw = verify?.raw_verify_per_s ?? NaN
    console.log(`raw node:crypto ES256 verify : ${raw}/s (one core)`)
    console.log(
      `library decode+verify        : ${verify?.lib_verify_per_s}/s  = ${((verify?.lib_verify_per_s ?? NaN) / raw).toFixed(2)} × raw`,
    )
    console.log(
      `gate API scans (${api.database}, ${api.generator}) : ${api.api_scans_per_s}/s  = ${(api.api_scans_per_s / raw).toFixed(2)} × raw; p50 ${api.api_p50_ms} ms, p99 ${api.api_p99_ms} ms; lost ${api.lost_passages}`,
    )
    console.log(
      `other province's codes, verified online (${DEMO_PLATFORMS_NOTE}) : cached ${api.platform_cached_scans_per_s}/s, p99 ${api.platform_cached_p99_ms} ms; every scan asking the platform ${api.platform_uncached_scans_per_s}/s, p50 ${api.platform_uncached_p50_ms} ms, p99 ${api.platform_uncached_p99_ms} ms (${api.platform_requests_per_uncached_scan} requests per scan)`,
    )
    const { database: _database, generator: _generator, ...figures } = api
    console.log(JSON.stringify({ raw_verify_per_s: raw, lib_verify_per_s: verify?.lib_verify_per_s ?? null, ...figures }))
  },
}

// Devices (issues 5, 14): broker, end-to-end ingestion into PostgreSQL, alert latency to the live
// channel; once on the machine as it is, once with --busy N processes (default 2) spinning on its
// cores, side by side: stored against published, lost, and what was shed and counted.
BENCHES.devices = async (args) => {
  const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 10)
  const embedded = args.includes('--embedded')
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
  // 100,000 isolated people reporting every 5 s is 20,000 readings a second: offer a quarter more.
  const ratePerS = option('--rate', 25_000) || 25_000
  const devices = option('--devices', 100_000) || 100_000
  const busyLoops = option('--busy', 2)
  const runs: DeviceFigures[] = []
  for (const busy of busyLoops > 0 ? [0, busyLoops] : [0])
    runs.push(await benchDevices(seconds, { embedded, devices, ratePerS, busyLoops: busy }))
  const [quiet] = runs
  console.log(`broker alone (${quiet!.broker})          : ${quiet!.broker_publish_per_s}/s`)
  for (const f of runs) {
    const label = f.busy_loops ? `with ${f.busy_loops} busy loops (load ${f.load_average})` : `as is (load ${f.load_average})`
    console.log(`${label}:`)
    console.log(
      `  readings stored end to end (${f.database}, ${f.devices} devices, ${ratePerS}/s offered, QoS 1) : ${f.ingest_per_s}/s; goal ≥ 20,000/s`,
    )
    console.log(`  published ${f.published}, stored ${f.stored}, lost ${f.lost_readings}, shed and counted ${f.shed_counted}`)
    console.log(`  alert latency publish → live channel : p50 ${f.alert_p50_ms} ms, p99 ${f.alert_p99_ms} ms; goal p99 < 1,000 ms`)
  }
  console.log(JSON.stringify(runs.map(({ broker: _broker, database: _database, devices: _devices, ...figures }) => figures)))
}

// City scale (issue 19): the home overview from per-area tallies against the old path join.
BENCHES.overview = async (args) => {
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback)
  const { benchOverview } = await import('./overview.ts')
  const f = await benchOverview(option('--people', 300_000), option('--runs', 7))
  console.log(`home overview, city admin (${f.database}, ${f.areas} areas, ${f.people} people)`)
  console.log(`  every person through the area path : p50 ${f.path_join_p50_ms} ms`)
  console.log(`  area tallies                        : p50 ${f.tally_p50_ms} ms  = ${f.speed_up} × faster`)
  const { database: _database, ...figures } = f
  console.log(JSON.stringify(figures))
}

const [name, ...args] = process.argv.slice(2)
const bench = name ? BENCHES[name] : undefined
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [seconds]`)
  process.exit(2)
}
await bench(args)
process.exit(0)
