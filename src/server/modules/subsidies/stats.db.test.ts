import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, sessionCookie } from '../../../../test/enterprise-factories.ts'
import { createTestAccount } from '../../../../test/factories.ts'
import { insertApprovedApplication, insertPolicy } from '../../../../test/subsidy-fixtures.ts'
import { buildApp } from '../../app.ts'
import { shippedWorkCalendar } from '../enterprise/calendar.service.ts'
import { actorFor } from '../../../../test/subsidy-core-fixtures.ts'
import { writeResultFile } from './bank-file.ts'
import { approveBatch, exportBankFile, importBankResult } from './payouts.service.ts'
import { median, subsidyNumbers, workdaysToPay } from './stats.service.ts'

const china = (text: string) => new Date(`${text}+08:00`)

describe(`subsidy numbers on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>
  let officer: string
  let officerOther: string
  const policies = { loan: '', travel: '' }

  /**
   * March 2020 (Monday 2 March): loan-interest policy (promise 1 working day) paid the same day (0),
   * the next day (1), and Friday → Wednesday across a weekend (3); one approved, one failed. Travel
   * policy (promise 5) paid Friday → Thursday (4). Enterprise A is in village A, B in village B.
   */
  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
    await createTestAccount(ctx.deps, 'policy', 'policy_officer', world.tree.district.id)
    await createTestAccount(ctx.deps, 'policy2', 'policy_officer', world.tree.district.id)
    await createTestAccount(ctx.deps, 'policy-other', 'policy_officer', world.tree.otherDistrict.id)
    officer = await sessionCookie(ctx.deps, 'policy')
    officerOther = await sessionCookie(ctx.deps, 'policy-other')
    policies.loan = (
      await insertPolicy(ctx.deps.db, world.tree.district.id, { code: 'LQ-01', budgetFen: 5_000_000, version: { promiseWorkdays: 1 } })
    ).id
    policies.travel = (
      await insertPolicy(ctx.deps.db, world.tree.district.id, {
        code: 'LQ-04',
        budgetFen: 1_000_000,
        version: { title: '返工路费补贴', promiseWorkdays: 5 },
      })
    ).id

    const file = (policyId: string, enterprise: 'A' | 'B', amountFen: number, submitted: string) =>
      insertApprovedApplication(ctx.deps.db, {
        policyId,
        enterpriseId: enterprise === 'A' ? world.enterpriseA.id : world.enterpriseB.id,
        areaId: enterprise === 'A' ? world.tree.villageA.id : world.tree.villageB.id,
        amountFen,
        submittedAt: china(submitted),
      })
    const sameDay = await file(policies.loan, 'A', 10_000, '2020-03-02T09:00:00')
    const overWeekend = await file(policies.loan, 'A', 20_000, '2020-03-06T10:00:00')
    const nextDay = await file(policies.loan, 'B', 30_000, '2020-03-03T11:00:00')
    await file(policies.loan, 'B', 40_000, '2020-03-09T11:00:00')
    const failed = await file(policies.loan, 'A', 50_000, '2020-03-09T11:00:00')
    const travel = await file(policies.travel, 'B', 60_000, '2020-03-06T16:00:00')

    const batch = await app.inject({
      method: 'POST',
      url: '/api/subsidies/batches',
      headers: { cookie: officer },
      payload: { applicationIds: [sameDay.id, overWeekend.id, nextDay.id, failed.id, travel.id] },
    })
    expect(batch.statusCode, batch.body).toBe(201)
    const batchId = batch.json().id
    // Exported on Monday 2 March and the result read on Friday 13 March, as it happened then:
    // a settlement before the export day, or in the future, would be refused.
    // the district's second officer releases the bank file (four eyes)
    await approveBatch(ctx.deps, await actorFor(ctx.deps, 'policy2'), batchId, china('2020-03-02T11:00:00'))
    const actor = await actorFor(ctx.deps, 'policy')
    await exportBankFile(ctx.deps, actor, batchId, china('2020-03-02T12:00:00'))
    const detail = (await app.inject({ method: 'GET', url: `/api/subsidies/batches/${batchId}`, headers: { cookie: officer } })).json()
    const instruction = (id: string) => detail.paymentList.find((p: { applicationId: string }) => p.applicationId === id).id
    const csv = writeResultFile([
      { instructionId: instruction(sameDay.id), status: 'SUCCESS', bankReference: 'R1', settledAt: '2020-03-02 15:00:00' },
      { instructionId: instruction(overWeekend.id), status: 'SUCCESS', bankReference: 'R2', settledAt: '2020-03-11 10:00:00' },
      { instructionId: instruction(nextDay.id), status: 'SUCCESS', bankReference: 'R3', settledAt: '2020-03-04 09:30:00' },
      { instructionId: instruction(failed.id), status: 'FAILED', failureReason: '收款账户已销户' },
      { instructionId: instruction(travel.id), status: 'SUCCESS', bankReference: 'R4', settledAt: '2020-03-12 14:00:00' },
    ])
    const report = await importBankResult(ctx.deps, actor, batchId, csv, 'zh-CN', china('2020-03-13T09:00:00'))
    expect(report).toMatchObject({ paid: 4, failed: 1, errors: [] })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const stats = (cookie: string, query = '') => app.inject({ method: 'GET', url: `/api/subsidies/stats${query}`, headers: { cookie } })

  it('counts working days on China dates: same day 0, across a weekend only the working days', () => {
    const calendar = shippedWorkCalendar()
    expect(workdaysToPay(calendar, china('2020-03-02T09:00:00'), china('2020-03-02T15:00:00'))).toBe(0)
    expect(workdaysToPay(calendar, china('2020-03-06T10:00:00'), china('2020-03-11T10:00:00'))).toBe(3)
    // 23:30 UTC on 2 March is already 3 March in China: the next working day.
    expect(workdaysToPay(calendar, china('2020-03-02T09:00:00'), new Date('2020-03-02T23:30:00Z'))).toBe(1)
    // The 2020 Spring Festival, extended to 2 February: filed the day before it, paid the first day back.
    expect(workdaysToPay(calendar, china('2020-01-23T10:00:00'), china('2020-02-03T10:00:00'))).toBe(1)
    expect(median([3, 0, 1])).toBe(1)
    expect(median([0, 3])).toBe(1.5)
    expect(median([])).toBeNull()
  })

  it('gives the district its applications by state, amounts, the median and the share within the promise', async () => {
    const response = await stats(officer)
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json()
    expect(body.byState).toEqual({
      submitted: 0,
      returned: 0,
      rejected: 0,
      withdrawn: 0,
      approved: 1,
      paying: 0,
      paid: 4,
      payment_failed: 1,
    })
    expect(body.approvedFen).toBe(210_000)
    expect(body.paidFen).toBe(120_000)
    // Paid after 0, 1, 3 (loan) and 4 (travel) working days.
    expect(body.medianWorkdaysToPay).toBe(2)
    // Within promise: 0 ≤ 1, 1 ≤ 1, 4 ≤ 5; not 3 > 1.
    expect(body.withinPromise).toBe(0.75)
    expect(body.byPolicy).toEqual([
      {
        policyId: policies.loan,
        code: 'LQ-01',
        title: '战“疫”专项贷款贴息',
        budgetFen: 5_000_000,
        committedFen: 150_000,
        paidFen: 60_000,
        applications: 5,
        paid: 3,
        medianWorkdaysToPay: 1,
        promiseWorkdays: 1,
      },
      {
        policyId: policies.travel,
        code: 'LQ-04',
        title: '返工路费补贴',
        budgetFen: 1_000_000,
        committedFen: 60_000,
        paidFen: 60_000,
        applications: 1,
        paid: 1,
        medianWorkdaysToPay: 4,
        promiseWorkdays: 5,
      },
    ])
    // The function the home page calls gives the same figures.
    const district = await ctx.deps.db.selectFrom('area').select('path').where('id', '=', world.tree.district.id).executeTakeFirstOrThrow()
    expect(await subsidyNumbers(ctx.deps.db, { areaPath: district.path })).toEqual(body)
  })

  it('narrows to a node inside the caller’s area and refuses one outside it', async () => {
    const village = (await stats(officer, `?areaId=${world.tree.villageA.id}`)).json()
    expect(village.byState).toMatchObject({ paid: 2, payment_failed: 1, approved: 0 })
    expect(village.paidFen).toBe(30_000)
    expect(village.medianWorkdaysToPay).toBe(1.5)
    expect(village.withinPromise).toBe(0.5)
    expect(village.byPolicy.map((p: { code: string; applications: number }) => [p.code, p.applications])).toEqual([['LQ-01', 3]])

    const outside = await stats(officer, `?areaId=${world.tree.otherDistrict.id}`)
    expect(outside.statusCode).toBe(422)
    expect(outside.json().code).toBe('AREA_OUTSIDE_SCOPE')
  })

  it('shows another district nothing of ours', async () => {
    const body = (await stats(officerOther)).json()
    expect(Object.values(body.byState).every((n) => n === 0)).toBe(true)
    expect(body).toMatchObject({ approvedFen: 0, paidFen: 0, medianWorkdaysToPay: null, withinPromise: null, byPolicy: [] })
    expect((await stats(world.cookies.entA)).statusCode).toBe(403)
  })
})
