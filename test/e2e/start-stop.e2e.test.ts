/**
 * `npm start` stops cleanly: SIGTERM to the PID `npm start` runs as frees the HTTP and MQTT
 * ports within 10 s, the process exits 0, and every gate scan the server answered is in the
 * database afterwards (the passage queue drained before the database closed).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp, WEB_DIST } from '../../src/server/app.ts'
import { bootstrap } from '../../src/server/bootstrap.ts'
import { loadConfig } from '../../src/server/config.ts'
import { createAreaTree, createTestAccount, login, personInput, TEST_PASSWORD } from '../factories.ts'

const ROOT = join(import.meta.dirname, '../..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Whether a port can be bound again (nobody holds it). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

describe('npm start and SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-start-'))
  let child: ChildProcess | undefined
  afterAll(() => {
    // Only if the test failed half-way: never leave a server behind.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('drains queued passages, frees both ports within 10 s and exits 0', async () => {
    const [port, mqttPort] = [await freePort(), await freePort()]
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      SKIP_WEB_BUILD: 'true',
      PUBLIC_URL: 'http://gate.example.test:8080',
    }

    // The data the scans need, written to the data folder before the server opens it.
    const { deps, handle } = await bootstrap(loadConfig({ ...env, NODE_ENV: 'test' }))
    const setup = await buildApp(deps, { logger: false })
    const tree = await createAreaTree(deps)
    await createTestAccount(deps, 'guard', 'guard', tree.villageA.id)
    await createTestAccount(deps, 'worker', 'grid_worker', tree.villageA.id)
    await createTestAccount(deps, 'health', 'health_officer', tree.district.id)
    const worker = await login(setup, 'worker')
    const checkpointId = (
      await setup.inject({
        method: 'POST',
        url: '/api/gate/checkpoints',
        headers: { cookie: worker },
        payload: { areaId: tree.villageA.id, name: '东门卡口' },
      })
    ).json().id as string
    const personId = (
      await setup.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(tree.villageA.id) })
    ).json().id as string
    await setup.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${personId}`,
      headers: { cookie: await login(setup, 'health') },
      payload: { colour: 'green', reason: '核酸阴性' },
    })
    const code = (await setup.inject({ method: 'POST', url: `/api/codes/health/${personId}`, headers: { cookie: worker } })).json()
      .code as string
    await setup.close()
    await handle.close()

    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('build the web first (npx vite build --config vite.config.ts)')
    // The server must open the data folder prepared above: not a DATABASE_URL or broker the test run has.
    const { DATABASE_URL: _database, MQTT_URL: _broker, ...inherited } = process.env
    child = spawn('npm', ['start'], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)))
    await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toContain('Gridline is running')
    // The banner names the public address phones use.
    expect(output).toContain('http://gate.example.test:8080')
    expect(await isFree(port)).toBe(false)
    expect(await isFree(mqttPort)).toBe(false)

    const base = `http://127.0.0.1:${port}`
    const signedIn = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'guard', password: TEST_PASSWORD }),
    })
    const cookie = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('gl_session='))!
      .split(';')[0]!
    // A burst of scans still in flight when the signal comes: the signal goes as soon as the first is answered.
    let firstAnswered: () => void = () => {}
    const first = new Promise<void>((resolve) => (firstAnswered = resolve))
    const scans = Array.from({ length: 60 }, () =>
      fetch(`${base}/api/gate/scans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ clientScanId: randomUUID(), checkpointId, deviceId: 'phone-1', temperature: 36.5, healthCode: code }),
      }).then(
        async (r) => {
          firstAnswered()
          // 503: arrived after the signal (Fastify refuses new requests while closing). Not answered, not counted.
          return r.ok ? ((await r.json()) as { passageId: string }).passageId : null
        },
        // Refused or reset: the request never reached a handler.
        () => null,
      ),
    )
    await first
    const signalledAt = Date.now()
    child.kill('SIGTERM')

    const freed = async () => (await isFree(port)) && (await isFree(mqttPort))
    await expect
      .poll(freed, { timeout: 10_000, interval: 100, message: 'ports still held 10 s after SIGTERM' })
      .toBe(true)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n--- server output ---\n${output}`)
      })
    const exitCode = await Promise.race([
      exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), Math.max(0, 10_000 - (Date.now() - signalledAt)))),
    ])
    expect(exitCode, output).toBe(0)
    expect(output).toContain('stopped.')

    const answered = (await Promise.all(scans)).filter((id): id is string => id !== null)
    expect(answered.length).toBeGreaterThan(0)
    const reopened = await bootstrap(loadConfig({ ...env, NODE_ENV: 'test' }))
    try {
      const stored = await reopened.deps.db.selectFrom('passage').select('id').where('id', 'in', answered).execute()
      expect(stored.length).toBe(answered.length)
    } finally {
      await reopened.handle.close()
    }
  })
})
