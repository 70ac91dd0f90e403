import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicNotice, PublicNoticeList } from '../../../shared/schemas/notices.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { buildApp } from '../../app.ts'
import { createArea } from '../area/area.service.ts'
import { seedNotices } from './seed.ts'
import { OUHAI_NOTICES } from './seed-data.ts'

describe(`Ouhai's demo notices on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const city = await createArea(ctx.deps.db, null, { code: '330300000000', name: '温州市', level: 'city', parentCode: null })
    const ouhai = await createArea(ctx.deps.db, null, { code: '330304000000', name: '瓯海区', level: 'district', parentCode: city.code })
    await ctx.deps.db.transaction().execute((trx) => seedNotices(trx, new Map([['330304000000', ouhai.id]])))
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const list = async (query: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/api/public/notices', query })).json() as PublicNoticeList
  const detail = async (id: string) => (await app.inject({ method: 'GET', url: `/api/public/notices/${id}` })).json() as PublicNotice

  it('publishes every notice of the report, newest first', async () => {
    const all = await list({ pageSize: '50' })
    expect(all.total).toBe(OUHAI_NOTICES.length)
    expect(all.items[0]!.title).toBe('惠企政策兑现办公室启用，兑现时限压缩至1天')
    expect(all.items.every((n) => n.areaName === '瓯海区')).toBe(true)
  })

  it('finds the loan-interest notice first for 贷款贴息, linked to its subsidy policy, with the 16 measures related', async () => {
    const found = await list({ q: '贷款贴息' })
    expect(found.items[0]!.title).toBe('战“疫”专项贷款贴息资金申报指南')
    const loan = await detail(found.items[0]!.id)
    expect(loan.link).toBe('/subsidies?policy=OH-2020-01')
    expect(loan.body).toContain('5000万元')
    expect(loan.related).toHaveLength(5)
    // It shares four keywords with the 16 measures: more than any other notice.
    expect(loan.related[0]).toMatchObject({
      title: '瓯海区关于支持企业共渡难关加快复工复产的“16条”扶持措施',
      documentNumber: '温瓯政办〔2020〕8号',
    })
  })

  it('finds the seeded loan-interest notice and the 16 measures for 战疫专项, across the quotes in their text', async () => {
    const found = await list({ q: '战疫专项' })
    expect(found.items.map((n) => n.title).sort()).toEqual(
      ['战“疫”专项贷款贴息资金申报指南', '瓯海区关于支持企业共渡难关加快复工复产的“16条”扶持措施'].sort(),
    )
  })

  it('lists the recruitment notices under 招工 and links them to the sign-up page', async () => {
    const found = await list({ q: '招工', category: 'recruitment' })
    expect(found.items.map((n) => n.title).sort()).toEqual(
      ['瓯海区“返岗直通车”接送外省员工返岗的公告', '瓯海区外出招工专班招募务工人员公告'].sort(),
    )
    for (const n of found.items) expect((await detail(n.id)).link).toBe('/join')
  })
})
