import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { ReadingWriter, type Reading } from './reading-writer.ts'

/**
 * A fever reading and the alert it raises are one write: stored together or not at all, and a
 * short failure of the alert path is tried again rather than losing the alert. Failures are
 * injected in the database itself (a trigger on `alert`), the way a deadlock or restart would
 * reach the writer.
 */
describe(`ReadingWriter on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let deviceId: string
  let areaId: string
  let worker: string
  let seq = 0
  const failures: unknown[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    areaId = tree.gridA.id
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    worker = await login(app, 'worker')
    const device = await app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: { cookie: worker },
      payload: { serial: `bracelet-${randomBytes(4).toString('hex')}`, kind: 'bracelet', areaId, reportIntervalS: 60 },
    })
    deviceId = device.json().device.id
    // Fails the alert insert while `alert_failures_left` > 0 (a sequence: its count survives the rollback).
    await sql`CREATE TABLE test_alert_failure (code text NOT NULL)`.execute(ctx.deps.db)
    await sql`CREATE SEQUENCE alert_failure_seq`.execute(ctx.deps.db)
    await sql
      .raw(
        `CREATE FUNCTION fail_alert_insert() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE wanted text; left_over bigint;
         BEGIN
           SELECT code INTO wanted FROM test_alert_failure LIMIT 1;
           IF wanted IS NULL THEN RETURN NEW; END IF;
           SELECT nextval('alert_failure_seq') INTO left_over;
           IF left_over <= 1 OR wanted = 'always' THEN RAISE EXCEPTION 'injected alert failure' USING ERRCODE = CASE WHEN wanted = 'always' THEN '40001' ELSE wanted END; END IF;
           RETURN NEW;
         END $$`,
      )
      .execute(ctx.deps.db)
    await sql`CREATE TRIGGER fail_alert_insert BEFORE INSERT ON alert FOR EACH ROW EXECUTE FUNCTION fail_alert_insert()`.execute(
      ctx.deps.db,
    )
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })
  beforeEach(async () => {
    failures.length = 0
    await sql`DELETE FROM test_alert_failure`.execute(ctx.deps.db)
    await sql`SELECT setval('alert_failure_seq', 1, false)`.execute(ctx.deps.db)
  })

  /** Each test's fevers are of its own person: one alert per person and kind (dedupe). */
  const newPerson = async (): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/api/people', headers: { cookie: worker }, payload: personInput(areaId) })).json().id
  const fever = (personId: string): Reading => {
    const now = Date.now()
    return {
      deviceId,
      seq: ++seq,
      kind: 'temperature',
      measuredAt: now,
      receivedAt: now,
      value: 38.4,
      snapshotRef: null,
      battery: 80,
      alerts: [{ areaId, kind: 'fever', severity: 'warning', personId, subjectRef: deviceId, now: new Date(now) }],
    }
  }
  const readingStored = async (reading: Reading) =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM device_reading WHERE device_id = ${deviceId} AND seq = ${reading.seq}`.execute(
          ctx.deps.db,
        )
      ).rows[0]!.n,
    ) === 1
  /** The fever alerts of a person: how many, and how often each was raised. */
  const feverAlerts = async (personId: string) =>
    (
      await ctx.deps.db.selectFrom('alert').select('occurrences').where('person_id', '=', personId).where('kind', '=', 'fever').execute()
    ).map((a) => a.occurrences)
  const injectFailure = (code: string) => sql`INSERT INTO test_alert_failure (code) VALUES (${code})`.execute(ctx.deps.db)

  it('stores a fever reading with its alert even when the alert path fails first (a deadlock, a restart)', async () => {
    await injectFailure('40P01')
    const writer = new ReadingWriter(ctx.deps.db, 100, (error) => failures.push(error))
    const personId = await newPerson()
    const reading = fever(personId)
    writer.write(reading)
    await writer.idle()
    expect(failures).toEqual([])
    expect(await readingStored(reading)).toBe(true)
    expect(await feverAlerts(personId)).toEqual([1])
  })

  it('never stores the fever reading without its alert when the alert cannot be written', async () => {
    await injectFailure('always')
    const writer = new ReadingWriter(ctx.deps.db, 100, (error) => failures.push(error))
    const personId = await newPerson()
    const reading = fever(personId)
    const telemetry: Reading = { ...fever(personId), value: 36.6, alerts: [] }
    writer.write(reading)
    writer.write(telemetry)
    await writer.idle()
    expect(failures).toEqual([expect.objectContaining({ code: '40001' })])
    expect(await readingStored(reading)).toBe(false)
    expect(await feverAlerts(personId)).toEqual([])
    // Readings that raise nothing do not depend on the alert path.
    expect(await readingStored(telemetry)).toBe(true)
  })

  it('fails only the reading whose alert fails on its data; the others are stored, each with its alert', async () => {
    await injectFailure('23514')
    const writer = new ReadingWriter(ctx.deps.db, 100, (error) => failures.push(error))
    const personId = await newPerson()
    const readings = [fever(personId), fever(personId), fever(personId)]
    for (const r of readings) writer.write(r)
    await writer.idle()
    // The first alert insert fails on a constraint (a data error, not retried as a blip): that
    // reading alone is refused, whichever batch it was in.
    expect(failures).toEqual([expect.objectContaining({ code: '23514' })])
    const stored = await Promise.all(readings.map(readingStored))
    expect(stored.filter(Boolean)).toHaveLength(2)
    expect(await feverAlerts(personId)).toEqual([2])
  })
})
