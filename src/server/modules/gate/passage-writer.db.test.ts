import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree } from '../../../../test/factories.ts'
import { PassageWriter } from './passage-writer.ts'

describe(`PassageWriter on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let row: (overrides?: Record<string, unknown>) => Parameters<PassageWriter['write']>[0]

  beforeAll(async () => {
    ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    const checkpoint = await ctx.deps.db
      .insertInto('checkpoint')
      .values({ area_id: tree.villageA.id, name: 'gate', address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    row = (overrides = {}) => ({
      client_scan_id: randomUUID(),
      checkpoint_id: checkpoint.id,
      area_id: tree.villageA.id,
      device_id: 'd',
      scanned_at: new Date(),
      code_format: 'gridline',
      code_reason: 'OK',
      person_id: null,
      colour: 'green',
      temperature: 36.5,
      property_id: null,
      decision: 'admit',
      reasons: 'HEALTH_GREEN',
      guard_account_id: null,
      ...overrides,
    })
  })
  afterAll(() => ctx.close())

  it('commits a burst of passages in batches and answers each with its id', async () => {
    const writer = new PassageWriter(ctx.deps.db, { maxBatch: 50 })
    const rows = Array.from({ length: 120 }, () => row())
    const ids = await Promise.all(rows.map((r) => writer.write(r)))
    expect(new Set(ids).size).toBe(120)
    const stored = await ctx.deps.db
      .selectFrom('passage')
      .select('client_scan_id')
      .where(
        'client_scan_id',
        'in',
        rows.map((r) => r.client_scan_id),
      )
      .execute()
    expect(stored).toHaveLength(120)
  })

  it('answers null for a scan id already stored or repeated in the same batch', async () => {
    const writer = new PassageWriter(ctx.deps.db)
    const first = row()
    expect(await writer.write(first)).toEqual(expect.any(String))
    const again = await Promise.all([writer.write({ ...first }), writer.write({ ...first })])
    expect(again).toEqual([null, null])
    const fresh = row()
    const [a, b] = await Promise.all([writer.write(fresh), writer.write({ ...fresh })])
    expect(a).toEqual(expect.any(String))
    expect(b).toBeNull()
  })

  it('fails only the bad row of a batch, and commits the others', async () => {
    const writer = new PassageWriter(ctx.deps.db)
    const good = [row(), row()]
    const bad = row({ person_id: randomUUID() }) // no such person: a foreign-key violation
    const results = await Promise.allSettled([writer.write(good[0]!), writer.write(bad), writer.write(good[1]!)])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const stored = await ctx.deps.db
      .selectFrom('passage')
      .select('client_scan_id')
      .where(
        'client_scan_id',
        'in',
        [...good, bad].map((r) => r.client_scan_id),
      )
      .execute()
    expect(stored.map((s) => s.client_scan_id).sort()).toEqual(good.map((g) => g.client_scan_id).sort())
  })
})
