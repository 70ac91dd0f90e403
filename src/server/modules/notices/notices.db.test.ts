import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NoticeInput, PublicNotice, PublicNoticeList, StaffNotice } from '../../../shared/schemas/notices.ts'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { sessionCookie } from '../../../../test/enterprise-factories.ts'
import { createAreaTree, createTestAccount } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { createArea } from '../area/area.service.ts'

describe(`public notices on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let ouhaiId: string
  let quxiCode: string
  const cookies: Record<'admin' | 'policy' | 'lucheng' | 'leader' | 'gridworker', string> = {
    admin: '',
    policy: '',
    lucheng: '',
    leader: '',
    gridworker: '',
  }

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    ouhaiId = tree.otherDistrict.id
    const quxi = await createArea(ctx.deps.db, null, {
      code: '330304005000',
      name: '瞿溪街道',
      level: 'street',
      parentCode: '330304000000',
    })
    quxiCode = quxi.code
    const lucheng = await createArea(ctx.deps.db, null, {
      code: '330302000000',
      name: '鹿城区',
      level: 'district',
      parentCode: tree.city.code,
    })
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    await createTestAccount(ctx.deps, 'policy', 'policy_officer', ouhaiId)
    await createTestAccount(ctx.deps, 'lucheng', 'policy_officer', lucheng.id)
    await createTestAccount(ctx.deps, 'leader', 'leader', tree.city.id)
    await createTestAccount(ctx.deps, 'gridworker', 'grid_worker', tree.villageA.id)
    for (const name of Object.keys(cookies) as (keyof typeof cookies)[]) cookies[name] = await sessionCookie(ctx.deps, name)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const input = (overrides: Partial<NoticeInput> = {}): NoticeInput => ({
    title: '测试公告',
    body: '这是一则测试公告的正文。',
    category: 'announcement',
    keywords: ['测试'],
    areaId: ouhaiId,
    office: '瓯海区人民政府办公室',
    ...overrides,
  })
  const create = async (overrides: Partial<NoticeInput> = {}, cookie = cookies.policy) => {
    const response = await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie }, payload: input(overrides) })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as StaffNotice
  }
  const act = (id: string, action: 'publish' | 'withdraw', cookie = cookies.policy) =>
    app.inject({ method: 'POST', url: `/api/notices/${id}/${action}`, headers: { cookie } })
  const published = async (overrides: Partial<NoticeInput> = {}, cookie = cookies.policy) => {
    const notice = await create(overrides, cookie)
    const response = await act(notice.id, 'publish', cookie)
    expect(response.statusCode, response.body).toBe(200)
    return response.json() as StaffNotice
  }
  const publicList = async (query: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'GET', url: '/api/public/notices', query: { pageSize: '50', ...query } })
    expect(response.statusCode, response.body).toBe(200)
    return response.json() as PublicNoticeList
  }
  const search = async (q: string, query: Record<string, string> = {}) => (await publicList({ q, ...query })).items.map((n) => n.title)
  const publicDetail = (id: string) => app.inject({ method: 'GET', url: `/api/public/notices/${id}` })

  describe('lifecycle', () => {
    it('keeps a draft off the public pages until it is published, and withdraws it again', async () => {
      const draft = await create({ title: '生命周期公告', keywords: ['生命周期'] })
      expect(draft).toMatchObject({ state: 'draft', publishedAt: null, allowedActions: ['edit', 'publish'] })
      expect((await publicDetail(draft.id)).statusCode).toBe(404)
      expect(await search('生命周期')).toEqual([])

      const publishedNotice = (await act(draft.id, 'publish')).json() as StaffNotice
      expect(publishedNotice).toMatchObject({ state: 'published', allowedActions: ['edit', 'withdraw'] })
      expect(Date.parse(publishedNotice.publishedAt!)).toBeGreaterThan(Date.now() - 60_000)
      expect(await search('生命周期')).toEqual(['生命周期公告'])
      expect((await publicDetail(draft.id)).json()).toMatchObject({ title: '生命周期公告', office: '瓯海区人民政府办公室' })

      // Editing a published notice changes the public page at once and keeps it published.
      const edited = await app.inject({
        method: 'PUT',
        url: `/api/notices/${draft.id}`,
        headers: { cookie: cookies.policy },
        payload: input({ title: '生命周期公告（修订）', keywords: ['生命周期'] }),
      })
      expect(edited.json()).toMatchObject({ state: 'published', title: '生命周期公告（修订）', updatedBy: 'policy' })
      expect(await search('修订')).toEqual(['生命周期公告（修订）'])

      const withdrawn = await act(draft.id, 'withdraw')
      expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', allowedActions: ['publish'] })
      expect((await publicDetail(draft.id)).statusCode).toBe(404)
      expect(await search('生命周期')).toEqual([])

      // Published again, it keeps its first publication date.
      const again = (await act(draft.id, 'publish')).json() as StaffNotice
      expect(again.publishedAt).toBe(publishedNotice.publishedAt)
    })

    it('refuses actions the state does not allow with 409', async () => {
      const draft = await create()
      const withdrawDraft = await act(draft.id, 'withdraw')
      expect(withdrawDraft.statusCode).toBe(409)
      expect(withdrawDraft.json().code).toBe('NOTICE_ILLEGAL_TRANSITION')
      await act(draft.id, 'publish')
      expect((await act(draft.id, 'publish')).statusCode).toBe(409)
      await act(draft.id, 'withdraw')
      const editWithdrawn = await app.inject({
        method: 'PUT',
        url: `/api/notices/${draft.id}`,
        headers: { cookie: cookies.policy },
        payload: input(),
      })
      expect(editWithdrawn.statusCode).toBe(409)
    })

    it('lets two officers publish the same draft at once exactly once', async () => {
      const draft = await create({ title: '并发发布' })
      const results = await Promise.all([act(draft.id, 'publish'), act(draft.id, 'publish', cookies.admin)])
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    })
  })

  describe('public list', () => {
    it('shows only published notices that have not ended, newest first', async () => {
      const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
      await create({ title: '在期草稿', keywords: ['在期'] })
      await published({ title: '已过期公告', keywords: ['在期'], effectiveFrom: '2020-02-01', effectiveTo: yesterday })
      await published({ title: '今日到期公告', keywords: ['在期'], effectiveTo: today })
      await published({ title: '长期有效公告', keywords: ['在期'] })
      const list = await publicList({ q: '在期' })
      expect(list.items.map((n) => n.title)).toEqual(['长期有效公告', '今日到期公告'])
      expect(list.total).toBe(2)
      // The desk still lists them all.
      const desk = await app.inject({ method: 'GET', url: '/api/notices', query: { q: '在期' }, headers: { cookie: cookies.policy } })
      expect(desk.json().total).toBe(4)
    })

    it('filters by category and by the area a reader is in (the notices of the nodes above apply too)', async () => {
      await published({ title: '瓯海用工公告', category: 'recruitment', keywords: ['区域过滤'] })
      const yueqing = await ctx.deps.db.selectFrom('area').select('id').where('code', '=', '330382000000').executeTakeFirstOrThrow()
      await published({ title: '乐清公告', keywords: ['区域过滤'], areaId: yueqing.id, office: '乐清市人民政府办公室' }, cookies.admin)
      expect(await search('区域过滤', { category: 'recruitment' })).toEqual(['瓯海用工公告'])
      expect(await search('区域过滤', { area: quxiCode })).toEqual(['瓯海用工公告'])
      expect((await search('区域过滤', { area: '330300000000' })).sort()).toEqual(['乐清公告', '瓯海用工公告'].sort())
      expect(await search('区域过滤', { area: '330399000000' })).toEqual([])
    })
  })

  describe('Chinese search', () => {
    beforeAll(async () => {
      await published({
        title: '战“疫”专项贷款贴息资金申报指南',
        body: '区财政明确出资5000万元设立战“疫”专项贷款贴息资金，最快一天到位。政策编号 OH-2020-01。',
        category: 'policy',
        keywords: ['金融支持', '惠企政策'],
      })
      await published({
        title: '关于减免国有资产经营用房租金的通知',
        body: '对承租区属国有资产经营用房的企业实行租金减免，减轻经营压力。',
        category: 'policy',
        keywords: ['租金减免', '惠企政策'],
      })
      await published({
        title: '外出招工专班招募务工人员',
        body: '20个招工专班分赴110个地区开展招工，每个专班计划招工不少于2000人。',
        category: 'recruitment',
        keywords: ['招工'],
      })
      await published({
        title: '企业融资政策问答',
        body: '第二问：如何申请贷款贴息？答：在线申报即可。',
        category: 'guide',
        keywords: ['金融支持'],
      })
    })

    it('finds 贷款贴息 and 贴息 in the loan-interest notice, title matches before body matches', async () => {
      expect(await search('贷款贴息')).toEqual(['战“疫”专项贷款贴息资金申报指南', '企业融资政策问答'])
      expect(await search('贴息')).toEqual(['战“疫”专项贷款贴息资金申报指南', '企业融资政策问答'])
    })

    it('finds the loan-interest notice with 战疫 and 战疫专项 although quotes stand between the characters', async () => {
      expect(await search('战疫专项')).toEqual(['战“疫”专项贷款贴息资金申报指南'])
      expect(await search('战疫')).toEqual(['战“疫”专项贷款贴息资金申报指南'])
      expect(await search('战“疫”专项')).toEqual(['战“疫”专项贷款贴息资金申报指南'])
    })

    it('ranks a quoted title match before a newer notice that has the words only in its body', async () => {
      await published({ title: '常见问题解答', body: '战疫专项问答：哪些企业可以申请？', category: 'guide', keywords: ['问答'] })
      expect(await search('战疫专项')).toEqual(['战“疫”专项贷款贴息资金申报指南', '常见问题解答'])
      expect(await search('战“疫”')).toEqual(['战“疫”专项贷款贴息资金申报指南', '常见问题解答'])
    })

    it('finds the rent waiver with 租金减免 and the recruitment notice with 招工', async () => {
      expect(await search('租金减免')).toEqual(['关于减免国有资产经营用房租金的通知'])
      expect(await search('招工')).toEqual(['外出招工专班招募务工人员'])
    })

    it('does not match 贷款利息 against a text that only says 贷款贴息', async () => {
      expect(await search('贷款利息')).toEqual([])
    })

    it('matches full-width digits and letters with half-width ones', async () => {
      expect(await search('ＯＨ－２０２０－０１')).toEqual(['战“疫”专项贷款贴息资金申报指南'])
      expect(await search('５０００万元')).toEqual(['战“疫”专项贷款贴息资金申报指南'])
    })

    it('shows the part of the body where the query is in the excerpt', async () => {
      const [first] = (await publicList({ q: '租金减免' })).items
      expect(first!.excerpt).toContain('租金减免')
    })

    it('answers an empty or punctuation-only query with 400 and a message on q', async () => {
      for (const q of ['', '，。！？', '   ']) {
        const response = await app.inject({
          method: 'GET',
          url: '/api/public/notices',
          query: { q },
          headers: { 'accept-language': 'zh-CN' },
        })
        expect(response.statusCode).toBe(400)
        expect(response.headers['content-type']).toContain('application/problem+json')
        expect(response.json().errors).toEqual([
          { field: 'q', code: 'notice.queryEmpty', message: '请输入要搜索的文字（标点符号无法搜索）' },
        ])
      }
    })
  })

  describe('related notices', () => {
    it('ranks other published notices by shared keywords, then the newest, and leaves out drafts and itself', async () => {
      const main = await published({ title: '主公告', keywords: ['甲', '乙', '丙'] })
      const one = await published({ title: '共享一个', keywords: ['甲', '无关'] })
      const twoOld = await published({ title: '共享两个（早）', keywords: ['甲', '乙'] })
      const twoNew = await published({ title: '共享两个（新）', keywords: ['乙', '丙'] })
      await create({ title: '草稿共享三个', keywords: ['甲', '乙', '丙'] })
      await published({ title: '不共享', keywords: ['丁'] })
      const detail = (await publicDetail(main.id)).json() as PublicNotice
      expect(detail.related.map((n) => n.title)).toEqual([twoNew.title, twoOld.title, one.title])
    })

    it('lists at most five', async () => {
      const main = await published({ title: '热门主题', keywords: ['热门'] })
      for (let i = 0; i < 6; i++) await published({ title: `热门${i}`, keywords: ['热门'] })
      const detail = (await publicDetail(main.id)).json() as PublicNotice
      expect(detail.related.map((n) => n.title)).toEqual(['热门5', '热门4', '热门3', '热门2', '热门1'])
    })
  })

  describe('area scope and roles', () => {
    it('answers 404 when a Lucheng officer reads, edits, publishes or withdraws an Ouhai notice', async () => {
      const notice = await published({ title: '瓯海专属' })
      const headers = { cookie: cookies.lucheng }
      expect((await app.inject({ method: 'GET', url: `/api/notices/${notice.id}`, headers })).statusCode).toBe(404)
      expect(
        (await app.inject({ method: 'PUT', url: `/api/notices/${notice.id}`, headers, payload: input({ title: '被篡改' }) })).statusCode,
      ).toBe(404)
      expect((await act(notice.id, 'withdraw', cookies.lucheng)).statusCode).toBe(404)
      const list = await app.inject({ method: 'GET', url: '/api/notices', headers })
      expect(list.json().items.map((n: StaffNotice) => n.id)).not.toContain(notice.id)
      expect(((await publicDetail(notice.id)).json() as PublicNotice).title).toBe('瓯海专属')
    })

    it('refuses to write a notice for an area outside the scope, on the areaId field', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie: cookies.lucheng }, payload: input() })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].field).toBe('areaId')
    })

    it('lets a leader read the desk but not write, and keeps other roles out', async () => {
      const notice = await create({ title: '领导只读' })
      const read = await app.inject({ method: 'GET', url: `/api/notices/${notice.id}`, headers: { cookie: cookies.leader } })
      expect(read.json()).toMatchObject({ title: '领导只读', allowedActions: [] })
      expect((await act(notice.id, 'publish', cookies.leader)).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/notices', headers: { cookie: cookies.gridworker } })).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/notices' })).statusCode).toBe(401)
    })
  })

  describe('validation', () => {
    it('answers problem+json naming each bad field, in the reader’s language', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/notices',
        headers: { cookie: cookies.policy, 'accept-language': 'en' },
        payload: input({
          title: '',
          keywords: Array.from({ length: 11 }, (_, i) => `词${i}`),
          link: 'https://example.com/phish',
          effectiveFrom: '2020-03-01',
          effectiveTo: '2020-02-01',
        }),
      })
      expect(response.statusCode).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      const errors = response.json().errors as { field: string; code: string; message: string }[]
      expect(Object.fromEntries(errors.map((e) => [e.field, e.code]))).toEqual({
        title: 'required',
        keywords: 'notice.keywordsCount',
        link: 'notice.link',
        effectiveTo: 'notice.effectiveOrder',
      })
      expect(errors.find((e) => e.field === 'link')!.message).toContain('Gridline address')
    })

    it('refuses a keyword given twice', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/notices',
        headers: { cookie: cookies.policy },
        payload: input({ keywords: ['招工', '招工'] }),
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().errors[0]).toMatchObject({ field: 'keywords', code: 'notice.keywordsDuplicate' })
    })
  })
})
