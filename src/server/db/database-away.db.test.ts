import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAlertStream, type AlertStreamClient } from '../../../test/alert-stream.ts'
import { createLinkedDatabase } from '../../../test/cuttable-link.ts'
import { testDatabaseKind } from '../../../test/db.ts'
import { createAreaTree, createTestAccount, login, TEST_PASSWORD } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'
import { bootstrapServer } from '../bootstrap.ts'
import { loadConfig } from '../config.ts'
import type { Deps } from '../deps.ts'
import { raiseAlert } from '../modules/alerts/alerts.service.ts'
import { openDatabase, type DatabaseHandle } from './database.ts'
import type { SchemaState } from './schema-state.ts'

/**
 * The server and PostgreSQL are separate machines: the server must start while the database is
 * down, answer 503 (and not ready) until it is back, then serve; and its live alert channel must
 * not lose what happened while its LISTEN connection was cut. The database sits behind a TCP hop
 * the test cuts and restores. Only meaningful on a real server, so PGlite skips these.
 */
describe.runIf(testDatabaseKind() === 'postgres')('the server while PostgreSQL is away', () => {
  let database: Awaited<ReturnType<typeof createLinkedDatabase>>
  let started: { deps: Deps; handle: DatabaseHandle; schema: SchemaState }
  let direct: DatabaseHandle
  let app: FastifyInstance
  let stream: AlertStreamClient | undefined
  const lines: string[] = []

  beforeAll(async () => {
    database = await createLinkedDatabase()
    await database.link.cut()
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: 'memory://',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATA_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      DATABASE_URL: database.linkedUrl,
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    })
    started = await bootstrapServer(config, (line) => lines.push(line))
    app = await buildApp(started.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    direct = await openDatabase({ databaseUrl: database.directUrl, poolSize: 2 })
  })
  afterAll(async () => {
    stream?.close()
    started?.schema.stop()
    await app?.close()
    await started?.handle.close()
    await direct?.close()
    await database?.drop()
  })

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } })
  const signIn = (username: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username, password: TEST_PASSWORD },
    })

  it('starts with the database down, answers 503 and not ready, then migrates and serves once it is back', async () => {
    expect(started.schema.ready).toBe(false)
    expect(lines.join('\n')).toMatch(/database unreachable/)
    expect((await get('/healthz')).statusCode).toBe(200)
    expect((await get('/readyz')).statusCode).toBe(503)
    for (const response of [await get('/api/alerts'), await signIn('nobody')]) {
      expect(response.statusCode).toBe(503)
      expect(response.headers['retry-after']).toBe('5')
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    }

    await database.link.open()
    await expect.poll(async () => (await get('/readyz')).statusCode, { timeout: 30_000, interval: 250 }).toBe(200)
    expect(started.schema.ready).toBe(true)
    // Migrated in the background: the tables are there and sign-in works.
    const tree = await createAreaTree(started.deps)
    await createTestAccount(started.deps, 'worker', 'grid_worker', tree.villageA.id)
    expect((await signIn('worker')).statusCode).toBe(200)
  })

  it('replays to a live alert stream the alerts raised while its LISTEN connection was cut', async () => {
    const [gridA] = await direct.db.selectFrom('area').select('id').where('code', '=', '330382001201001').execute()
    const cookie = await login(app, 'worker')
    stream = await openAlertStream(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, cookie)

    await database.link.cut()
    // Raised by another process (the device worker) straight on the database: its NOTIFY finds
    // no listener of this server, whose connections are all cut.
    const during = await raiseAlert(direct.db, {
      areaId: gridA!.id,
      kind: 'device_silent',
      severity: 'warning',
      subjectRef: 'bracelet-gap',
      now: new Date(),
    })
    await database.link.open()

    const replayed = await stream.waitFor((m) => m.alert.id === during.id, 30_000)
    expect(replayed).toMatchObject({ event: 'raised', alert: { kind: 'device_silent', status: 'open' } })
    // And the channel is live again: the next alert arrives by its notice.
    const after = await raiseAlert(direct.db, {
      areaId: gridA!.id,
      kind: 'device_silent',
      severity: 'warning',
      subjectRef: 'bracelet-after',
      now: new Date(),
    })
    expect(await stream.waitFor((m) => m.alert.id === after.id)).toMatchObject({ event: 'raised' })
  })
})
