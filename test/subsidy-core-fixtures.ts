import type { FastifyInstance } from 'fastify'
import type { SessionAccount } from '../src/shared/schemas/auth.ts'
import type { PolicyVersionInput } from '../src/shared/schemas/subsidies.ts'
import type { Deps } from '../src/server/deps.ts'
import type { Actor } from '../src/server/modules/auth/actor.ts'
import { chinaDate, addDays } from '../src/server/modules/enterprise/work-calendar.ts'
import { createEnterpriseWorld, sessionCookie } from './enterprise-factories.ts'
import { createTestAccount } from './factories.ts'

/**
 * The enterprise world (test/enterprise-factories.ts) plus policy officers: two at the district
 * of enterprises A and B (乐清市), one in the other district (瓯海区), each with a session.
 */
export async function createSubsidyWorld(deps: Deps, app: FastifyInstance) {
  const world = await createEnterpriseWorld(deps, app)
  await createTestAccount(deps, 'policy', 'policy_officer', world.tree.district.id)
  await createTestAccount(deps, 'policy2', 'policy_officer', world.tree.district.id)
  await createTestAccount(deps, 'policy-other', 'policy_officer', world.tree.otherDistrict.id)
  const cookies = {
    ...world.cookies,
    policy: await sessionCookie(deps, 'policy'),
    policy2: await sessionCookie(deps, 'policy2'),
    policyOther: await sessionCookie(deps, 'policy-other'),
  }
  return { ...world, cookies }
}

/** The service-level actor of an account, for calling services directly (the race tests). */
export async function actorFor(deps: Deps, username: string): Promise<Actor> {
  const row = await deps.db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select([
      'account.id',
      'account.username',
      'account.display_name',
      'account.role',
      'area.id as area_id',
      'area.name',
      'area.level',
      'area.path',
    ])
    .where('account.username', '=', username)
    .executeTakeFirstOrThrow()
  const account: SessionAccount = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    areaId: row.area_id,
    areaName: row.name,
    areaLevel: row.level,
    areaPath: row.path,
  }
  return { account, areaPath: row.path, ip: 'test' }
}

const today = chinaDate(new Date())

/** A version open today: 50% of interest paid, capped at 10,000 yuan, one contract document. */
export function openVersion(overrides: Partial<PolicyVersionInput> = {}): PolicyVersionInput {
  return {
    title: '专项贷款贴息',
    summary: '对新增贷款的利息给予 50% 贴息。',
    category: 'finance',
    opensOn: addDays(today, -30),
    closesOn: addDays(today, 30),
    periodKind: 'month',
    rules: [],
    inputs: [{ key: 'interestPaid', labelZh: '已付利息', labelEn: 'Interest paid', unit: 'yuan', max: 1_000_000 }],
    formula: { kind: 'share', input: 'interestPaid', rate: 0.5 },
    capFen: 1_000_000,
    documents: [{ key: 'contract', nameZh: '贷款合同', nameEn: 'Loan contract' }],
    approvalLevels: [{ nameZh: '区级审核', nameEn: 'District review' }],
    promiseWorkdays: 1,
    ...overrides,
  }
}

export const currentMonth = today.slice(0, 7)

/** A tiny PDF-ish file for a document key. */
export function documentFile(documentKey: string) {
  return {
    documentKey,
    fileName: `${documentKey}.pdf`,
    contentType: 'application/pdf',
    contentBase64: Buffer.from(`%PDF-1.4 ${documentKey}`).toString('base64'),
  }
}

export const payee = { accountName: '测试企业有限公司', bankName: '中国工商银行温州分行', accountNo: '1203 2811 0900 0012 345' }

/** Creates and publishes a policy through the API. @returns its detail */
export async function publishedPolicy(
  app: FastifyInstance,
  cookie: string,
  options: { code: string; budgetFen?: number; version?: Partial<PolicyVersionInput> },
) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/subsidies/policies',
    headers: { cookie },
    payload: { code: options.code, budgetFen: options.budgetFen ?? 100_000_000, version: openVersion(options.version) },
  })
  if (created.statusCode !== 201) throw new Error(`create policy: ${created.statusCode} ${created.body}`)
  const published = await app.inject({
    method: 'POST',
    url: `/api/subsidies/policies/${created.json().id}/state`,
    headers: { cookie },
    payload: { state: 'published' },
  })
  if (published.statusCode !== 200) throw new Error(`publish policy: ${published.statusCode} ${published.body}`)
  return published.json() as { id: string; currentVersion: number }
}
