/**
 * `npm run chaos`: the server under a steady load of gate scans and device readings, killed with
 * SIGKILL and started again, on PGlite and on PostgreSQL; on PostgreSQL the database itself is
 * restarted, then stopped for a few seconds and started, under load as well. Afterwards every acknowledged scan (HTTP 200) and reading
 * (PUBACK) must be a stored row. Prints a table; exits 1 when anything acknowledged was lost, or the
 * server died or did not recover. Not part of `npm test` (it restarts the machine's PostgreSQL).
 *
 *   npm run chaos [-- --only pglite|postgres] [--no-pg-restart] [--rate 40] [--seconds 6] [--pg-away 3] [--keep]
 *                 [--mosquitto mqtt://127.0.0.1:1883]   (devices through that broker, not the embedded one)
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, type Db } from '../src/server/db/database.ts'
import { ChaosServer, freePort, sleep } from './chaos-server.ts'
import { GateLoad, ReadingLoad, type ChaosDevice } from './chaos-load.ts'

const execFileAsync = promisify(execFile)
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    'no-pg-restart': { type: 'boolean', default: false },
    rate: { type: 'string', default: '40' },
    seconds: { type: 'string', default: '6' },
    'pg-away': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    mosquitto: { type: 'string' },
  },
})
const RATE = Number(args.rate)
const PHASE_MS = Number(args.seconds) * 1000
const PG_AWAY_MS = Number(args['pg-away']) * 1000
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
/** The demo village's grid, where the chaos bracelets are registered. */
const GRID_CODE = '330382001201001'

interface Row {
  database: string
  broker: string
  scansAcked: number
  scansStored: number
  readingsAcked: number
  readingsStored: number
  killDowntimeS: number
  pgAway: string
  problems: string[]
}

/** Why this machine cannot restart PostgreSQL for the run, or null when it can. */
function pgRestartUnavailable(): string | null {
  if (args['no-pg-restart']) return '--no-pg-restart given'
  if (!existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql'))
    return 'pg_ctlcluster (Debian postgresql-common) is not installed'
  if (!['127.0.0.1', 'localhost'].includes(new URL(ADMIN_URL).hostname))
    return `DATABASE_URL is not on this machine (${new URL(ADMIN_URL).hostname})`
  if (process.getuid?.() !== 0) return 'not running as root (pg_ctlcluster needs root or the postgres user)'
  return null
}

let pgStopped = false
// Ctrl-C while PostgreSQL is stopped must not leave it stopped.
process.once('SIGINT', () => {
  if (pgStopped) execFileSync('pg_ctlcluster', pgClusterArgs('start'), { stdio: 'inherit' })
  process.exit(130)
})

function pgClusterArgs(action: 'stop' | 'start' | 'restart'): string[] {
  const version = readdirSync('/etc/postgresql')[0]!
  return ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])]
}

/** Asynchronous, so the load keeps running (and meeting the outage) while pg_ctlcluster works. */
async function pgCluster(action: 'stop' | 'start' | 'restart'): Promise<void> {
  pgStopped = action !== 'start'
  await execFileAsync('pg_ctlcluster', pgClusterArgs(action))
  pgStopped = action === 'stop'
}

/** Health codes to scan (green, so the scans are plain passages), the guard's checkpoint, bracelets. */
async function prepare(server: ChaosServer, prefix: string) {
  const admin = await server.signIn('admin')
  const guard = await server.signIn('guard')
  const checkpoints = await guard.call<{ id: string; areaId: string }[]>('GET', '/api/gate/checkpoints')
  const checkpoint = checkpoints.data[0]
  if (!checkpoint) throw new Error('the guard has no checkpoint (demo data missing?)')
  const people = await admin.call<{ items: { id: string }[] }>('GET', `/api/people?areaId=${checkpoint.areaId}&pageSize=60`)
  const codes: string[] = []
  for (const person of people.data.items) {
    const issued = await admin.call<{ code: string; colour: string }>('POST', `/api/codes/health/${person.id}`)
    if (issued.status === 201 && issued.data.colour === 'green') codes.push(issued.data.code)
    if (codes.length >= 20) break
  }
  if (!codes.length) throw new Error('no green health code could be issued')
  const areas = await admin.call<{ id: string; code: string }[]>('GET', '/api/areas/tree')
  const grid = areas.data.find((a) => a.code === GRID_CODE)!
  const devices: ChaosDevice[] = []
  for (let i = 0; i < 10; i++) {
    const serial = `CHAOS-${prefix}-${i}`
    const answer = await admin.call<{ device: { id: string }; mqttUsername: string; mqttPassword: string; signingKey: string }>(
      'POST',
      '/api/devices',
      { serial, kind: 'bracelet', areaId: grid.id, reportIntervalS: 60, label: 'chaos' },
    )
    if (answer.status !== 201) throw new Error(`could not register ${serial} (${answer.status})`)
    devices.push({
      id: answer.data.device.id,
      serial: answer.data.mqttUsername,
      mqttPassword: answer.data.mqttPassword,
      signingKey: answer.data.signingKey,
    })
  }
  return { cookie: guard.cookie, checkpointId: checkpoint.id, codes, devices }
}

/** How many of the acknowledged scans are rows in the database, and which acknowledged readings are not. */
async function findStored(db: Db, scans: string[], readings: [string, number, number][]) {
  let scansStored = 0
  for (let i = 0; i < scans.length; i += 1000) {
    const ids = scans.slice(i, i + 1000)
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM passage WHERE client_scan_id = ANY(${ids}::uuid[])`.execute(db)
    scansStored += row.rows[0]!.n
  }
  const stored = new Set<string>()
  for (let i = 0; i < readings.length; i += 1000) {
    const slice = readings.slice(i, i + 1000)
    const rows = await sql<{ d: string; s: string }>`
      SELECT a.d, a.s::text AS s FROM device_reading r
      JOIN unnest(${slice.map(([d]) => d)}::uuid[], ${slice.map(([, s]) => s)}::bigint[]) AS a(d, s) ON r.device_id = a.d AND r.seq = a.s`.execute(
      db,
    )
    for (const row of rows.rows) stored.add(`${row.d}/${row.s}`)
  }
  const lostReadings = readings.filter(([d, s]) => !stored.has(`${d}/${s}`))
  return { scansStored, readingsStored: readings.length - lostReadings.length, lostReadings }
}

/** Moments of the run, to tell which path lost an acknowledged reading. */
interface Moments {
  killedAt: number
  restartedAt: number
  readyAgainAt: number
  pgStoppedAt: number
  pgStartedAt: number
  pgRestartAt: number
  pgRestartedAt: number
}

/**
 * Names the phase each lost reading was acknowledged in, with how many.
 * @param firstStoredAfterKill when the first reading acknowledged after the kill that IS stored was
 *   acknowledged: lost ones before it went to a restarted broker with no ingestion subscribed yet
 */
function lostByPhase(lost: [string, number, number][], at: Moments, firstStoredAfterKill: number): string[] {
  const phases = new Map<string, number>()
  for (const [, , ackAt] of lost) {
    const phase =
      ackAt <= at.killedAt
        ? `acknowledged ≤${Math.ceil((at.killedAt - ackAt) / 1000)} s before the kill`
        : ackAt < firstStoredAfterKill
          ? 'acknowledged after the kill, before the first stored reading of the restarted server (no ingestion subscribed yet)'
          : ackAt <= at.readyAgainAt
            ? 'acknowledged between the kill and /readyz answering 200 again'
            : ackAt >= at.pgRestartAt && ackAt <= at.pgRestartedAt
              ? 'acknowledged during pg_ctlcluster restart'
              : ackAt >= at.pgStoppedAt && ackAt <= at.pgStartedAt
                ? 'acknowledged while PostgreSQL was stopped'
                : ackAt > at.pgStartedAt && at.pgStartedAt > 0
                  ? 'acknowledged after PostgreSQL came back'
                  : 'acknowledged after the restart'
    phases.set(phase, (phases.get(phase) ?? 0) + 1)
  }
  return [...phases].map(([phase, n]) => `${n} ${phase}`)
}

/** Milliseconds from `since` to the first scan acknowledged after it (NaN: none within 20 s). */
async function untilScanServed(gate: GateLoad, since: number): Promise<number> {
  while (Date.now() - since < 20_000) {
    if (gate.lastAckAt > since) return gate.lastAckAt - since
    await sleep(100)
  }
  return NaN
}

const seconds = (ms: number) => (Number.isNaN(ms) ? 'never' : `${(ms / 1000).toFixed(1)} s`)

/** `pg_ctlcluster … restart` under load: the server stays up and serves scans again within 10 s. */
async function restartPostgresInPlace(server: ChaosServer, gate: GateLoad, problems: string[], at: Moments): Promise<string> {
  const unavailableBefore = gate.count(503)
  at.pgRestartAt = Date.now()
  await pgCluster('restart')
  at.pgRestartedAt = Date.now()
  const recoveredMs = await untilScanServed(gate, at.pgRestartedAt)
  if (!server.alive) problems.push('the server died during pg_ctlcluster restart')
  if (!(recoveredMs <= 10_000)) problems.push(`scans did not succeed again within 10 s of PostgreSQL's restart (${seconds(recoveredMs)})`)
  return `restart (${seconds(at.pgRestartedAt - at.pgRestartAt)}): ${gate.count(503) - unavailableBefore} scans 503, served ${seconds(recoveredMs)} after`
}

/** Stops PostgreSQL under load, watches the server answer 503 and stay up, starts it, times the recovery. */
async function restartPostgres(server: ChaosServer, gate: GateLoad, problems: string[], at: Moments): Promise<string> {
  const unavailableBefore = gate.count(503)
  at.pgStoppedAt = Date.now()
  await pgCluster('stop')
  let aliveProbes = 0
  let readyz503 = 0
  try {
    const awayUntil = Date.now() + PG_AWAY_MS
    while (Date.now() < awayUntil) {
      if ((await server.probe('/healthz')) === 200) aliveProbes++
      if ((await server.probe('/readyz')) === 503) readyz503++
      await sleep(250)
    }
  } finally {
    // Other work shares this PostgreSQL: it is started again whatever happened meanwhile.
    await pgCluster('start')
  }
  const scans503 = gate.count(503) - unavailableBefore
  at.pgStartedAt = Date.now()
  const recoveredMs = await untilScanServed(gate, at.pgStartedAt)
  if (!server.alive) problems.push('the server died while PostgreSQL was away')
  if (!aliveProbes) problems.push('/healthz never answered while PostgreSQL was away')
  if (!scans503) problems.push('no scan was answered 503 while PostgreSQL was away')
  if (!(recoveredMs <= 10_000)) problems.push(`scans did not succeed again within 10 s of PostgreSQL's return (${seconds(recoveredMs)})`)
  return `stop ${(PG_AWAY_MS / 1000).toFixed(0)} s: ${scans503} scans 503, /readyz 503 ×${readyz503}, /healthz 200 ×${aliveProbes}; served ${seconds(recoveredMs)} after start`
}

async function runOne(kind: 'pglite' | 'postgres'): Promise<Row> {
  const dataDir = mkdtempSync(join(tmpdir(), `gridline-chaos-${kind}-`))
  const prefix = Math.random().toString(36).slice(2, 8)
  let databaseUrl: string | undefined
  if (kind === 'postgres') {
    const url = new URL(ADMIN_URL)
    url.pathname = `/gridline_chaos_${prefix}`
    databaseUrl = url.toString()
    const admin = new pg.Client({ connectionString: ADMIN_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE gridline_chaos_${prefix}`)
    await admin.end()
  }
  // On a shared Mosquitto, a topic prefix of this run's own keeps other runs' devices out.
  const topicPrefix = args.mosquitto ? `chaos${prefix}` : 'gridline'
  const mqtt = args.mosquitto ? { url: args.mosquitto, topicPrefix } : undefined
  const server = new ChaosServer({
    dataDir,
    databaseUrl,
    port: await freePort(),
    mqttPort: await freePort(),
    mqtt,
    logFile: join(dataDir, 'server.log'),
  })
  const problems: string[] = []
  let pgAway = '—'
  let killDowntimeS = NaN
  const at: Moments = { killedAt: 0, restartedAt: 0, readyAgainAt: 0, pgStoppedAt: 0, pgStartedAt: 0, pgRestartAt: 0, pgRestartedAt: 0 }
  console.error(`chaos ${kind}: starting the server (data ${dataDir})`)
  try {
    await server.start()
    const setup = await prepare(server, prefix)
    const gate = new GateLoad({
      base: server.base,
      cookie: setup.cookie,
      checkpointId: setup.checkpointId,
      codes: setup.codes,
      ratePerS: RATE,
    })
    const readings = new ReadingLoad({ brokerUrl: server.brokerUrl, prefix: topicPrefix, devices: setup.devices, ratePerS: RATE })
    gate.start()
    readings.start()
    try {
      await sleep(PHASE_MS)
      console.error(`chaos ${kind}: kill -9 under load`)
      at.killedAt = Date.now()
      await server.kill9()
      await sleep(1000)
      at.restartedAt = Date.now()
      await server.start()
      at.readyAgainAt = Date.now()
      killDowntimeS = (at.readyAgainAt - at.killedAt) / 1000
      await sleep(PHASE_MS)
      if (kind === 'postgres') {
        const unavailable = pgRestartUnavailable()
        if (unavailable) pgAway = `skipped: ${unavailable}`
        else {
          console.error(`chaos ${kind}: pg_ctlcluster restart under load`)
          const restarted = await restartPostgresInPlace(server, gate, problems, at)
          await sleep(PHASE_MS)
          console.error(`chaos ${kind}: PostgreSQL stopped for ${PG_AWAY_MS / 1000} s under load, then started`)
          pgAway = `${restarted}; ${await restartPostgres(server, gate, problems, at)}`
          await sleep(PHASE_MS)
        }
      }
    } finally {
      await gate.stop()
      await readings.stop()
    }
    const exit = await server.stop()
    if (exit !== 0) problems.push(`the server exited ${exit} on SIGTERM`)
    const handle = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir })
    const stored = await findStored(handle.db, gate.acknowledged, readings.acknowledged)
    await handle.close()
    const other = [...gate.answers].filter(([status]) => status !== 200).map(([status, n]) => `${status}×${n}`)
    console.error(
      `chaos ${kind}: scans sent answered ${other.join(' ') || 'all 200'}, ${gate.refused} refused/timed out; readings not connected ${readings.notConnected}, publish failed ${readings.failed}`,
    )
    const lost = new Set(stored.lostReadings)
    const firstStoredAfterKill = Math.min(...readings.acknowledged.filter((r) => !lost.has(r) && r[2] > at.killedAt).map((r) => r[2]))
    if (lost.size)
      problems.push(`${lost.size} acknowledged readings lost: ${lostByPhase(stored.lostReadings, at, firstStoredAfterKill).join('; ')}`)
    return {
      database: kind,
      broker: args.mosquitto ? 'Mosquitto' : 'embedded',
      scansAcked: gate.acknowledged.length,
      scansStored: stored.scansStored,
      readingsAcked: readings.acknowledged.length,
      readingsStored: stored.readingsStored,
      killDowntimeS,
      pgAway,
      problems,
    }
  } finally {
    // Whatever failed: no server left running, no database or folder left behind (unless --keep).
    await server.kill9()
    if (databaseUrl && !args.keep) {
      const admin = new pg.Client({ connectionString: ADMIN_URL })
      await admin.connect()
      await admin.query(`DROP DATABASE IF EXISTS gridline_chaos_${prefix} WITH (FORCE)`)
      await admin.end()
    }
    if (!args.keep) rmSync(dataDir, { recursive: true, force: true })
    else console.error(`chaos ${kind}: kept ${dataDir}`)
  }
}

const kinds = (args.only ? [args.only] : ['pglite', 'postgres']) as ('pglite' | 'postgres')[]
const rows: Row[] = []
for (const kind of kinds) {
  try {
    rows.push(await runOne(kind))
  } catch (error) {
    rows.push({
      database: kind,
      broker: args.mosquitto ? 'Mosquitto' : 'embedded',
      scansAcked: 0,
      scansStored: 0,
      readingsAcked: 0,
      readingsStored: 0,
      killDowntimeS: NaN,
      pgAway: '—',
      problems: [`run failed: ${(error as Error).message}`],
    })
  }
}
console.log(`\nchaos: ${RATE} scans/s and ${RATE} readings/s on loopback, ${PHASE_MS / 1000} s per phase\n`)
console.log(
  '| database | broker | scans acked | scans stored | scans lost | readings acked | readings stored | readings lost | kill -9 → ready again | PostgreSQL restart; stop/start |',
)
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|')
for (const r of rows) {
  console.log(
    `| ${r.database} | ${r.broker} | ${r.scansAcked} | ${r.scansStored} | ${r.scansAcked - r.scansStored} | ${r.readingsAcked} | ${r.readingsStored} | ${r.readingsAcked - r.readingsStored} | ${r.killDowntimeS.toFixed(1)} s | ${r.pgAway} |`,
  )
}
let failed = false
for (const r of rows) {
  if (r.scansAcked > r.scansStored) r.problems.push(`${r.scansAcked - r.scansStored} acknowledged scans lost`)
  for (const problem of r.problems) console.log(`FAIL ${r.database}: ${problem}`)
  failed ||= r.problems.length > 0
}
console.log(
  JSON.stringify(
    rows.map(({ problems, ...r }) => ({
      ...r,
      lost_scans: r.scansAcked - r.scansStored,
      lost_readings: r.readingsAcked - r.readingsStored,
      problems,
    })),
  ),
)
process.exit(failed ? 1 : 0)
