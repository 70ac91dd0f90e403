import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, sessionCookie } from '../../../../test/enterprise-factories.ts'
import { createTestAccount } from '../../../../test/factories.ts'
import { insertApprovedApplication, insertPolicy } from '../../../../test/subsidy-fixtures.ts'
import { buildApp } from '../../app.ts'
import { shippedWorkCalendar } from '../enterprise/calendar.service.ts'
import { seedPayouts } from './seed-payouts.ts'
import { workdaysToPay } from './stats.service.ts'

describe(`demo payouts on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let policyId: string
  const now = new Date('2020-03-20T12:00:00+08:00')
  let summary: Awaited<ReturnType<typeof seedPayouts>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const world = await createEnterpriseWorld(ctx.deps, app)
    await createTestAccount(ctx.deps, 'policy', 'policy_officer', world.tree.district.id)
    await createTestAccount(ctx.deps, 'policy2', 'policy_officer', world.tree.district.id)
    policyId = (await insertPolicy(ctx.deps.db, world.tree.district.id)).id
    // Sixteen approvals over the three weeks before `now`, each an hour after filing.
    for (let i = 0; i < 16; i++) {
      const submittedAt = new Date(now.getTime() - (20 - i) * 86_400_000 - 3 * 3_600_000)
      const a = i % 2 === 0
      await insertApprovedApplication(ctx.deps.db, {
        policyId,
        enterpriseId: a ? world.enterpriseA.id : world.enterpriseB.id,
        areaId: a ? world.tree.villageA.id : world.tree.villageB.id,
        amountFen: 10_000 * (i + 1),
        submittedAt,
        approvedAt: new Date(submittedAt.getTime() + 3_600_000),
      })
    }
    summary = await ctx.deps.db.transaction().execute((trx) => seedPayouts(trx, { now }))
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('leaves the demo every application and batch state, consistent with the money', async () => {
    const db = ctx.deps.db
    const apps = await db.selectFrom('subsidy_application').selectAll().execute()
    const count = (state: string) => apps.filter((a) => a.state === state).length
    expect(count('approved')).toBe(4)
    expect(count('paid')).toBeGreaterThanOrEqual(7)
    expect(count('payment_failed')).toBeGreaterThanOrEqual(1)
    expect(count('paying')).toBe(3)
    expect(summary.paying).toBe(3)
    const batches = await db.selectFrom('subsidy_payout_batch').select('state').execute()
    expect(new Set(batches.map((b) => b.state))).toEqual(new Set(['open', 'exported', 'reconciled']))

    const paid = apps.filter((a) => a.state === 'paid')
    expect(
      Number((await db.selectFrom('subsidy_policy').select('paid_fen').where('id', '=', policyId).executeTakeFirstOrThrow()).paid_fen),
    ).toBe(paid.reduce((sum, a) => sum + Number(a.amount_fen), 0))
    const calendar = shippedWorkCalendar()
    const days = paid.map((a) => workdaysToPay(calendar, a.submitted_at, a.paid_at!))
    expect(days).toContain(0)
    expect(Math.max(...days)).toBeGreaterThanOrEqual(2)
    for (const a of paid) {
      expect(a.paid_at!.getTime()).toBeLessThanOrEqual(now.getTime())
      expect(a.paid_at!.getTime()).toBeGreaterThan(a.approved_at!.getTime())
    }
    // A retried application: two attempts, paid once.
    const attempts = await db
      .selectFrom('subsidy_payment')
      .select(['application_id', 'attempt', 'state'])
      .where('attempt', '=', 2)
      .execute()
    expect(attempts.length).toBeGreaterThanOrEqual(1)
    expect(attempts.every((p) => p.state === 'paid')).toBe(true)
  })

  it('exports the seeded exported batch with the stored bytes', async () => {
    const batch = await ctx.deps.db.selectFrom('subsidy_payout_batch').selectAll().where('state', '=', 'exported').executeTakeFirstOrThrow()
    const response = await app.inject({
      method: 'GET',
      url: `/api/subsidies/batches/${batch.id}/bank-file`,
      headers: { cookie: await sessionCookie(ctx.deps, 'policy') },
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['x-content-sha256']).toBe(batch.file_sha256)
  })

  it('has every batch that left the office approved by the second officer, and each settled one’s result file recorded', async () => {
    const db = ctx.deps.db
    const batches = await db
      .selectFrom('subsidy_payout_batch')
      .innerJoin('account as creator', 'creator.id', 'subsidy_payout_batch.created_by')
      .leftJoin('account as approver', 'approver.id', 'subsidy_payout_batch.approved_by')
      .select([
        'subsidy_payout_batch.id',
        'subsidy_payout_batch.state',
        'subsidy_payout_batch.approved_at',
        'subsidy_payout_batch.exported_at',
        'creator.username as creator',
        'approver.username as approver',
      ])
      .execute()
    for (const b of batches.filter((b) => b.state !== 'open')) {
      expect(b).toMatchObject({ creator: 'policy', approver: 'policy2' })
      expect(b.approved_at!.getTime()).toBeLessThan(b.exported_at!.getTime())
    }
    // The open batch waits for the second officer, for the demo to approve.
    expect(batches.filter((b) => b.state === 'open')).toEqual([expect.objectContaining({ approver: null })])
    const reconciled = batches.filter((b) => b.state === 'reconciled')
    const imports = await db.selectFrom('subsidy_bank_result_import').selectAll().execute()
    expect(new Set(imports.map((i) => i.batch_id))).toEqual(new Set(reconciled.map((b) => b.id)))
    for (const i of imports) expect(i.file_sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
