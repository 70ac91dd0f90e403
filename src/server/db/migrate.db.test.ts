import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { migrateToLatest } from './migrate.ts'

describe(`migrations on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('creates every table the modules declare', async () => {
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(ctx.deps.db)
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['account', 'area', 'audit_log', 'person', 'rental_property', 'session']),
    )
  })

  it('does nothing when run again', async () => {
    const result = await migrateToLatest(ctx.deps.db)
    expect(result.results).toEqual([])
  })

  it('keeps the audit log append-only in the database itself', async () => {
    await ctx.deps.db.insertInto('audit_log').values({ action: 'read', entity_type: 'person' }).execute()
    await expect(ctx.deps.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/)
    await expect(ctx.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    const rows = await ctx.deps.db.selectFrom('audit_log').select('action').execute()
    expect(rows).toEqual([{ action: 'read' }])
  })
})
