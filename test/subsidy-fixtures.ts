import { sql } from 'kysely'
import type { PolicyVersionData } from '../src/shared/schemas/subsidies.ts'
import type { DbOrTrx } from '../src/server/db/database.ts'
import { chinaDate } from '../src/server/modules/enterprise/work-calendar.ts'

/**
 * Subsidy rows written straight into the tables, for the payouts tests: a published policy and
 * applications already approved (budget committed), without going through the approval API.
 */

export function policyVersionData(overrides: Partial<PolicyVersionData> = {}): PolicyVersionData {
  return {
    title: '战“疫”专项贷款贴息',
    summary: '对疫情期间新增贷款的利息给予 50% 贴息。',
    category: 'finance',
    opensOn: '2020-01-01',
    closesOn: '2030-12-31',
    periodKind: 'month',
    rules: [],
    inputs: [{ key: 'interestPaid', labelZh: '已付利息', labelEn: 'Interest paid', unit: 'yuan', max: 1e9 }],
    formula: { kind: 'share', input: 'interestPaid', rate: 0.5 },
    capFen: 100_000_000,
    documents: [],
    approvalLevels: [{ nameZh: '区级审核', nameEn: 'District review' }],
    promiseWorkdays: 1,
    ...overrides,
  }
}

let serial = 0

/** A published policy of an area with its first version. */
export async function insertPolicy(
  db: DbOrTrx,
  areaId: string,
  options: { code?: string; budgetFen?: number; version?: Partial<PolicyVersionData> } = {},
) {
  serial++
  const { id } = await db
    .insertInto('subsidy_policy')
    .values({
      area_id: areaId,
      code: options.code ?? `T-${String(serial).padStart(4, '0')}`,
      state: 'published',
      budget_fen: options.budgetFen ?? 10_000_000_00,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('subsidy_policy_version')
    .values({ policy_id: id, version: 1, data: JSON.stringify(policyVersionData(options.version)), created_by: null })
    .execute()
  return { id }
}

/**
 * An approved application of an enterprise, with the policy's committed budget raised as the
 * approving transaction would. Times default to now.
 */
export async function insertApprovedApplication(
  db: DbOrTrx,
  input: {
    policyId: string
    enterpriseId: string
    areaId: string
    amountFen: number
    submittedAt?: Date
    approvedAt?: Date
    payeeName?: string
  },
) {
  serial++
  const submittedAt = input.submittedAt ?? new Date()
  const { seq } = await sql<{ seq: string }>`SELECT nextval('subsidy_application_number_seq') AS seq`.execute(db).then((r) => r.rows[0]!)
  const number = `HQ${chinaDate(submittedAt).replace(/-/g, '')}-${String(seq).padStart(6, '0')}`
  const { id } = await db
    .insertInto('subsidy_application')
    .values({
      number,
      policy_id: input.policyId,
      policy_version: 1,
      enterprise_id: input.enterpriseId,
      area_id: input.areaId,
      // A different month each time: one live application per policy, enterprise and period.
      period: `${2020 + Math.floor(serial / 12)}-${String((serial % 12) + 1).padStart(2, '0')}`,
      state: 'approved',
      pending_level: null,
      levels: 1,
      inputs: JSON.stringify({ interestPaid: (input.amountFen * 2) / 100 }),
      amount_fen: input.amountFen,
      payee_account_name: input.payeeName ?? '测试企业有限公司',
      payee_bank_name: '中国工商银行温州分行',
      payee_account_no: `12032811090000${String(serial).padStart(5, '0')}`,
      precheck: '[]',
      note: null,
      idempotency_key: null,
      submitted_by: null,
      submitted_at: submittedAt,
      approved_at: input.approvedAt ?? submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .updateTable('subsidy_policy')
    .set({ committed_fen: sql`committed_fen + ${input.amountFen}` })
    .where('id', '=', input.policyId)
    .execute()
  return { id, number }
}
