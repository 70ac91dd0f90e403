import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, sessionCookie } from '../../../../test/enterprise-factories.ts'
import { createTestAccount } from '../../../../test/factories.ts'
import { insertApprovedApplication, insertPolicy } from '../../../../test/subsidy-fixtures.ts'
import { buildApp } from '../../app.ts'
import { writeResultFile } from './bank-file.ts'

describe(`subsidy payouts on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>
  let policyId: string
  const cookies = { officer: '', officer2: '', officerOther: '', leader: '', enterprise: '' }

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
    await createTestAccount(ctx.deps, 'policy', 'policy_officer', world.tree.district.id)
    await createTestAccount(ctx.deps, 'policy-other', 'policy_officer', world.tree.otherDistrict.id)
    await createTestAccount(ctx.deps, 'policy2', 'policy_officer', world.tree.district.id)
    cookies.officer = await sessionCookie(ctx.deps, 'policy')
    cookies.officer2 = await sessionCookie(ctx.deps, 'policy2')
    cookies.officerOther = await sessionCookie(ctx.deps, 'policy-other')
    cookies.leader = world.cookies.leader
    cookies.enterprise = world.cookies.entA
    policyId = (await insertPolicy(ctx.deps.db, world.tree.district.id, { budgetFen: 100_000_000 })).id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const approved = (enterprise: 'A' | 'B', amountFen: number, payeeName?: string) =>
    insertApprovedApplication(ctx.deps.db, {
      policyId,
      enterpriseId: enterprise === 'A' ? world.enterpriseA.id : world.enterpriseB.id,
      areaId: enterprise === 'A' ? world.tree.villageA.id : world.tree.villageB.id,
      amountFen,
      payeeName,
    })
  const createBatch = (cookie: string, applicationIds: string[], idempotencyKey?: string) =>
    app.inject({ method: 'POST', url: '/api/subsidies/batches', headers: { cookie }, payload: { applicationIds, idempotencyKey } })
  const approve = (cookie: string, batchId: string, language = 'zh-CN') =>
    app.inject({ method: 'POST', url: `/api/subsidies/batches/${batchId}/approval`, headers: { cookie, 'accept-language': language } })
  const download = (cookie: string, batchId: string) =>
    app.inject({ method: 'GET', url: `/api/subsidies/batches/${batchId}/bank-file`, headers: { cookie } })
  /** The file after the four-eyes approval: whichever of the district's two officers did not make the batch approves it. */
  const exportFile = async (cookie: string, batchId: string) => {
    if ((await approve(cookies.officer2, batchId)).statusCode !== 200) await approve(cookies.officer, batchId)
    return download(cookie, batchId)
  }
  const importResult = (cookie: string, batchId: string, csv: string, language = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: `/api/subsidies/batches/${batchId}/bank-result`,
      headers: { cookie, 'accept-language': language },
      payload: { csv },
    })
  const batchDetail = async (batchId: string) =>
    (await app.inject({ method: 'GET', url: `/api/subsidies/batches/${batchId}`, headers: { cookie: cookies.officer } })).json()
  const application = (id: string) =>
    ctx.deps.db.selectFrom('subsidy_application').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const policy = () => ctx.deps.db.selectFrom('subsidy_policy').selectAll().where('id', '=', policyId).executeTakeFirstOrThrow()
  const events = async (id: string) =>
    (
      await ctx.deps.db
        .selectFrom('subsidy_application_event')
        .select(['action', 'note'])
        .where('application_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => `${e.action}:${e.note}`)
  /** Every payout-related row, for "nothing changed" comparisons. */
  const snapshot = async () => {
    const db = ctx.deps.db
    return JSON.stringify({
      batches: await db.selectFrom('subsidy_payout_batch').selectAll().orderBy('id').execute(),
      payments: await db.selectFrom('subsidy_payment').selectAll().orderBy('id').execute(),
      applications: await db.selectFrom('subsidy_application').selectAll().orderBy('id').execute(),
      events: await db.selectFrom('subsidy_application_event').selectAll().orderBy('id').execute(),
      policies: await db.selectFrom('subsidy_policy').selectAll().orderBy('id').execute(),
    })
  }
  /** China wall-clock time as the bank writes it (no zone), whole seconds. */
  const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
  /** The batch's payments by application id. */
  const paymentsOf = async (batchId: string) =>
    new Map(((await batchDetail(batchId)).paymentList as { applicationId: string; id: string }[]).map((p) => [p.applicationId, p.id]))

  it('pays a batch end to end: export, one paid and one failed, re-import changes nothing, the failed one paid on retry, never twice', async () => {
    const a = await approved('A', 1_234_567, '企业甲, "眼镜"有限公司')
    const b = await approved('B', 50_000)

    const created = await createBatch(cookies.officer, [b.id, a.id])
    expect(created.statusCode, created.body).toBe(201)
    const batch = created.json()
    expect(batch).toMatchObject({ state: 'open', payments: 2, totalFen: 1_284_567, paid: 0, failed: 0, exportedAt: null, fileSha256: null })
    expect(batch.number).toMatch(/^PB\d{8}-\d{2,}$/)
    expect((await application(a.id)).state).toBe('paying')
    expect(await events(a.id)).toEqual(['batch:null'])
    // Not exported yet: a result file is refused.
    expect((await importResult(cookies.officer, batch.id, writeResultFile([]))).json().code).toBe('subsidy.batchNotExported')

    const exported = await exportFile(cookies.officer, batch.id)
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="${batch.number}.csv"`)
    const lines = exported.body.split('\r\n')
    const payments = await paymentsOf(batch.id)
    expect(lines[0]).toBe(
      'instruction_id,batch_number,application_number,payee_account_name,payee_bank_name,payee_account_no,amount,currency,purpose',
    )
    // Ordered by application number: a was numbered first.
    expect(lines[1]).toMatch(
      new RegExp(
        `^${payments.get(a.id)},${batch.number},${a.number},"企业甲, ""眼镜""有限公司",中国工商银行温州分行,\\d+,12345\\.67,CNY,T-\\d+ 战“疫”专项贷款贴息$`,
      ),
    )
    expect(lines[2]).toContain(`,${b.number},测试企业有限公司,`)
    expect(lines[2]).toContain(',500.00,CNY,')
    const sha = createHash('sha256').update(exported.rawPayload).digest('hex')
    expect(exported.headers['x-content-sha256']).toBe(sha)
    expect(await batchDetail(batch.id)).toMatchObject({ state: 'exported', fileSha256: sha })
    expect((await batchDetail(batch.id)).paymentList.map((p: { state: string; attempt: number }) => [p.state, p.attempt])).toEqual([
      ['exported', 1],
      ['exported', 1],
    ])
    // A second export gives the very same bytes and changes nothing.
    const before = await snapshot()
    const again = await exportFile(cookies.officer, batch.id)
    expect(again.rawPayload.equals(exported.rawPayload)).toBe(true)
    expect(await snapshot()).toBe(before)

    // Settled the moment of the export (to the second, China time): not before it, not in the future.
    const settledAt = chinaTime((await batchDetail(batch.id)).exportedAt)
    const result = writeResultFile([
      { instructionId: payments.get(a.id)!, status: 'SUCCESS', bankReference: 'ICBC202003020001', settledAt },
      { instructionId: payments.get(b.id)!, status: 'FAILED', failureReason: '户名与账号不符' },
    ])
    const report = await importResult(cookies.officer, batch.id, result)
    expect(report.json()).toEqual({
      rows: 2,
      paid: 1,
      failed: 1,
      unchanged: 0,
      errors: [],
      fileSha256: createHash('sha256').update(result).digest('hex'),
    })
    expect(await application(a.id)).toMatchObject({ state: 'paid', paid_at: new Date(`${settledAt.replace(' ', 'T')}+08:00`) })
    expect((await application(b.id)).state).toBe('payment_failed')
    expect(await events(b.id)).toEqual(['batch:null', 'payment_failed:户名与账号不符'])
    expect(Number((await policy()).paid_fen)).toBe(1_234_567)
    expect(await batchDetail(batch.id)).toMatchObject({ state: 'reconciled', paid: 1, failed: 1 })

    // The same file again: every line unchanged, not one row different.
    const settled = await snapshot()
    const reimport = await importResult(cookies.officer, batch.id, result)
    expect(reimport.json()).toEqual({ rows: 2, paid: 0, failed: 0, unchanged: 2, errors: [], fileSha256: report.json().fileSha256 })
    expect(await snapshot()).toBe(settled)

    // A line contradicting a settled payment is reported, not applied.
    const contradiction = await importResult(
      cookies.officer,
      batch.id,
      writeResultFile([
        { instructionId: payments.get(a.id)!, status: 'FAILED', failureReason: '余额不足' },
        { instructionId: payments.get(b.id)!, status: 'SUCCESS', bankReference: 'LATE-1' },
      ]),
      'en',
    )
    expect(contradiction.json()).toMatchObject({ rows: 2, paid: 0, failed: 0, unchanged: 0 })
    expect(contradiction.json().errors).toEqual([
      { line: 2, field: 'status', code: 'subsidy.bank.contradicts', message: 'Contradicts the outcome already recorded: not applied' },
      { line: 3, field: 'status', code: 'subsidy.bank.contradicts', message: 'Contradicts the outcome already recorded: not applied' },
    ])
    expect(await snapshot()).toBe(settled)

    // A paid application never enters a batch again.
    const refused = await createBatch(cookies.officer, [a.id])
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({
      code: 'subsidy.notPayable',
      errors: [{ field: 'applicationIds.0', code: 'subsidy.alreadyPaid' }],
    })

    // The failed one is retried as attempt 2 and paid once.
    const retry = await createBatch(cookies.officer, [b.id])
    expect(retry.statusCode).toBe(201)
    const retryBatch = retry.json()
    expect((await batchDetail(retryBatch.id)).paymentList).toMatchObject([{ applicationId: b.id, attempt: 2, state: 'pending' }])
    await exportFile(cookies.officer, retryBatch.id)
    const retryPayment = (await paymentsOf(retryBatch.id)).get(b.id)!
    const paidOnRetry = await importResult(
      cookies.officer,
      retryBatch.id,
      writeResultFile([{ instructionId: retryPayment, status: 'SUCCESS', bankReference: 'ICBC202003030007' }]),
    )
    expect(paidOnRetry.json()).toMatchObject({ paid: 1, failed: 0, errors: [] })
    expect((await application(b.id)).state).toBe('paid')
    expect(await events(b.id)).toEqual(['batch:null', 'payment_failed:户名与账号不符', 'retry:null', 'paid:null'])
    expect((await batchDetail(retryBatch.id)).paymentList[0]).toMatchObject({ state: 'paid', bankReference: 'ICBC202003030007' })
    expect(Number((await policy()).paid_fen)).toBe(1_284_567)
    const paidRows = await ctx.deps.db
      .selectFrom('subsidy_payment')
      .select(['application_id'])
      .where('state', '=', 'paid')
      .where('application_id', 'in', [a.id, b.id])
      .execute()
    expect(paidRows.map((r) => r.application_id).sort()).toEqual([a.id, b.id].sort())
    expect((await createBatch(cookies.officer, [b.id])).statusCode).toBe(409)
    // The first batch's file still names b's failed attempt 1: once settled it is never handed out again.
    const stale = await exportFile(cookies.officer, batch.id)
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({
      code: 'subsidy.batchSettled',
      title: '本批次已有支付到账或失败，不能再次下载支付文件；失败的申请请放入新批次重付',
    })
    expect(stale.body).not.toContain(payments.get(b.id)!)

    // The database is the last guard: a second paid payment for one application cannot be written.
    await expect(
      ctx.deps.db
        .insertInto('subsidy_payment')
        .values({
          application_id: a.id,
          batch_id: retryBatch.id,
          area_id: world.tree.villageA.id,
          attempt: 9,
          amount_fen: 1_234_567,
          state: 'paid',
        })
        .execute(),
    ).rejects.toThrow(/subsidy_payment_paid_once/)
  })

  it('reports unknown instructions and payments of another batch per line, and applies the good lines', async () => {
    const a = await approved('A', 10_000)
    const b = await approved('B', 20_000)
    const first = (await createBatch(cookies.officer, [a.id])).json()
    const second = (await createBatch(cookies.officer, [b.id])).json()
    await exportFile(cookies.officer, first.id)
    await exportFile(cookies.officer, second.id)
    const csv = writeResultFile([
      { instructionId: '00000000-0000-4000-8000-000000000000', status: 'SUCCESS', bankReference: 'X1' },
      { instructionId: (await paymentsOf(second.id)).get(b.id)!, status: 'SUCCESS', bankReference: 'X2' },
      { instructionId: (await paymentsOf(first.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'X3', settledAt: '2099-01-01 10:00' },
      { instructionId: (await paymentsOf(first.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'X4' },
    ]).replace('SUCCESS,X1', 'PAID,X1')
    const report = (await importResult(cookies.officer, first.id, csv)).json()
    expect(report).toMatchObject({ rows: 4, paid: 0, failed: 0, unchanged: 0 })
    expect(report.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [2, 'status', 'subsidy.bank.status'],
      [3, 'instruction_id', 'subsidy.bank.otherBatch'],
      [4, 'settled_at', 'subsidy.bank.settledFuture'],
      [5, 'instruction_id', 'subsidy.bank.duplicateLine'],
    ])
    expect(report.errors[0].message).toBe('状态须为 SUCCESS 或 FAILED')
    expect((await application(b.id)).state).toBe('paying')

    const good = writeResultFile([{ instructionId: (await paymentsOf(first.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'X3' }])
    expect((await importResult(cookies.officer, first.id, good)).json()).toMatchObject({ paid: 1, errors: [] })
    // Same reference again: unchanged; another reference for the paid payment: an error.
    expect((await importResult(cookies.officer, first.id, good)).json()).toMatchObject({ paid: 0, unchanged: 1, errors: [] })
    const otherReference = writeResultFile([
      { instructionId: (await paymentsOf(first.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'X9' },
    ])
    expect((await importResult(cookies.officer, first.id, otherReference)).json().errors).toMatchObject([
      { line: 2, field: 'bank_reference', code: 'subsidy.bank.contradicts' },
    ])
  })

  it('returns the same batch for a repeated idempotency key of the same officer and applications; the key is per officer', async () => {
    const a = await approved('A', 30_000)
    const first = await createBatch(cookies.officer, [a.id], 'batch-key-0001')
    const second = await createBatch(cookies.officer, [a.id], 'batch-key-0001')
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(200)
    expect(second.json().id).toBe(first.json().id)
    const payments = await ctx.deps.db.selectFrom('subsidy_payment').select('id').where('application_id', '=', a.id).execute()
    expect(payments).toHaveLength(1)

    // The same key with other applications is a client bug, not a replay: 422, nothing made.
    const b = await approved('B', 31_000)
    const mismatch = await createBatch(cookies.officer, [a.id, b.id], 'batch-key-0001')
    expect(mismatch.statusCode).toBe(422)
    expect(mismatch.json()).toMatchObject({
      code: 'subsidy.idempotencyMismatch',
      errors: [{ field: 'idempotencyKey', code: 'subsidy.idempotencyMismatch' }],
    })
    expect((await application(b.id)).state).toBe('approved')

    // Another officer's key is their own: the same text makes their own batch, and tells nothing of ours.
    const colleague = await createBatch(cookies.officer2, [b.id], 'batch-key-0001')
    expect(colleague.statusCode, colleague.body).toBe(201)
    expect(colleague.json().id).not.toBe(first.json().id)
    const foreign = await createBatch(cookies.officerOther, [a.id], 'batch-key-0001')
    expect(foreign.json()).toMatchObject({ code: 'subsidy.notPayable', errors: [{ field: 'applicationIds.0', code: 'NOT_FOUND' }] })
  })

  it('refuses a settlement dated before the export day as an error line; the export day itself (date only) is fine', async () => {
    const a = await approved('A', 32_000)
    const batch = (await createBatch(cookies.officer, [a.id])).json()
    await exportFile(cookies.officer, batch.id)
    const payment = (await paymentsOf(batch.id)).get(a.id)!
    const before = await snapshot()
    const early = await importResult(
      cookies.officer,
      batch.id,
      writeResultFile([{ instructionId: payment, status: 'SUCCESS', bankReference: 'EARLY-1', settledAt: '2020-03-02 15:30:00' }]),
      'en',
    )
    expect(early.json()).toMatchObject({ rows: 1, paid: 0, failed: 0, unchanged: 0 })
    expect(early.json().errors).toEqual([
      {
        line: 2,
        field: 'settled_at',
        code: 'subsidy.bank.settledBeforeExport',
        message: 'The settlement date is before the payment file was exported: check the file',
      },
    ])
    expect(await snapshot()).toBe(before)

    const exportDay = chinaTime((await batchDetail(batch.id)).exportedAt).slice(0, 10)
    const onTheDay = await importResult(
      cookies.officer,
      batch.id,
      writeResultFile([{ instructionId: payment, status: 'SUCCESS', bankReference: 'DAY-1', settledAt: exportDay }]),
    )
    expect(onTheDay.json()).toMatchObject({ paid: 1, errors: [] })
    const paid = await app.inject({ method: 'GET', url: `/api/subsidies/applications/${a.id}`, headers: { cookie: cookies.officer } })
    expect(paid.json()).toMatchObject({ state: 'paid', paidAt: new Date(`${exportDay}T00:00:00+08:00`).toISOString() })
    expect(paid.json().workdaysToPay).toBeGreaterThanOrEqual(0)
  })

  it('refuses a result file longer than a batch can be, whole, with one file-level error (no 500)', async () => {
    const a = await approved('A', 33_000)
    const batch = (await createBatch(cookies.officer, [a.id])).json()
    await exportFile(cookies.officer, batch.id)
    const payment = (await paymentsOf(batch.id)).get(a.id)!
    // 70,000 distinct ids: beyond what one IN (...) list of PostgreSQL parameters can carry.
    const strangers = Array.from({ length: 70_000 }, (_, i) => ({
      instructionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      status: 'FAILED' as const,
    }))
    const before = await snapshot()
    const long = await importResult(
      cookies.officer,
      batch.id,
      writeResultFile([{ instructionId: payment, status: 'SUCCESS', bankReference: 'LONG-1' }, ...strangers]),
    )
    expect(long.statusCode, long.body.slice(0, 300)).toBe(200)
    expect(long.json()).toEqual({
      rows: 70_001,
      paid: 0,
      failed: 0,
      unchanged: 0,
      errors: [
        {
          line: 1,
          field: 'file',
          code: 'subsidy.bank.tooManyLines',
          message: '回盘文件超过 5000 条记录（一个批次最多 5000 笔），未导入；请确认文件是否属于本批次',
        },
      ],
      fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(await snapshot()).toBe(before)
    // The same payment alone is read as usual.
    expect(
      (
        await importResult(
          cookies.officer,
          batch.id,
          writeResultFile([{ instructionId: payment, status: 'SUCCESS', bankReference: 'LONG-1' }]),
        )
      ).json(),
    ).toMatchObject({ paid: 1, errors: [] })
  })

  it('lets exactly one of two racing batches take an application', async () => {
    const a = await approved('A', 40_000)
    const responses = await Promise.all([createBatch(cookies.officer, [a.id]), createBatch(cookies.officer, [a.id])])
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409])
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('subsidy.notPayable')
    const payments = await ctx.deps.db.selectFrom('subsidy_payment').select(['attempt']).where('application_id', '=', a.id).execute()
    expect(payments).toEqual([{ attempt: 1 }])
  })

  it('applies a result file once when it is imported twice at the same moment', async () => {
    const a = await approved('A', 60_000)
    const batch = (await createBatch(cookies.officer, [a.id])).json()
    await exportFile(cookies.officer, batch.id)
    const csv = writeResultFile([{ instructionId: (await paymentsOf(batch.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'TWICE-1' }])
    const paidBefore = Number((await policy()).paid_fen)
    const reports = (await Promise.all([importResult(cookies.officer, batch.id, csv), importResult(cookies.officer, batch.id, csv)])).map(
      (r) => r.json(),
    )
    expect(reports.map((r) => [r.paid, r.unchanged]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ])
    expect(Number((await policy()).paid_fen)).toBe(paidBefore + 60_000)
  })

  it('keeps batches within the area: another district sees 404 and cannot batch our applications', async () => {
    const a = await approved('A', 70_000)
    const batch = (await createBatch(cookies.officer, [a.id])).json()
    for (const url of [`/api/subsidies/batches/${batch.id}`, `/api/subsidies/batches/${batch.id}/bank-file`]) {
      expect((await app.inject({ method: 'GET', url, headers: { cookie: cookies.officerOther } })).statusCode).toBe(404)
    }
    expect((await importResult(cookies.officerOther, batch.id, writeResultFile([]))).statusCode).toBe(404)
    const list = (await app.inject({ method: 'GET', url: '/api/subsidies/batches', headers: { cookie: cookies.officerOther } })).json()
    expect(list.items.map((b: { id: string }) => b.id)).not.toContain(batch.id)

    const b = await approved('B', 80_000)
    const foreign = await createBatch(cookies.officerOther, [b.id])
    expect(foreign.statusCode).toBe(409)
    expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'applicationIds.0', code: 'NOT_FOUND' })])
    expect((await application(b.id)).state).toBe('approved')
  })

  it('lists payable applications for officers; leaders read batches but cannot pay; enterprises see none of it', async () => {
    const a = await approved('A', 90_000)
    const payable = await app.inject({ method: 'GET', url: `/api/subsidies/payable?pageSize=200`, headers: { cookie: cookies.officer } })
    expect(payable.statusCode, payable.body).toBe(200)
    const items = payable.json().items as { id: string; state: string; payee: { accountNoMasked: string } }[]
    expect(items.find((i) => i.id === a.id)).toMatchObject({
      state: 'approved',
      payee: { accountNoMasked: expect.stringMatching(/^\*{4}\d{4}$/) },
    })
    expect(items.every((i) => i.state === 'approved' || i.state === 'payment_failed')).toBe(true)
    expect(
      (await app.inject({ method: 'GET', url: '/api/subsidies/payable', headers: { cookie: cookies.officerOther } })).json().items,
    ).toEqual([])

    expect((await app.inject({ method: 'GET', url: '/api/subsidies/batches', headers: { cookie: cookies.leader } })).statusCode).toBe(200)
    expect((await createBatch(cookies.leader, [a.id])).statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/api/subsidies/batches', headers: { cookie: cookies.enterprise } })).statusCode).toBe(
      403,
    )
    expect((await app.inject({ method: 'GET', url: '/api/subsidies/payable', headers: { cookie: cookies.enterprise } })).statusCode).toBe(
      403,
    )
  })

  describe('four eyes and the bank result history', () => {
    it('releases the bank file only after a second policy officer approves; the creator cannot', async () => {
      const a = await approved('A', 110_000)
      const batch = (await createBatch(cookies.officer, [a.id])).json()
      expect(batch).toMatchObject({ state: 'open', approvedAt: null })

      const early = await download(cookies.officer, batch.id)
      expect(early.statusCode).toBe(409)
      expect(early.json()).toMatchObject({
        code: 'subsidy.batchNotApproved',
        title: '该批次须由另一名政策兑现专员审核通过后，才能下载支付文件',
      })
      const self = await approve(cookies.officer, batch.id, 'en')
      expect(self.statusCode).toBe(403)
      expect(self.json()).toMatchObject({
        code: 'subsidy.batchSelfApproval',
        title: 'You cannot approve a batch you created; another policy officer must approve it',
      })
      expect((await approve(cookies.leader, batch.id)).statusCode).toBe(403)
      expect((await approve(cookies.officerOther, batch.id)).statusCode).toBe(404)
      expect((await batchDetail(batch.id)).approvedAt).toBeNull()

      const approval = await approve(cookies.officer2, batch.id)
      expect(approval.statusCode, approval.body).toBe(200)
      expect(approval.json()).toMatchObject({ id: batch.id, state: 'open', approvedAt: expect.any(String) })
      // A retried click by the same officer answers the same batch and records nothing more.
      const audits = () =>
        ctx.deps.db
          .selectFrom('audit_log')
          .select('id')
          .where('entity_type', '=', 'subsidy_payout_batch')
          .where('entity_id', '=', batch.id)
          .execute()
      const auditCount = (await audits()).length
      expect((await approve(cookies.officer2, batch.id)).json().approvedAt).toBe(approval.json().approvedAt)
      expect((await audits()).length).toBe(auditCount)
      expect(await batchDetail(batch.id)).toMatchObject({ createdByName: expect.any(String), approvedByName: expect.any(String) })

      const released = await download(cookies.officer, batch.id)
      expect(released.statusCode, released.body).toBe(200)
      // Out of the door: nobody approves it again.
      expect((await approve(cookies.officer, batch.id)).statusCode).toBe(403)
      await createTestAccount(ctx.deps, 'policy3', 'policy_officer', world.tree.district.id)
      expect((await approve(await sessionCookie(ctx.deps, 'policy3'), batch.id)).json().code).toBe('subsidy.batchNotAwaitingApproval')
    })

    it('the database refuses a batch approved by its own creator, whatever the code path', async () => {
      const a = await approved('A', 120_000)
      const batch = (await createBatch(cookies.officer, [a.id])).json()
      const row = await ctx.deps.db
        .selectFrom('subsidy_payout_batch')
        .select('created_by')
        .where('id', '=', batch.id)
        .executeTakeFirstOrThrow()
      await expect(
        ctx.deps.db
          .updateTable('subsidy_payout_batch')
          .set({ approved_by: row.created_by, approved_at: new Date() })
          .where('id', '=', batch.id)
          .execute(),
      ).rejects.toThrow(/four_eyes/)
    })

    it('records each import of the result file with who imported it and the file’s SHA-256, shown in the batch history', async () => {
      const a = await approved('A', 130_000)
      const batch = (await createBatch(cookies.officer, [a.id])).json()
      await exportFile(cookies.officer, batch.id)
      const csv = writeResultFile([{ instructionId: (await paymentsOf(batch.id)).get(a.id)!, status: 'SUCCESS', bankReference: 'HIST-1' }])
      const sha = createHash('sha256').update(csv, 'utf8').digest('hex')
      const first = (await importResult(cookies.officer2, batch.id, csv)).json()
      expect(first).toMatchObject({ paid: 1, fileSha256: sha })
      const again = (await importResult(cookies.officer, batch.id, csv)).json()
      expect(again).toMatchObject({ paid: 0, unchanged: 1, fileSha256: sha })
      const broken = 'instruction_id,status\r\nnot-a-uuid,MAYBE\r\n'
      await importResult(cookies.officer, batch.id, broken)

      const history = (await batchDetail(batch.id)).resultImports
      // Test accounts are named by their username.
      expect(history).toMatchObject([
        { importedByName: 'policy2', fileSha256: sha, rows: 1, paid: 1, failed: 0, unchanged: 0, errors: 0 },
        { importedByName: 'policy', fileSha256: sha, rows: 1, paid: 0, unchanged: 1, errors: 0 },
        { importedByName: 'policy', fileSha256: createHash('sha256').update(broken, 'utf8').digest('hex'), paid: 0 },
      ])
      expect(history[2].errors).toBeGreaterThan(0)
      // Another district does not see the batch, nor its history.
      expect(
        (await app.inject({ method: 'GET', url: `/api/subsidies/batches/${batch.id}`, headers: { cookie: cookies.officerOther } }))
          .statusCode,
      ).toBe(404)
    })
  })
})
