import type { z } from 'zod'
import { SUBSIDY_DOCUMENT_TYPES } from '../../../shared/file-types.ts'
import type { Locale } from '../../../shared/messages.ts'
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/enterprise-problem.ts'
import type {
  ApplicationDetail,
  applicationInputSchema,
  applicationListQuerySchema,
  applicationResubmitSchema,
  PolicyVersionData,
  RuleResult,
} from '../../../shared/schemas/subsidies.ts'
import { computeAmountFen } from '../../../shared/subsidy-amount.ts'
import { allPassed, evaluateEligibility, explainRule, periodFits, type EnterpriseFacts } from '../../../shared/subsidy-eligibility.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { safeFileName, sniffFileType } from '../../files/file-type.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { isUniqueViolation } from '../enterprise/enterprise.errors.ts'
import { viewerOf, type Viewer } from '../enterprise/viewer.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'
import { loadCalendarFor, precheckOf, selectApplicationViews, toApplication, toApplications } from './application-view.ts'
import * as repo from './applications.repository.ts'
import * as policies from './policies.repository.ts'
import { enterpriseFacts, policyServes } from './policies.service.ts'
import {
  ApplicationInvalidError,
  ApplicationStateError,
  BudgetExhaustedError,
  DuplicateApplicationError,
  EnterpriseNeededError,
  IneligibleError,
  OutsidePolicyAreaError,
  PolicyNotOpenError,
} from './subsidies.errors.ts'

type ApplicationInput = z.output<typeof applicationInputSchema>
type ResubmitInput = z.output<typeof applicationResubmitSchema>
type DocumentInput = ApplicationInput['documents'][number]
type FieldProblem = { field: string; code: string; message?: string }

/**
 * Decoded files, refused one by one when too large or not a picture, PDF or OFD by their bytes.
 * Each keeps the sniffed type and a name ending in its extension, whatever the upload claimed.
 */
function decodeDocuments(documents: DocumentInput[]) {
  const problems: FieldProblem[] = []
  const files = documents.map((d) => {
    const content = Buffer.from(d.contentBase64, 'base64')
    const field = `documents.${d.documentKey}`
    if (content.length > MAX_ATTACHMENT_BYTES) problems.push({ field, code: 'subsidy.documentTooLarge' })
    const type = sniffFileType(content)
    if (!type || !SUBSIDY_DOCUMENT_TYPES.includes(type)) problems.push({ field, code: 'subsidy.documentType' })
    return {
      documentKey: d.documentKey,
      fileName: safeFileName(d.fileName, type ?? 'application/pdf'),
      contentType: type ?? 'application/octet-stream',
      content,
    }
  })
  return { files, problems }
}

/**
 * The automatic pre-check shared by apply and resubmit: rules, documents, inputs, amount, budget.
 * @param presentKeys document keys already on file (a resubmission keeps files it does not replace)
 * @throws IneligibleError, ApplicationInvalidError, BudgetExhaustedError
 */
async function precheck(
  db: DbOrTrx,
  args: {
    data: PolicyVersionData
    facts: EnterpriseFacts
    inputs: Record<string, number>
    documentKeys: string[]
    presentKeys?: string[]
    budgetLeftFen: number
    locale: Locale
    problems: FieldProblem[]
  },
): Promise<{ results: RuleResult[]; amountFen: number }> {
  const { data, locale } = args
  const areaNames = await policies.areaNamesFor(
    db,
    data.rules.flatMap((r) => (r.areaCode ? [r.areaCode] : [])),
  )
  const results = evaluateEligibility(data.rules, args.facts, areaNames, locale)
  if (!allPassed(results)) throw new IneligibleError(results.filter((r) => !r.passed).map((r) => r.explanation))

  const problems = [...args.problems]
  const required = new Set(data.documents.map((d) => d.key))
  const have = new Set([...args.documentKeys, ...(args.presentKeys ?? [])])
  for (const key of args.documentKeys) if (!required.has(key)) problems.push({ field: `documents.${key}`, code: 'subsidy.documentUnknown' })
  for (const key of required) if (!have.has(key)) problems.push({ field: `documents.${key}`, code: 'subsidy.documentMissing' })
  const amount = computeAmountFen(data, args.inputs)
  for (const e of amount.errors) problems.push({ field: `inputs.${e.input}`, code: e.code })
  if (problems.length) throw new ApplicationInvalidError(problems)
  if (amount.amountFen <= 0) throw new ApplicationInvalidError([{ field: 'inputs', code: 'subsidy.amountZero' }])
  if (amount.amountFen > args.budgetLeftFen) throw new BudgetExhaustedError()
  return { results, amountFen: amount.amountFen }
}

function duplicateMessage(number: string, locale: Locale): string {
  return locale === 'en'
    ? `The enterprise already has application ${number} for this period`
    : `本企业在该期次已有申请 ${number}，请勿重复申报`
}

/**
 * Files an application after the automatic pre-check, all in one transaction. An enterprise
 * account applies for itself; a policy officer or admin names the enterprise.
 * @returns created false when the idempotency key was seen before (the first application comes back)
 * @throws PolicyNotOpenError, IneligibleError, ApplicationInvalidError, BudgetExhaustedError, DuplicateApplicationError
 */
export async function submitApplication(
  deps: Deps,
  actor: Actor,
  input: ApplicationInput,
  locale: Locale,
  now = new Date(),
): Promise<{ created: boolean; application: ApplicationDetail }> {
  const viewer = await viewerOf(deps.db, actor)
  if (viewer.enterpriseId && input.enterpriseId && input.enterpriseId !== viewer.enterpriseId) throw new NotFoundError('enterprise')
  const enterpriseId = viewer.enterpriseId ?? input.enterpriseId
  if (!enterpriseId) throw new EnterpriseNeededError()
  const replay = async () => {
    const first = input.idempotencyKey ? await repo.findByIdempotencyKey(deps.db, enterpriseId, input.idempotencyKey) : undefined
    return first ? { created: false, application: await getApplication(deps, actor, first.id, locale) } : undefined
  }
  const earlier = await replay()
  if (earlier) return earlier
  const { files, problems } = decodeDocuments(input.documents)
  const today = chinaDate(now)

  let id: string
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const { row: enterprise, facts } = await enterpriseFacts(trx, viewer, enterpriseId)
      const policyRow = await policies
        .selectServingPolicies(trx, { areaPath: enterprise.area_path })
        .where('subsidy_policy.id', '=', input.policyId)
        .where('subsidy_policy.state', '!=', 'draft')
        .executeTakeFirst()
      if (!policyRow) throw new NotFoundError('policy')
      if (!policyServes(policyRow.area_path, enterprise.area_path)) throw new OutsidePolicyAreaError()
      const policy = policies.toPolicy(policyRow)
      const data = policy.current
      if (policy.state !== 'published' || today < data.opensOn || today > data.closesOn) throw new PolicyNotOpenError()
      if (!periodFits(data.periodKind, input.period)) throw new ApplicationInvalidError([{ field: 'period', code: 'subsidy.periodKind' }])
      const { results, amountFen } = await precheck(trx, {
        data,
        facts,
        inputs: input.inputs,
        documentKeys: files.map((f) => f.documentKey),
        budgetLeftFen: policy.budgetFen - policy.committedFen,
        locale,
        problems,
      })
      const live = await repo.findLive(trx, policy.id, enterpriseId, input.period)
      if (live) throw new DuplicateApplicationError(live.number, duplicateMessage(live.number, locale))

      const id = await repo.insertApplication(trx, {
        number: await repo.nextApplicationNumber(trx, today),
        policyId: policy.id,
        policyVersion: policy.currentVersion,
        enterpriseId,
        areaId: enterprise.area_id,
        period: input.period,
        levels: data.approvalLevels.length,
        inputs: input.inputs,
        amountFen,
        payee: input.payee,
        precheck: results,
        note: input.note ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        submittedBy: actor.account.id,
      })
      for (const f of files)
        await repo.insertDocument(trx, { applicationId: id, areaId: enterprise.area_id, ...f, uploadedBy: actor.account.id })
      await repo.insertEvent(trx, {
        applicationId: id,
        areaId: enterprise.area_id,
        action: 'submit',
        round: 1,
        actorAccountId: actor.account.id,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, 'create', 'subsidy_application', [{ id, areaId: enterprise.area_id }])
      return id
    })
  } catch (error) {
    // Two submits raced past the checks: the unique indexes decide, the loser gets a clear answer.
    // A retry of the same request (same key) may trip any of them first — one per period fires
    // before the key's index, or the twin committed before our duplicate check — so it replays.
    if (input.idempotencyKey && (error instanceof DuplicateApplicationError || (error as { code?: string }).code === '23505')) {
      const first = await replay()
      if (first) return first
    }
    if (isUniqueViolation(error, 'subsidy_application_one_per_period')) {
      const live = await repo.findLive(deps.db, input.policyId, enterpriseId, input.period)
      if (live) throw new DuplicateApplicationError(live.number, duplicateMessage(live.number, locale))
    }
    throw error
  }
  return { created: true, application: await getApplication(deps, actor, id, locale) }
}

/**
 * The enterprise answers a return: new inputs, payee and files (replacing files of the same
 * document), pre-checked again under the application's own policy version, then level 1 of a new round.
 * @throws ApplicationStateError unless returned, and what the pre-check throws
 */
export async function resubmitApplication(deps: Deps, actor: Actor, id: string, input: ResubmitInput, locale: Locale) {
  const viewer = await viewerOf(deps.db, actor)
  const { files, problems } = decodeDocuments(input.documents)
  await deps.db.transaction().execute(async (trx) => {
    const app = await repo.lockApplication(trx, viewer, id)
    if (!app) throw new NotFoundError('application')
    if (app.state !== 'returned') throw new ApplicationStateError(app.state, 'resubmit')
    const data = await policies.findVersion(trx, app.policy_id, app.policy_version)
    const policy = await trx
      .selectFrom('subsidy_policy')
      .select(['budget_fen', 'committed_fen'])
      .where('id', '=', app.policy_id)
      .executeTakeFirstOrThrow()
    const { facts } = await enterpriseFacts(trx, viewer, app.enterprise_id)
    const present = (await repo.listDocuments(trx, id)).map((d) => d.document_key)
    const { results, amountFen } = await precheck(trx, {
      data: data!,
      facts,
      inputs: input.inputs,
      documentKeys: files.map((f) => f.documentKey),
      presentKeys: present,
      budgetLeftFen: Number(policy.budget_fen) - Number(policy.committed_fen),
      locale,
      problems,
    })
    const round = app.round + 1
    await repo.updateApplication(trx, id, {
      state: 'submitted',
      pending_level: 1,
      round,
      inputs: JSON.stringify(input.inputs),
      amount_fen: amountFen,
      payee_account_name: input.payee.accountName,
      payee_bank_name: input.payee.bankName,
      payee_account_no: input.payee.accountNo,
      precheck: JSON.stringify(results),
      note: input.note ?? app.note,
    })
    await repo.deleteDocuments(trx, id, [...new Set(files.map((f) => f.documentKey))])
    for (const f of files) await repo.insertDocument(trx, { applicationId: id, areaId: app.area_id, ...f, uploadedBy: actor.account.id })
    await repo.insertEvent(trx, {
      applicationId: id,
      areaId: app.area_id,
      action: 'resubmit',
      round,
      actorAccountId: actor.account.id,
      note: input.note ?? null,
    })
  })
  return getApplication(deps, actor, id, locale)
}

/** The enterprise (or an officer for it) takes back an application not yet decided. @throws ApplicationStateError */
export async function withdrawApplication(deps: Deps, actor: Actor, id: string, locale: Locale) {
  const viewer = await viewerOf(deps.db, actor)
  await deps.db.transaction().execute(async (trx) => {
    const app = await repo.lockApplication(trx, viewer, id)
    if (!app) throw new NotFoundError('application')
    if (app.state !== 'submitted' && app.state !== 'returned') throw new ApplicationStateError(app.state, 'withdraw')
    await repo.updateApplication(trx, id, { state: 'withdrawn', pending_level: null })
    await repo.insertEvent(trx, {
      applicationId: id,
      areaId: app.area_id,
      action: 'withdraw',
      round: app.round,
      actorAccountId: actor.account.id,
    })
  })
  return getApplication(deps, actor, id, locale)
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listApplications(deps: Deps, actor: Actor, query: z.output<typeof applicationListQuerySchema>) {
  const viewer = await viewerOf(deps.db, actor)
  let q = selectApplicationViews(deps.db, viewer)
  if (query.state) q = q.where('subsidy_application.state', '=', query.state)
  if (query.policyId) q = q.where('subsidy_application.policy_id', '=', query.policyId)
  if (query.enterpriseId) q = q.where('subsidy_application.enterprise_id', '=', query.enterpriseId)
  if (query.view === 'todo') {
    // What the caller may decide now: pending, and this round neither filed nor approved by them (four eyes).
    q = q
      .where('subsidy_application.state', '=', 'submitted')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('subsidy_application_event as mine')
              .select('mine.id')
              .whereRef('mine.application_id', '=', 'subsidy_application.id')
              .whereRef('mine.round', '=', 'subsidy_application.round')
              .where('mine.action', 'in', ['approve', 'submit', 'resubmit'])
              .where('mine.actor_account_id', '=', actor.account.id),
          ),
        ),
      )
  }
  const count = await deps.db
    .selectFrom(q.as('v'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await q
    .orderBy('subsidy_application.submitted_at', 'desc')
    .orderBy('subsidy_application.number', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()
  return { items: await toApplications(deps.db, rows), total: Number(count.n), page: query.page, pageSize: query.pageSize }
}

/** The stored rule results, explained again in the reader's language. */
async function explainPrecheck(db: DbOrTrx, results: RuleResult[], locale: Locale): Promise<RuleResult[]> {
  const areaNames = await policies.areaNamesFor(
    db,
    results.flatMap((r) => (r.rule.areaCode ? [r.rule.areaCode] : [])),
  )
  return results.map((r) => ({ ...r, explanation: explainRule(r.rule, r.passed, r.actual, areaNames, locale) }))
}

/** One application with its pre-check, files, history and payments. Staff reads are audited. @throws NotFoundError */
export async function getApplication(deps: Deps, actor: Actor, id: string, locale: Locale): Promise<ApplicationDetail> {
  const viewer = await viewerOf(deps.db, actor)
  return applicationDetail(deps.db, viewer, id, locale)
}

async function applicationDetail(db: Db, viewer: Viewer, id: string, locale: Locale): Promise<ApplicationDetail> {
  const row = await selectApplicationViews(db, viewer).where('subsidy_application.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('application')
  const [calendar, documents, events, payments, precheck] = await Promise.all([
    loadCalendarFor(db, [row]),
    repo.listDocuments(db, id),
    repo.findEvents(db, id),
    repo.listPayments(db, id),
    explainPrecheck(db, precheckOf(row), locale),
  ])
  if (!viewer.enterpriseId) await recordAudit(db, viewer.actor, 'read', 'subsidy_application', [{ id, areaId: row.area_id }])
  return {
    ...toApplication(row, calendar),
    precheck,
    documents: documents.map((d) => ({
      id: d.id,
      documentKey: d.document_key,
      fileName: d.file_name,
      contentType: d.content_type,
      size: d.size,
      uploadedAt: d.uploaded_at.toISOString(),
    })),
    history: events.map((e) => ({ action: e.action, level: e.level, actorName: e.display_name, at: e.at.toISOString(), note: e.note })),
    payments: payments.map((p) => ({
      id: p.id,
      batchNumber: p.batch_number,
      attempt: p.attempt,
      state: p.state,
      amountFen: Number(p.amount_fen),
      bankReference: p.bank_reference,
      failureReason: p.failure_reason,
      at: (p.settled_at ?? p.created_at).toISOString(),
    })),
  }
}

/** A document's bytes, for download; audited. @throws NotFoundError */
export async function readDocument(deps: Deps, actor: Actor, applicationId: string, documentId: string) {
  const viewer = await viewerOf(deps.db, actor)
  const app = await selectApplicationViews(deps.db, viewer).where('subsidy_application.id', '=', applicationId).executeTakeFirst()
  if (!app) throw new NotFoundError('application')
  const doc = await repo.findDocument(deps.db, applicationId, documentId)
  if (!doc) throw new NotFoundError('document')
  await recordAudit(deps.db, actor, 'read', 'subsidy_document', [{ id: doc.id, areaId: doc.area_id }])
  return { fileName: doc.file_name, contentType: doc.content_type, content: Buffer.from(doc.content) }
}
