import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLinkedDatabase } from '../../../test/cuttable-link.ts'
import { testDatabaseKind } from '../../../test/db.ts'
import { createListener, type ListenGap } from './listen.ts'

/**
 * The LISTEN connection of a process, cut and restored through a TCP hop: `listen` must not
 * hang while PostgreSQL is away, must listen again once it is back, and must tell the subscriber
 * since when notices may be missing. PGlite cannot be cut off, so it skips these.
 */
describe.runIf(testDatabaseKind() === 'postgres')('createListener on postgres', () => {
  let database: Awaited<ReturnType<typeof createLinkedDatabase>>
  let listener: ReturnType<typeof createListener>

  beforeAll(async () => {
    database = await createLinkedDatabase()
    listener = createListener({ connectionString: database.linkedUrl, connectTimeoutMs: 1_000 })
  })
  afterAll(async () => {
    await listener?.close()
    await database?.drop()
  })

  const notify = async (channel: string, payload: string) => {
    const client = new pg.Client({ connectionString: database.directUrl })
    await client.connect()
    await client.query('SELECT pg_notify($1, $2)', [channel, payload])
    await client.end()
  }

  it('listens while the database is away without hanging, then hears notices once it is back and says since when it may have missed some', async () => {
    await database.link.cut()
    const heard: string[] = []
    const gaps: ListenGap[] = []
    const before = new Date()
    const stop = await listener.listen('gl_test_channel', (payload) => heard.push(payload), { onReconnect: (gap) => gaps.push(gap) })
    await notify('gl_test_channel', 'while away')

    await database.link.open()
    await expect.poll(() => gaps.length, { timeout: 20_000 }).toBe(1)
    expect(gaps[0]!.since.getTime()).toBeLessThanOrEqual(before.getTime())
    await notify('gl_test_channel', 'back')
    await expect.poll(() => heard, { timeout: 10_000 }).toEqual(['back'])

    // Cut again while listening: the subscriber is told once more, and hears again.
    await database.link.cut()
    await notify('gl_test_channel', 'lost')
    await database.link.open()
    await expect.poll(() => gaps.length, { timeout: 20_000 }).toBe(2)
    await notify('gl_test_channel', 'again')
    await expect.poll(() => heard, { timeout: 10_000 }).toEqual(['back', 'again'])
    await stop()
  })
})
