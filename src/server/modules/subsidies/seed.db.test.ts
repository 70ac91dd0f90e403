import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { login } from '../../../../test/factories.ts'
import { buildApp } from '../../app.ts'
import { DEMO_PASSWORD, loadDemoData } from '../../seed/demo.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'

describe(`subsidy demo data on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  const cookies: Record<string, string> = {}
  const get = async (who: string, url: string) =>
    (await app.inject({ method: 'GET', url: `/api/subsidies${url}`, headers: { cookie: cookies[who]! } })).json()

  beforeAll(async () => {
    ctx = await createTestContext()
    await loadDemoData(ctx.deps)
    app = await buildApp(ctx.deps, { logger: false })
    for (const who of ['policy', 'policy2', 'enterprise']) cookies[who] = await login(app, who, DEMO_PASSWORD)
  }, 180_000)
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('publishes Ouhai’s 16 measures, open today, the loan-interest fund with 50,000,000 yuan and a 1-working-day promise', async () => {
    const list = await get('policy', '/policies?pageSize=100')
    expect(list.items.map((p: { code: string }) => p.code)).toEqual(
      Array.from({ length: 16 }, (_, i) => `OH-2020-${String(i + 1).padStart(2, '0')}`),
    )
    const today = chinaDate(new Date())
    for (const p of list.items) {
      expect(p.state).toBe('published')
      expect(p.current.opensOn <= today && today <= p.current.closesOn).toBe(true)
      expect(p.committedFen).toBeLessThanOrEqual(p.budgetFen)
    }
    expect(list.items[0]).toMatchObject({
      areaName: '瓯海区',
      budgetFen: 5_000_000_000,
      current: { title: '战“疫”专项贷款贴息', promiseWorkdays: 1, approvalLevels: [{ nameZh: '区级审核' }] },
    })
    expect(list.items.some((p: { current: { approvalLevels: unknown[] } }) => p.current.approvalLevels.length === 2)).toBe(true)
  })

  it('has applications in every approval state, and committed budgets equal the approved amounts', async () => {
    const rows = await ctx.deps.db.selectFrom('subsidy_application').select(['state', 'pending_level', 'policy_id', 'amount_fen']).execute()
    for (const state of ['submitted', 'returned', 'rejected', 'withdrawn', 'approved'])
      expect(
        rows.some((r) => r.state === state),
        state,
      ).toBe(true)
    expect(rows.some((r) => r.state === 'submitted' && r.pending_level === 2)).toBe(true)
    const committed = new Map<string, number>()
    for (const r of rows)
      if (['approved', 'paying', 'paid', 'payment_failed'].includes(r.state))
        committed.set(r.policy_id, (committed.get(r.policy_id) ?? 0) + Number(r.amount_fen))
    const policies = await ctx.deps.db.selectFrom('subsidy_policy').select(['id', 'committed_fen']).execute()
    for (const p of policies) expect(Number(p.committed_fen)).toBe(committed.get(p.id) ?? 0)
    // Four eyes in the history too: nobody approved a round they filed.
    const own = await ctx.deps.db
      .selectFrom('subsidy_application_event as approval')
      .innerJoin('subsidy_application_event as filing', (join) =>
        join
          .onRef('filing.application_id', '=', 'approval.application_id')
          .onRef('filing.round', '=', 'approval.round')
          .onRef('filing.actor_account_id', '=', 'approval.actor_account_id'),
      )
      .select('approval.id')
      .where('approval.action', '=', 'approve')
      .where('filing.action', 'in', ['submit', 'resubmit'])
      .execute()
    expect(own).toEqual([])
  })

  it('gives the review officer a level-2 to-do the first officer cannot decide', async () => {
    const todo2 = await get('policy2', '/applications?view=todo&pageSize=200')
    const level2 = todo2.items.find((a: { pendingLevel: number }) => a.pendingLevel === 2)
    expect(level2).toBeDefined()
    const todo1 = await get('policy', '/applications?view=todo&pageSize=200')
    expect(todo1.items.map((a: { id: string }) => a.id)).not.toContain(level2.id)
  })

  it('leaves the demo enterprise free to apply for OH-2020-01 today, and shows why it cannot get the agricultural subsidy', async () => {
    const eligibility = await get('enterprise', '/eligibility')
    const loan = eligibility.items.find((i: { policy: { code: string } }) => i.policy.code === 'OH-2020-01')
    expect(loan).toMatchObject({ eligible: true, open: true, existingApplicationId: null })
    const farm = eligibility.items.find((i: { policy: { code: string } }) => i.policy.code === 'OH-2020-05')
    expect(farm.eligible).toBe(false)
    expect(farm.results.find((r: { passed: boolean }) => !r.passed).explanation).toBe('行业须为 食品、其他 之一；本企业为 眼镜 ✗')

    const applied = await app.inject({
      method: 'POST',
      url: '/api/subsidies/applications',
      headers: { cookie: cookies.enterprise! },
      payload: {
        policyId: loan.policy.id,
        period: `${chinaDate(new Date()).slice(0, 4)}-Q${Math.ceil(Number(chinaDate(new Date()).slice(5, 7)) / 3)}`,
        inputs: { loanAmount: 2_000_000, interestPaid: 23_456.78 },
        payee: { accountName: '温州市瓯海眼镜有限公司', bankName: '温州银行瓯海支行', accountNo: '6228480000000123456' },
        documents: ['loan_contract', 'interest_receipt'].map((documentKey) => ({
          documentKey,
          fileName: `${documentKey}.pdf`,
          contentType: 'application/pdf',
          contentBase64: 'JVBERi0xLjQ=',
        })),
      },
    })
    expect(applied.statusCode, applied.body).toBe(201)
    expect(applied.json()).toMatchObject({ amountFen: 1_172_839, state: 'submitted' })
  })
})
