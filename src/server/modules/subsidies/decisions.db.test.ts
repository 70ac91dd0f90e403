import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { enterpriseInput } from '../../../../test/enterprise-factories.ts'
import {
  actorFor,
  createSubsidyWorld,
  currentMonth,
  documentFile,
  type openVersion,
  payee,
  publishedPolicy,
} from '../../../../test/subsidy-core-fixtures.ts'
import { buildApp } from '../../app.ts'
import { submitApplication } from './applications.service.ts'
import { decideApplication } from './decisions.service.ts'

describe(`subsidy approvals on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createSubsidyWorld>>
  let serial = 0

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createSubsidyWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const twoLevels = [
    { nameZh: '街道初审', nameEn: 'Street review' },
    { nameZh: '区级复审', nameEn: 'District review' },
  ]
  const decide = (cookie: string, id: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/subsidies/applications/${id}/decision`, headers: { cookie }, payload })
  const policyDetail = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/subsidies/policies/${id}`, headers: { cookie: world.cookies.policy } })).json()

  /** A fresh published policy and enterprise A's application to it. */
  async function applicationTo(version: Parameters<typeof openVersion>[0] = {}, budgetFen?: number) {
    const policy = await publishedPolicy(app, world.cookies.policy, { code: `T-D${++serial}`, version, budgetFen })
    const response = await app.inject({
      method: 'POST',
      url: '/api/subsidies/applications',
      headers: { cookie: world.cookies.entA },
      payload: { policyId: policy.id, period: currentMonth, inputs: { interestPaid: 1000 }, payee, documents: [documentFile('contract')] },
    })
    if (response.statusCode !== 201) throw new Error(response.body)
    return { policyId: policy.id, application: response.json() as { id: string; amountFen: number } }
  }

  it('two levels in order, by two different officers; the last approval commits the amount against the budget', async () => {
    const { policyId, application } = await applicationTo({ approvalLevels: twoLevels })
    expect((await decide(world.cookies.policy, application.id, { decision: 'approve', level: 2 })).json().code).toBe(
      'subsidy.levelAlreadyDecided',
    )
    const first = await decide(world.cookies.policy, application.id, { decision: 'approve', level: 1, note: '材料齐全' })
    expect(first.json()).toMatchObject({ state: 'submitted', pendingLevel: 2 })
    expect((await policyDetail(policyId)).committedFen).toBe(0)

    // Four eyes: the officer of level 1 may not approve level 2, and does not see it as a to-do.
    const same = await decide(world.cookies.policy, application.id, { decision: 'approve', level: 2 })
    expect(same.statusCode).toBe(409)
    expect(same.json().code).toBe('subsidy.sameOfficer')
    const todo1 = await app.inject({
      method: 'GET',
      url: '/api/subsidies/applications?view=todo',
      headers: { cookie: world.cookies.policy },
    })
    expect(todo1.json().items.map((a: { id: string }) => a.id)).not.toContain(application.id)
    const todo2 = await app.inject({
      method: 'GET',
      url: '/api/subsidies/applications?view=todo',
      headers: { cookie: world.cookies.policy2 },
    })
    expect(todo2.json().items.map((a: { id: string }) => a.id)).toContain(application.id)

    // Level 1 again (a stale screen) is refused.
    expect((await decide(world.cookies.policy2, application.id, { decision: 'approve', level: 1 })).json().code).toBe(
      'subsidy.levelAlreadyDecided',
    )
    const second = await decide(world.cookies.policy2, application.id, { decision: 'approve', level: 2 })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json()).toMatchObject({ state: 'approved', pendingLevel: null })
    expect(second.json().approvedAt).not.toBeNull()
    expect(
      second.json().history.map((h: { action: string; level: number | null; actorName: string }) => [h.action, h.level, h.actorName]),
    ).toEqual([
      ['submit', null, 'ent-a'],
      ['approve', 1, 'policy'],
      ['approve', 2, 'policy2'],
    ])
    expect((await policyDetail(policyId)).committedFen).toBe(application.amountFen)
    // Decided is decided.
    expect((await decide(world.cookies.admin, application.id, { decision: 'reject', level: 2, note: '晚了' })).statusCode).toBe(409)
  })

  it('return with a reason → the enterprise resubmits with new inputs → round 2 starts at level 1; the same officer may approve again', async () => {
    const { application } = await applicationTo({ approvalLevels: twoLevels })
    await decide(world.cookies.policy, application.id, { decision: 'approve', level: 1 })
    const noReason = await decide(world.cookies.policy2, application.id, { decision: 'return', level: 2 })
    expect(noReason.statusCode).toBe(400)
    const returned = await decide(world.cookies.policy2, application.id, { decision: 'return', level: 2, note: '请补充付息凭证' })
    expect(returned.json()).toMatchObject({ state: 'returned', pendingLevel: null, lastNote: '请补充付息凭证' })

    // Only a returned application can be resubmitted; the enterprise's answer is pre-checked again.
    const bad = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${application.id}/resubmit`,
      headers: { cookie: world.cookies.entA },
      payload: { inputs: {}, payee, documents: [] },
    })
    expect(bad.json().errors).toMatchObject([{ field: 'inputs.interestPaid', code: 'subsidy.input.required' }])
    const resubmitted = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${application.id}/resubmit`,
      headers: { cookie: world.cookies.entA },
      payload: { inputs: { interestPaid: 800 }, payee, documents: [documentFile('contract')], note: '已补充' },
    })
    expect(resubmitted.statusCode, resubmitted.body).toBe(200)
    expect(resubmitted.json()).toMatchObject({ state: 'submitted', pendingLevel: 1, amountFen: 40_000, lastNote: '已补充' })
    expect(resubmitted.json().documents).toHaveLength(1)
    // Round 2: the officer of round 1's level 1 may decide again.
    expect((await decide(world.cookies.policy, application.id, { decision: 'approve', level: 1 })).json().pendingLevel).toBe(2)
    expect((await decide(world.cookies.policy2, application.id, { decision: 'approve', level: 2 })).json().state).toBe('approved')
    // An approved application can no longer be withdrawn.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/subsidies/applications/${application.id}/withdraw`,
          headers: { cookie: world.cookies.entA },
        })
      ).json().code,
    ).toBe('subsidy.illegalState')
  })

  it('an officer who filed (or refiled) for an enterprise cannot approve that round: 409 subsidy.ownFiling, another officer can', async () => {
    const policy = await publishedPolicy(app, world.cookies.policy, { code: `T-D${++serial}` })
    const filed = await app.inject({
      method: 'POST',
      url: '/api/subsidies/applications',
      headers: { cookie: world.cookies.policy, 'accept-language': 'en' },
      payload: {
        policyId: policy.id,
        enterpriseId: world.enterpriseA.id,
        period: currentMonth,
        inputs: { interestPaid: 1000 },
        payee,
        documents: [documentFile('contract')],
      },
    })
    expect(filed.statusCode, filed.body).toBe(201)
    const id = filed.json().id as string
    const own = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${id}/decision`,
      headers: { cookie: world.cookies.policy, 'accept-language': 'en' },
      payload: { decision: 'approve', level: 1 },
    })
    expect(own.statusCode).toBe(409)
    expect(own.json()).toMatchObject({
      code: 'subsidy.ownFiling',
      title: 'You filed this application: another officer must approve it (four eyes)',
    })
    expect((await policyDetail(policy.id)).committedFen).toBe(0)
    const todo = await app.inject({
      method: 'GET',
      url: '/api/subsidies/applications?view=todo',
      headers: { cookie: world.cookies.policy },
    })
    expect(todo.json().items.map((a: { id: string }) => a.id)).not.toContain(id)

    // Returned, then refiled by the officer for the enterprise: round 2 is again the officer's own filing.
    expect((await decide(world.cookies.policy2, id, { decision: 'return', level: 1, note: '账号有误' })).json().state).toBe('returned')
    const refiled = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${id}/resubmit`,
      headers: { cookie: world.cookies.policy },
      payload: { inputs: { interestPaid: 1000 }, payee: { ...payee, accountNo: '6222000011112222' }, documents: [] },
    })
    expect(refiled.statusCode, refiled.body).toBe(200)
    expect((await decide(world.cookies.policy, id, { decision: 'approve', level: 1 })).json().code).toBe('subsidy.ownFiling')
    const approved = await decide(world.cookies.policy2, id, { decision: 'approve', level: 1 })
    expect(approved.json()).toMatchObject({ state: 'approved' })
    expect((await policyDetail(policy.id)).committedFen).toBe(approved.json().amountFen)
  })

  it('reject is final', async () => {
    const { application } = await applicationTo()
    expect((await decide(world.cookies.policy, application.id, { decision: 'reject', level: 1, note: '不符合条件' })).json().state).toBe(
      'rejected',
    )
    const resubmit = await app.inject({
      method: 'POST',
      url: `/api/subsidies/applications/${application.id}/resubmit`,
      headers: { cookie: world.cookies.entA },
      payload: { inputs: { interestPaid: 1 }, payee, documents: [] },
    })
    expect(resubmit.statusCode).toBe(409)
    expect((await decide(world.cookies.policy, application.id, { decision: 'approve', level: 1 })).statusCode).toBe(409)
  })

  it('scope: an officer of another district gets 404; an enterprise cannot decide (403)', async () => {
    const { application } = await applicationTo()
    expect((await decide(world.cookies.policyOther, application.id, { decision: 'approve', level: 1 })).statusCode).toBe(404)
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/subsidies/applications/${application.id}`,
          headers: { cookie: world.cookies.policyOther },
        })
      ).statusCode,
    ).toBe(404)
    expect((await decide(world.cookies.entA, application.id, { decision: 'approve', level: 1 })).statusCode).toBe(403)
    expect((await decide(world.cookies.liaison, application.id, { decision: 'approve', level: 1 })).statusCode).toBe(403)
  })

  it('approval beyond the budget is refused (409) and changes nothing; the budget cannot drop below what is committed', async () => {
    const { policyId, application } = await applicationTo({}, 60_000)
    const second = await app.inject({
      method: 'POST',
      url: '/api/subsidies/applications',
      headers: { cookie: world.cookies.entB },
      payload: { policyId, period: currentMonth, inputs: { interestPaid: 1000 }, payee, documents: [documentFile('contract')] },
    })
    expect((await decide(world.cookies.policy, application.id, { decision: 'approve', level: 1 })).json().state).toBe('approved')
    const refused = await decide(world.cookies.policy, second.json().id, { decision: 'approve', level: 1 })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('subsidy.budgetExhausted')
    const after = await app.inject({
      method: 'GET',
      url: `/api/subsidies/applications/${second.json().id}`,
      headers: { cookie: world.cookies.policy },
    })
    expect(after.json()).toMatchObject({ state: 'submitted', pendingLevel: 1, history: [{ action: 'submit' }] })
    expect((await policyDetail(policyId)).committedFen).toBe(50_000)

    const lower = await app.inject({
      method: 'PUT',
      url: `/api/subsidies/policies/${policyId}/budget`,
      headers: { cookie: world.cookies.policy },
      payload: { budgetFen: 49_999 },
    })
    expect(lower.statusCode).toBe(409)
    expect(lower.json().code).toBe('subsidy.budgetBelowCommitted')
    const raised = await app.inject({
      method: 'PUT',
      url: `/api/subsidies/policies/${policyId}/budget`,
      headers: { cookie: world.cookies.policy },
      payload: { budgetFen: 100_000 },
    })
    expect(raised.json().budgetFen).toBe(100_000)
    expect((await decide(world.cookies.policy, second.json().id, { decision: 'approve', level: 1 })).json().state).toBe('approved')
  })

  it('budget race: M applications approved in parallel against a budget for N → exactly N approved, the rest 409', async () => {
    const N = 3
    const M = 8
    const amountFen = 50_000
    const policy = await publishedPolicy(app, world.cookies.policy, {
      code: 'T-RACE',
      budgetFen: N * amountFen,
      version: { periodKind: 'once' },
    })
    const officer = await actorFor(ctx.deps, 'policy')
    // M enterprises, one application each (the policy is 'once'), filed by the officer for them.
    const ids: string[] = []
    for (let i = 0; i < M; i++) {
      const enterprise = await app.inject({
        method: 'POST',
        url: '/api/enterprise/registry',
        headers: { cookie: world.cookies.liaison },
        payload: enterpriseInput(world.tree.villageA.id, { name: `竞争企业${i}` }),
      })
      const { application } = await submitApplication(
        ctx.deps,
        officer,
        {
          policyId: policy.id,
          enterpriseId: enterprise.json().id,
          period: 'once',
          inputs: { interestPaid: 1000 },
          payee: { ...payee, accountNo: '120328110900001234' },
          documents: [documentFile('contract')],
        },
        'zh-CN',
      )
      ids.push(application.id)
    }
    // Each call runs its own transaction on its own pooled connection (PostgreSQL); PGlite runs them one by one.
    // Another officer approves: the one who filed may not (four eyes).
    const approver = await actorFor(ctx.deps, 'policy2')
    const outcomes = await Promise.allSettled(
      ids.map((id) => decideApplication(ctx.deps, approver, id, { decision: 'approve', level: 1 }, 'zh-CN')),
    )
    const approved = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(approved).toHaveLength(N)
    expect(refused).toHaveLength(M - N)
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'subsidy.budgetExhausted', status: 409 })
    const row = await ctx.deps.db
      .selectFrom('subsidy_policy')
      .select(['committed_fen', 'budget_fen'])
      .where('id', '=', policy.id)
      .executeTakeFirstOrThrow()
    expect(Number(row.committed_fen)).toBe(N * amountFen)
    expect(Number(row.committed_fen)).toBeLessThanOrEqual(Number(row.budget_fen))
    const states = await ctx.deps.db.selectFrom('subsidy_application').select('state').where('policy_id', '=', policy.id).execute()
    expect(states.filter((s) => s.state === 'approved')).toHaveLength(N)
    expect(states.filter((s) => s.state === 'submitted')).toHaveLength(M - N)
  })
})
