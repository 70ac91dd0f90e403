import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { anyOf } from './any.ts'

describe(`anyOf on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('matches from a list longer than the protocol’s 65,535 parameters', async () => {
    const area = await ctx.deps.db
      .insertInto('area')
      .values({ code: '330300000000', name: '温州市', level: 'city', path: '/330300000000/', parent_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const ids = Array.from({ length: 70_000 }, (_, i) => (i === 69_999 ? area.id : randomUUID()))
    const rows = await ctx.deps.db.selectFrom('area').select(['id', 'name']).where('id', '=', anyOf(ids, 'uuid')).execute()
    expect(rows).toEqual([{ id: area.id, name: '温州市' }])
    const byCode = await ctx.deps.db
      .selectFrom('area')
      .select('name')
      .where('code', '=', anyOf(['330300000000', 'a,"b', ''], 'text'))
      .execute()
    expect(byCode).toEqual([{ name: '温州市' }])
  })

  it('matches nothing from an empty list (where IN () would be a syntax error)', async () => {
    const rows = await ctx.deps.db.selectFrom('area').select('id').where('id', '=', anyOf([], 'uuid')).execute()
    expect(rows).toEqual([])
  })
})
