/**
 * The server under `npm run chaos`: the same entry point `npm start` runs (src/server/main.ts),
 * as a child process with its own data folder, ports and (on PostgreSQL) database, so that it
 * can be killed with SIGKILL and started again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

/** A port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface ServerOptions {
  dataDir: string
  /** PostgreSQL; absent: the embedded PGlite in dataDir */
  databaseUrl?: string
  port: number
  mqttPort: number
  /** an external broker (Mosquitto) instead of the embedded one, with a topic prefix of this run's own */
  mqtt?: { url: string; topicPrefix: string }
  /** where the server's stdout and stderr go (appended across restarts) */
  logFile: string
}

/**
 * One server process at a time, started again on the same data after a kill.
 */
export class ChaosServer {
  private child: ChildProcess | null = null
  readonly base: string
  readonly brokerUrl: string

  constructor(private readonly options: ServerOptions) {
    this.base = `http://127.0.0.1:${options.port}`
    this.brokerUrl = options.mqtt?.url ?? `mqtt://127.0.0.1:${options.mqttPort}`
  }

  /** Whether the current process is still running. */
  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Starts the server and resolves once /readyz answers 200. @throws after `timeoutMs` */
  async start(timeoutMs = 180_000): Promise<void> {
    // The server must use only what this run gives it: never the caller's DATABASE_URL or MQTT_URL.
    const { DATABASE_URL: _db, MQTT_URL: _mqtt, ...inherited } = process.env
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DATA_DIR: this.options.dataDir,
      PORT: String(this.options.port),
      MQTT_PORT: String(this.options.mqttPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      NODE_ENV: 'development',
      ...(this.options.databaseUrl ? { DATABASE_URL: this.options.databaseUrl } : {}),
      ...(this.options.mqtt ? { MQTT_URL: this.options.mqtt.url, MQTT_TOPIC_PREFIX: this.options.mqtt.topicPrefix } : {}),
    }
    const log = createWriteStream(this.options.logFile, { flags: 'a' })
    log.write(`\n--- start ${new Date().toISOString()}\n`)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.pipe(log, { end: false })
    child.stderr!.pipe(log, { end: false })
    child.once('exit', () => log.end())
    this.child = child
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`the server exited during start (see ${this.options.logFile})`)
      if ((await this.probe('/readyz')) === 200) return
      await sleep(200)
    }
    throw new Error(`the server was not ready within ${timeoutMs / 1000} s (see ${this.options.logFile})`)
  }

  /** SIGKILL: no drain, no goodbye; resolves once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child
    if (!child || !this.alive) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await gone
  }

  /** SIGTERM (what Ctrl-C does): the server writes what it queued and exits. @returns its exit code */
  async stop(timeoutMs = 60_000): Promise<number | null> {
    const child = this.child
    if (!child || !this.alive) return child?.exitCode ?? null
    const gone = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const code = await gone
    clearTimeout(timer)
    return code
  }

  /** GET a path; the status, or 0 when nothing answered within a second. */
  async probe(path: string): Promise<number> {
    try {
      const response = await fetch(`${this.base}${path}`, { signal: AbortSignal.timeout(1000) })
      await response.arrayBuffer()
      return response.status
    } catch {
      return 0
    }
  }

  /** Signs in; returns a caller that sends the session cookie (sessions live in the database, so they survive restarts). */
  async signIn(username: string, password = 'Gridline2020') {
    const login = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    if (!login.ok) throw new Error(`sign-in as ${username} failed (${login.status})`)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> => {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      })
      const text = await response.text()
      return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T }
    }
    return { cookie, call }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
