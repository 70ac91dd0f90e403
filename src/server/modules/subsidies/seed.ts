import type { PolicyVersionData } from '../../../shared/schemas/subsidies.ts'
import { computeAmountFen } from '../../../shared/subsidy-amount.ts'
import { allPassed, currentPeriod, evaluateEligibility, type EnterpriseFacts } from '../../../shared/subsidy-eligibility.ts'
import type { Trx } from '../../db/database.ts'
import { shippedWorkCalendar } from '../enterprise/calendar.service.ts'
import { addDays, chinaDate } from '../enterprise/work-calendar.ts'
import { nextApplicationNumber } from './applications.repository.ts'
import { SEED_POLICIES } from './seed-data.ts'

/**
 * Demo subsidies: Ouhai's 16 measures, published, with applications from the Ouhai demo
 * enterprises in every approval state (submitted at level 1 and 2, returned, rejected, withdrawn,
 * approved: seedPayouts then pays most approved ones). Deterministic for a given `now`. The demo
 * `enterprise` account's company (温州市瓯海眼镜有限公司) gets no application for OH-2020-01, so
 * the demo and the browser test can apply for it.
 */

const OUHAI_CODE = '330304000000'
const DEMO_APPLICANT_FREE = { enterprise: '温州市瓯海眼镜有限公司', policy: 'OH-2020-01' }
/** What happens to the nth application: mostly approved, and some of every other state. */
const STATE_PATTERN = [
  'approved',
  'approved',
  'submitted',
  'approved',
  'approved',
  'returned',
  'approved',
  'approved',
  'submitted',
  'approved',
  'rejected',
  'approved',
  'approved',
  'withdrawn',
  'approved',
  'submitted',
] as const
const APPLICATIONS = 64
const NOTES = {
  returned: '付息凭证不清晰，请补充加盖银行印章的凭证后重新提交',
  rejected: '经核查，该笔贷款用途与复工复产无关，不予兑现',
  withdrawn: '信息填写有误，撤回后重新申报',
}

/** A deterministic pseudo-random sequence (same demo every time). */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function inputsFor(version: PolicyVersionData, random: () => number): Record<string, number> {
  const inputs: Record<string, number> = {}
  for (const d of version.inputs) {
    if (d.unit === 'yuan') inputs[d.key] = Math.round(Math.min(d.max, 400_000) * (0.03 + 0.5 * random()) * 100) / 100
    else inputs[d.key] = Math.max(1, Math.round(Math.min(d.max, 180) * (0.1 + 0.6 * random())))
  }
  return inputs
}

/**
 * @param areaIds area code → id of the demo areas
 * @param options.now the seed date (applications are dated up to ~60 days before it)
 */
export async function seedSubsidies(trx: Trx, areaIds: Map<string, string>, options: { now?: Date } = {}): Promise<void> {
  const ouhaiId = areaIds.get(OUHAI_CODE)
  if (!ouhaiId) return
  const now = options.now ?? new Date()
  const today = chinaDate(now)
  const calendar = shippedWorkCalendar()
  const random = seeded(20200210)
  const accounts = new Map(
    (await trx.selectFrom('account').select(['id', 'username', 'enterprise_id']).execute()).map((a) => [a.username, a]),
  )
  const officer1 = accounts.get('policy')?.id ?? null
  const officer2 = accounts.get('policy2')?.id ?? officer1
  const enterpriseAccount = new Map([...accounts.values()].filter((a) => a.enterprise_id).map((a) => [a.enterprise_id!, a.id]))

  // Windows cover the seed year and the next, and the last 90 days (a seed in January).
  const year = Number(today.slice(0, 4))
  const opensOn = [`${year}-01-01`, addDays(today, -90)].sort()[0]!
  const closesOn = `${year + 1}-12-31`
  const createdAt = new Date(`${addDays(opensOn, -1)}T10:00:00+08:00`)
  const policies: { id: string; code: string; budgetFen: number; committedFen: number; version: PolicyVersionData }[] = []
  for (const p of SEED_POLICIES) {
    const version: PolicyVersionData = { ...p.version, opensOn, closesOn }
    const { id } = await trx
      .insertInto('subsidy_policy')
      .values({
        area_id: ouhaiId,
        code: p.code,
        state: 'published',
        budget_fen: p.budgetFen,
        created_by: officer1,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('subsidy_policy_version')
      .values({ policy_id: id, version: 1, data: JSON.stringify(version), created_by: officer1, created_at: createdAt })
      .execute()
    policies.push({ id, code: p.code, budgetFen: p.budgetFen, committedFen: 0, version })
  }

  const enterprises = await trx
    .selectFrom('enterprise')
    .innerJoin('area', 'area.id', 'enterprise.area_id')
    .select([
      'enterprise.id',
      'enterprise.name',
      'enterprise.area_id',
      'enterprise.industry',
      'enterprise.above_scale',
      'enterprise.staff_local',
      'enterprise.staff_other_province',
      'enterprise.resumed_at',
      'area.code',
      'area.name as area_name',
      'area.path',
    ])
    .where('area.path', 'like', `%/${OUHAI_CODE}/%`)
    .orderBy('enterprise.credit_code')
    .execute()
  if (!enterprises.length) return
  const areaNames = { [OUHAI_CODE]: '瓯海区' }
  const factsOf = (e: (typeof enterprises)[number]): EnterpriseFacts => ({
    industry: e.industry,
    aboveScale: e.above_scale,
    staffTotal: e.staff_local + e.staff_other_province,
    staffOtherProvince: e.staff_other_province,
    resumed: e.resumed_at !== null && e.resumed_at <= now,
    area: { code: e.code, name: e.area_name, lineageCodes: e.path.split('/').filter(Boolean) },
  })

  const live = new Set<string>()
  for (let i = 0; i < APPLICATIONS; i++) {
    const enterprise = enterprises[(i * 7) % enterprises.length]!
    const facts = factsOf(enterprise)
    const state = STATE_PATTERN[i % STATE_PATTERN.length]!
    // Waiting applications are recent; decided ones spread over the last two months, on working days.
    let day = addDays(today, state === 'submitted' ? -(i % 3) : -(2 + ((i * 37) % 58)))
    while (!calendar.isWorkday(day)) day = addDays(day, -1)
    const filedOn = (d: string) =>
      new Date(`${d}T${String(8 + (i % 8)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00+08:00`)
    // Seeded before office hours (just after midnight China time): today's filings move to the previous working day.
    while (filedOn(day) >= now) {
      day = addDays(day, -1)
      while (!calendar.isWorkday(day)) day = addDays(day, -1)
    }
    const submittedAt = filedOn(day)
    // Every third application is for the headline loan-interest measure; otherwise spread over the 16.
    const start = i % 3 === 0 ? 0 : (i * 5) % policies.length
    const policy = [...policies.slice(start), ...policies.slice(0, start)].find((p) => {
      if (p.code === DEMO_APPLICANT_FREE.policy && enterprise.name === DEMO_APPLICANT_FREE.enterprise) return false
      const key = `${p.id}|${enterprise.id}|${currentPeriod(p.version.periodKind, day)}`
      return !live.has(key) && allPassed(evaluateEligibility(p.version.rules, facts, areaNames, 'zh-CN'))
    })
    if (!policy) continue
    const period = currentPeriod(policy.version.periodKind, day)
    const inputs = inputsFor(policy.version, random)
    const { amountFen, errors } = computeAmountFen(policy.version, inputs)
    if (errors.length || amountFen <= 0) continue
    const levels = policy.version.approvalLevels.length
    const approvable = state !== 'approved' || policy.committedFen + amountFen <= policy.budgetFen
    const finalState = approvable ? state : 'submitted'
    // Half of the waiting two-level applications have passed level 1 already.
    const pendingLevel = finalState === 'submitted' ? (levels === 2 && i % 2 === 1 ? 2 : 1) : null
    const decidedAt = new Date(submittedAt.getTime() + (2 + (i % 4)) * 3_600_000)
    const approvedAt = finalState === 'approved' ? decidedAt : null
    if (finalState !== 'rejected' && finalState !== 'withdrawn') live.add(`${policy.id}|${enterprise.id}|${period}`)
    if (finalState === 'approved') policy.committedFen += amountFen
    // Enterprises without an account were filed for by the administrator: the officers who approve
    // never approve what they filed themselves (four eyes, decisions.service.ts).
    const applicant = enterpriseAccount.get(enterprise.id) ?? accounts.get('admin')?.id ?? officer1
    const precheck = evaluateEligibility(policy.version.rules, facts, areaNames, 'zh-CN')

    const { id } = await trx
      .insertInto('subsidy_application')
      .values({
        number: await nextApplicationNumber(trx, day),
        policy_id: policy.id,
        policy_version: 1,
        enterprise_id: enterprise.id,
        area_id: enterprise.area_id,
        period,
        state: finalState,
        pending_level: pendingLevel,
        levels,
        inputs: JSON.stringify(inputs),
        amount_fen: amountFen,
        payee_account_name: enterprise.name,
        payee_bank_name: ['中国农业银行温州瓯海支行', '温州银行瓯海支行', '浙江瓯海农村商业银行'][i % 3]!,
        payee_account_no: `6228${String(480_000_000_000 + i * 7_919_111).padStart(14, '0')}`,
        precheck: JSON.stringify(precheck),
        note: null,
        idempotency_key: null,
        submitted_by: applicant,
        submitted_at: submittedAt,
        approved_at: approvedAt,
        updated_at: finalState === 'submitted' && pendingLevel === 1 ? submittedAt : decidedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('subsidy_document')
      .values(
        policy.version.documents
          .map((d) => ({
            application_id: id,
            area_id: enterprise.area_id,
            document_key: d.key,
            file_name: `${d.nameZh}.pdf`,
            content_type: 'application/pdf',
            size: 0,
            content: Buffer.from(`%PDF-1.4\n% demo document: ${d.nameEn}\n`),
            uploaded_by: applicant,
            uploaded_at: submittedAt,
          }))
          .map((d) => ({ ...d, size: d.content.length })),
      )
      .execute()

    const events: { action: string; level: number | null; actor: string | null; at: Date; note: string | null }[] = [
      { action: 'submit', level: null, actor: applicant, at: submittedAt, note: null },
    ]
    const approve = (level: number, at: Date) =>
      events.push({ action: 'approve', level, actor: level === 1 ? officer1 : officer2, at, note: null })
    if (finalState === 'approved') {
      for (let level = 1; level <= levels; level++) approve(level, new Date(decidedAt.getTime() - (levels - level) * 3_600_000))
    } else if (finalState === 'submitted' && pendingLevel === 2) {
      approve(1, decidedAt < now ? decidedAt : new Date(submittedAt.getTime() + 60_000))
    } else if (finalState === 'returned' || finalState === 'rejected') {
      events.push({
        action: finalState === 'returned' ? 'return' : 'reject',
        level: 1,
        actor: officer1,
        at: decidedAt,
        note: NOTES[finalState],
      })
    } else if (finalState === 'withdrawn') {
      events.push({ action: 'withdraw', level: null, actor: applicant, at: decidedAt, note: NOTES.withdrawn })
    }
    await trx
      .insertInto('subsidy_application_event')
      .values(
        events.map((e) => ({
          application_id: id,
          area_id: enterprise.area_id,
          action: e.action,
          round: 1,
          level: e.level,
          actor_account_id: e.actor,
          at: e.at,
          note: e.note,
        })),
      )
      .execute()
  }

  for (const p of policies)
    if (p.committedFen) await trx.updateTable('subsidy_policy').set({ committed_fen: p.committedFen }).where('id', '=', p.id).execute()
}
