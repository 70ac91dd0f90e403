import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { importAreasCsv, listTree } from './area.service.ts'

const GOOD = `code,name,level,parent_code
330300000000,温州市,city,
330304005000,瞿溪街道,street,330304000000
330304000000,瓯海区,district,330300000000
330304005001,瞿溪社区,village,330304005000
330304005001001,瞿溪第一网格,grid,330304005001
`

describe(`importAreasCsv on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('imports nothing from a file with bad rows and names each bad line', async () => {
    const bad = `${GOOD}33030400500,短代码,village,330304005000\n330302000000,鹿城区,district,330399000000\n`
    const result = await importAreasCsv(ctx.deps.db, null, bad)
    expect(result.imported).toBe(0)
    expect([...new Set(result.errors.map((e) => e.line))]).toEqual([7, 8])
    expect(await ctx.deps.db.selectFrom('area').select('id').execute()).toEqual([])
  })

  it('imports a file whose parents come after their children, and builds the tree', async () => {
    const result = await importAreasCsv(ctx.deps.db, null, `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`)
    expect(result).toEqual({ imported: 5, errors: [] })
    const tree = await listTree(ctx.deps.db, { areaPath: '/330300000000/' })
    expect(tree.map((a) => `${a.level}:${a.name}`)).toEqual([
      'city:温州市',
      'district:瓯海区',
      'street:瞿溪街道',
      'village:瞿溪社区',
      'grid:瞿溪第一网格',
    ])
    expect(tree.at(-1)!.path).toBe('/330300000000/330304000000/330304005000/330304005001/330304005001001/')
  })

  it('can be run again without duplicating anything', async () => {
    const result = await importAreasCsv(ctx.deps.db, null, GOOD)
    expect(result.errors).toEqual([])
    expect(await ctx.deps.db.selectFrom('area').select('id').execute()).toHaveLength(5)
  })

  it('refuses a code whose prefix is not its parent’s', async () => {
    const result = await importAreasCsv(ctx.deps.db, null, 'code,name,level,parent_code\n330382001000,城东街道,street,330304000000\n')
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, field: 'code' })])
  })
})
