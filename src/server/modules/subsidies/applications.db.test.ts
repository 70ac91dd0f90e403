import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import {
  createSubsidyWorld,
  currentMonth,
  documentFile,
  openVersion,
  payee,
  publishedPolicy,
} from '../../../../test/subsidy-core-fixtures.ts'
import { addDays, chinaDate } from '../enterprise/work-calendar.ts'
import { buildApp } from '../../app.ts'
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/enterprise-problem.ts'
import { MAX_APPLICATION_DOCUMENTS } from '../../../shared/schemas/subsidies.ts'
import { APPLICATION_BODY_LIMIT } from './applications.routes.ts'

describe(`subsidy applications on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createSubsidyWorld>>
  let policyId: string
  let serial = 0

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createSubsidyWorld(ctx.deps, app)
    policyId = (await publishedPolicy(app, world.cookies.policy, { code: 'T-APPLY' })).id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const apply = (cookie: string, payload: object, language = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: '/api/subsidies/applications',
      headers: { cookie, 'accept-language': language },
      payload: {
        policyId,
        period: currentMonth,
        inputs: { interestPaid: 1234.57 },
        payee,
        documents: [documentFile('contract')],
        ...payload,
      },
    })
  /** A policy of its own per test, so one-per-period does not couple the tests. */
  const freshPolicy = (version: Parameters<typeof openVersion>[0] = {}, budgetFen?: number) =>
    publishedPolicy(app, world.cookies.policy, { code: `T-A${++serial}`, version, budgetFen })

  it('files an application: number, amount from the formula, pre-check results, the file and the history', async () => {
    const { id } = await freshPolicy()
    const response = await apply(world.cookies.entA, { policyId: id, note: '二月利息' })
    expect(response.statusCode, response.body).toBe(201)
    const application = response.json()
    expect(application).toMatchObject({
      policyId: id,
      policyVersion: 1,
      policyTitle: '专项贷款贴息',
      enterpriseName: '企业甲',
      state: 'submitted',
      pendingLevel: 1,
      levels: 1,
      amountFen: 61_728,
      inputs: { interestPaid: 1234.57 },
      payee: { accountName: '测试企业有限公司', accountNoMasked: '****2345' },
      paidAt: null,
      workdaysToPay: null,
    })
    expect(application.number).toMatch(new RegExp(`^HQ${chinaDate(new Date()).replace(/-/g, '')}-\\d{6}$`))
    expect(application.documents).toMatchObject([{ documentKey: 'contract', fileName: 'contract.pdf', contentType: 'application/pdf' }])
    expect(application.history).toMatchObject([{ action: 'submit', note: '二月利息', actorName: 'ent-a' }])
    // The enterprise sees its own; staff of the district see it; the document downloads as a file.
    const own = await app.inject({ method: 'GET', url: '/api/subsidies/applications', headers: { cookie: world.cookies.entA } })
    expect(own.json().items.map((a: { id: string }) => a.id)).toContain(application.id)
    const theirs = await app.inject({ method: 'GET', url: '/api/subsidies/applications', headers: { cookie: world.cookies.entB } })
    expect(theirs.json().items.map((a: { id: string }) => a.id)).not.toContain(application.id)
    const file = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications/${application.id}/documents/${application.documents[0].id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toMatch(/^attachment;/)
    expect(file.body).toBe('%PDF-1.4 contract')
    const entB = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications/${application.id}/documents/${application.documents[0].id}`,
      headers: { cookie: world.cookies.entB },
    })
    expect(entB.statusCode).toBe(404)
  })

  it('refuses an ineligible enterprise with each failing rule explained as a field error (zh and en)', async () => {
    const { id } = await freshPolicy({
      rules: [
        { fact: 'industry', op: 'in', values: ['food', 'other'] },
        { fact: 'staffOtherProvince', op: 'gte', number: 20 },
        { fact: 'staffTotal', op: 'lte', number: 100 },
      ],
    })
    const zh = await apply(world.cookies.entA, { policyId: id })
    expect(zh.statusCode).toBe(422)
    expect(zh.headers['content-type']).toContain('application/problem+json')
    expect(zh.json()).toMatchObject({
      code: 'subsidy.ineligible',
      title: '不符合本政策的申报条件',
      errors: [
        { field: 'policyId', code: 'subsidy.ineligible', message: '行业须为 食品、其他 之一；本企业为 电气 ✗' },
        { field: 'policyId', code: 'subsidy.ineligible', message: '员工总数须不多于 100 人；本企业 170 人 ✗' },
      ],
    })
    const en = await apply(world.cookies.entA, { policyId: id }, 'en')
    expect(en.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'Industry must be one of food, other; this enterprise: electrical ✗',
      'Total staff must be at most 100; this enterprise: 170 ✗',
    ])
  })

  it('refuses missing documents and invalid inputs, one field error each, and a zero amount', async () => {
    const response = await apply(world.cookies.entA, { documents: [], inputs: { interestPaid: 12.345 } })
    expect(response.statusCode).toBe(422)
    expect(response.json()).toMatchObject({ code: 'subsidy.invalidApplication', title: '申请内容不完整或有误，请按提示修改' })
    expect(response.json().errors).toEqual([
      { field: 'documents.contract', code: 'subsidy.documentMissing', message: '请上传此材料' },
      { field: 'inputs.interestPaid', code: 'subsidy.input.yuan', message: '金额须为不小于 0 的数，最多两位小数' },
    ])
    const zero = await apply(world.cookies.entA, { inputs: { interestPaid: 0 } })
    expect(zero.statusCode).toBe(422)
    expect(zero.json().errors).toMatchObject([{ field: 'inputs', code: 'subsidy.amountZero' }])
    const wrongPeriod = await apply(world.cookies.entA, { period: '2020-Q1' })
    expect(wrongPeriod.json().errors).toMatchObject([{ field: 'period', code: 'subsidy.periodKind' }])
  })

  it('refuses a document whose bytes are no picture, PDF or OFD whatever it claims, and names a disguised one by its bytes', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64')
    const refused = await apply(
      world.cookies.entA,
      { documents: [{ documentKey: 'contract', fileName: 'contract.pdf', contentType: 'application/pdf', contentBase64: html }] },
      'en',
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.json().errors).toEqual([
      { field: 'documents.contract', code: 'subsidy.documentType', message: 'Documents can only be PDF, OFD or JPG, PNG or WebP pictures' },
    ])

    const { id } = await freshPolicy()
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
    const filed = await apply(world.cookies.entA, {
      policyId: id,
      documents: [{ documentKey: 'contract', fileName: 'poly.html', contentType: 'text/html', contentBase64: png }],
    })
    expect(filed.statusCode, filed.body).toBe(201)
    expect(filed.json().documents).toMatchObject([{ fileName: 'poly.png', contentType: 'image/png' }])
    const file = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications/${filed.json().id}/documents/${filed.json().documents[0].id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(file.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' })
  })

  it('refuses outside the window and while not published', async () => {
    const yesterday = addDays(chinaDate(new Date()), -1)
    const { id } = await freshPolicy({ opensOn: addDays(yesterday, -30), closesOn: yesterday })
    const closed = await apply(world.cookies.entA, { policyId: id })
    expect(closed.statusCode).toBe(422)
    expect(closed.json()).toMatchObject({ code: 'subsidy.notOpen', errors: [{ field: 'policyId', code: 'subsidy.notOpen' }] })

    const open = await freshPolicy()
    await app.inject({
      method: 'POST',
      url: `/api/subsidies/policies/${open.id}/state`,
      headers: { cookie: world.cookies.policy },
      payload: { state: 'closed' },
    })
    expect((await apply(world.cookies.entA, { policyId: open.id })).json().code).toBe('subsidy.notOpen')
  })

  it('refuses a second live application for the same policy and period (409 naming the first), allows one after withdrawal or rejection', async () => {
    const { id } = await freshPolicy()
    const first = (await apply(world.cookies.entA, { policyId: id })).json()
    const second = await apply(world.cookies.entA, { policyId: id })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({
      code: 'subsidy.duplicateApplication',
      errors: [{ field: 'period', message: `本企业在该期次已有申请 ${first.number}，请勿重复申报` }],
    })
    // Staff filing for the same enterprise hit the same rule.
    expect((await apply(world.cookies.policy, { policyId: id, enterpriseId: world.enterpriseA.id })).statusCode).toBe(409)

    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${first.id}/withdraw`,
      headers: { cookie: world.cookies.entA },
    })
    expect(withdrawn.json().state).toBe('withdrawn')
    const again = await apply(world.cookies.entA, { policyId: id })
    expect(again.statusCode).toBe(201)
    const rejected = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${again.json().id}/decision`,
      headers: { cookie: world.cookies.policy },
      payload: { decision: 'reject', level: 1, note: '材料不实' },
    })
    expect(rejected.json().state).toBe('rejected')
    expect((await apply(world.cookies.entA, { policyId: id })).statusCode).toBe(201)
    // Another period is another application.
    expect((await apply(world.cookies.entA, { policyId: id, period: '2020-02' })).statusCode).toBe(201)
  })

  it('two submits at once for the same period: one is filed, the other is told about it (409)', async () => {
    const { id } = await freshPolicy()
    const both = await Promise.all([apply(world.cookies.entA, { policyId: id }), apply(world.cookies.entA, { policyId: id })])
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const list = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications?policyId=${id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(list.json().total).toBe(1)
  })

  it('returns the first application for a repeated idempotency key (200), without a second one', async () => {
    const { id } = await freshPolicy()
    const first = await apply(world.cookies.entA, { policyId: id, idempotencyKey: 'submit-key-0001' })
    expect(first.statusCode).toBe(201)
    const replay = await apply(world.cookies.entA, { policyId: id, idempotencyKey: 'submit-key-0001' })
    expect(replay.statusCode).toBe(200)
    expect(replay.json().id).toBe(first.json().id)
    const list = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications?policyId=${id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(list.json().total).toBe(1)
  })

  it('two submits at once with the same idempotency key both answer the one application (201 and 200)', async () => {
    // Several rounds: on PostgreSQL the twins race through the checks and the unique indexes.
    for (let round = 0; round < 4; round++) {
      const { id } = await freshPolicy()
      const key = `twin-key-${round}-0001`
      const both = await Promise.all([
        apply(world.cookies.entA, { policyId: id, idempotencyKey: key }),
        apply(world.cookies.entA, { policyId: id, idempotencyKey: key }),
      ])
      expect(both.map((r) => r.statusCode).sort(), both.map((r) => r.body).join('\n')).toEqual([200, 201])
      expect(both[0]!.json().id).toBe(both[1]!.json().id)
      const list = await app.inject({
        method: 'GET',
        url: `/api/subsidies/applications?policyId=${id}`,
        headers: { cookie: world.cookies.policy },
      })
      expect(list.json().total).toBe(1)
    }
  })

  it('accepts the most documents at the most size (10 × 2 MB); a larger body is a localized 413', async () => {
    const keys = Array.from({ length: MAX_APPLICATION_DOCUMENTS }, (_, i) => `doc${i}`)
    const { id } = await freshPolicy({ documents: keys.map((key) => ({ key, nameZh: `材料${key}`, nameEn: `Document ${key}` })) })
    const pdf = Buffer.alloc(MAX_ATTACHMENT_BYTES, 7)
    pdf.write('%PDF-1.7\n')
    const full = pdf.toString('base64')
    const documents = keys.map((documentKey) => ({
      documentKey,
      fileName: `${documentKey}.pdf`,
      contentType: 'application/pdf',
      contentBase64: full,
    }))
    const filed = await apply(world.cookies.entA, { policyId: id, documents })
    expect(filed.statusCode, filed.body.slice(0, 300)).toBe(201)
    expect(filed.json().documents.map((d: { size: number }) => d.size)).toEqual(keys.map(() => MAX_ATTACHMENT_BYTES))

    const tooLarge = (language: string) =>
      app.inject({
        method: 'POST',
        url: '/api/subsidies/applications',
        headers: { cookie: world.cookies.entA, 'content-type': 'application/json', 'accept-language': language },
        payload: 'x'.repeat(APPLICATION_BODY_LIMIT + 1),
      })
    const zh = await tooLarge('zh-CN')
    expect(zh.statusCode).toBe(413)
    expect(zh.headers['content-type']).toContain('application/problem+json')
    expect(zh.json()).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE', title: '提交的内容过大，请减少或压缩附件后重试' })
    expect((await tooLarge('en')).json().title).toBe('The request is too large: send fewer or smaller files')
  })

  it('staff apply on an enterprise’s behalf; an enterprise cannot apply for another, and an officer of another district cannot', async () => {
    const { id } = await freshPolicy()
    expect((await apply(world.cookies.policy, { policyId: id })).json()).toMatchObject({ code: 'subsidy.enterpriseNeeded' })
    const forB = await apply(world.cookies.policy, { policyId: id, enterpriseId: world.enterpriseB.id })
    expect(forB.statusCode).toBe(201)
    expect(forB.json().enterpriseName).toBe('企业乙')
    expect((await apply(world.cookies.entA, { policyId: id, enterpriseId: world.enterpriseB.id })).statusCode).toBe(404)
    expect((await apply(world.cookies.policyOther, { policyId: id, enterpriseId: world.enterpriseA.id })).statusCode).toBe(404)
    // A 瓯海 enterprise is outside a 乐清 policy.
    expect((await apply(world.cookies.admin, { policyId: id, enterpriseId: world.enterpriseOther.id })).statusCode).toBe(404)
  })

  it('an edit makes version 2; an application made under version 1 keeps version 1 and its amount', async () => {
    const { id } = await freshPolicy()
    const underV1 = (await apply(world.cookies.entA, { policyId: id })).json()
    const edited = await app.inject({
      method: 'POST',
      url: `/api/subsidies/policies/${id}/versions`,
      headers: { cookie: world.cookies.policy },
      payload: openVersion({ title: '专项贷款贴息（修订）', formula: { kind: 'share', input: 'interestPaid', rate: 0.8 } }),
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ currentVersion: 2, current: { title: '专项贷款贴息（修订）' } })
    expect(edited.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1])

    const kept = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications/${underV1.id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(kept.json()).toMatchObject({ policyVersion: 1, policyTitle: '专项贷款贴息', amountFen: 61_728 })
    const underV2 = (await apply(world.cookies.entB, { policyId: id })).json()
    expect(underV2).toMatchObject({ policyVersion: 2, policyTitle: '专项贷款贴息（修订）', amountFen: 98_765 })
  })

  it('lists eligibility for an enterprise: every published policy of its area, explained, with its existing application', async () => {
    const { id } = await freshPolicy({ rules: [{ fact: 'staffOtherProvince', op: 'gte', number: 20 }] })
    const draft = await app.inject({
      method: 'POST',
      url: '/api/subsidies/policies',
      headers: { cookie: world.cookies.policy },
      payload: { code: 'T-DRAFT', budgetFen: 100, version: openVersion() },
    })
    expect(draft.statusCode).toBe(201)
    const before = await app.inject({
      method: 'GET',
      url: '/api/subsidies/eligibility',
      headers: { cookie: world.cookies.entA, 'accept-language': 'en' },
    })
    expect(before.statusCode, before.body).toBe(200)
    const item = before.json().items.find((i: { policy: { id: string } }) => i.policy.id === id)
    expect(item).toMatchObject({
      eligible: true,
      open: true,
      existingApplicationId: null,
      results: [{ passed: true, actual: 120, explanation: 'Staff from other provinces must be at least 20; this enterprise: 120 ✓' }],
    })
    expect(before.json().items.some((i: { policy: { id: string } }) => i.policy.id === draft.json().id)).toBe(false)

    const filed = (await apply(world.cookies.entA, { policyId: id })).json()
    const after = await app.inject({ method: 'GET', url: '/api/subsidies/eligibility', headers: { cookie: world.cookies.entA } })
    expect(after.json().items.find((i: { policy: { id: string } }) => i.policy.id === id).existingApplicationId).toBe(filed.id)
    // The 瓯海 enterprise is not served by a 乐清 policy; staff ask by enterprise id.
    const other = await app.inject({
      method: 'GET',
      url: `/api/subsidies/eligibility?enterpriseId=${world.enterpriseOther.id}`,
      headers: { cookie: world.cookies.admin },
    })
    expect(other.json().items.some((i: { policy: { id: string } }) => i.policy.id === id)).toBe(false)
    // Enterprises never see drafts in the catalogue.
    const catalogue = await app.inject({
      method: 'GET',
      url: '/api/subsidies/policies?pageSize=200',
      headers: { cookie: world.cookies.entA },
    })
    expect(catalogue.json().items.every((p: { state: string }) => p.state === 'published')).toBe(true)
  })
})
