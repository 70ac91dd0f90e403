import { highlightRanges, normalizeForSearch, queryTerms, searchTerms } from '../../../shared/chinese-search.ts'
import {
  NOTICE_ACTIONS,
  ROLES_PUBLISHING_NOTICES,
  type NoticeAction,
  type NoticeData,
  type NoticeState,
  type NoticeSummary,
  type PublicNotice,
  type PublicNoticeList,
  type PublicNoticeQuery,
  type StaffNotice,
  type StaffNoticeList,
  type StaffNoticeQuery,
} from '../../../shared/schemas/notices.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'
import { NoticeIllegalTransitionError } from './notices.errors.ts'
import * as repo from './notices.repository.ts'
import type { NoticeTable } from './notices.table.ts'

const ENTITY = 'notice'
const EXCERPT_LENGTH = 110
const RELATED_LIMIT = 5

/**
 * The start of the body, or the part around the first match of the query, on one line: the
 * list shows where a notice says what was searched for.
 */
export function excerptOf(body: string, q?: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  const first = q ? highlightRanges(flat, q)[0] : undefined
  const start = first && first[0] > EXCERPT_LENGTH / 3 ? first[0] - 20 : 0
  const text = flat.slice(start, start + EXCERPT_LENGTH)
  return (start > 0 ? '…' : '') + text + (start + EXCERPT_LENGTH < flat.length ? '…' : '')
}

function rowToSummary(row: repo.NoticeListRow, q?: string): NoticeSummary {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    keywords: row.keywords,
    office: row.office,
    areaName: row.area_name,
    documentNumber: row.document_number,
    publishedAt: row.published_at?.toISOString() ?? null,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    excerpt: excerptOf(row.body, q),
  }
}

function rowToStaffNotice(row: repo.NoticeListRow, actor: Actor): StaffNotice {
  const mayPublish = ROLES_PUBLISHING_NOTICES.includes(actor.account.role)
  return {
    ...rowToSummary(row),
    body: row.body,
    link: row.link,
    areaId: row.area_id,
    state: row.state,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by_name,
    allowedActions: mayPublish ? [...NOTICE_ACTIONS[row.state]] : [],
  }
}

/** What a notice is found by: its title, keywords, document number and body (src/shared/chinese-search.ts). */
export function noticeSearchTerms(notice: { title: string; keywords: string[]; documentNumber?: string; body: string }): string[] {
  return searchTerms([notice.title, notice.keywords.join(' '), notice.documentNumber ?? '', notice.body].join('\n'))
}

/** The columns an input writes, with its search terms (title + keywords + body) recomputed. */
function columnsOf(input: NoticeData) {
  // Keywords compare exactly (related notices): store them in the normalised form.
  const keywords = input.keywords.map((k) => k.normalize('NFKC'))
  return {
    area_id: input.areaId,
    title: input.title,
    body: input.body,
    category: input.category,
    keywords,
    office: input.office,
    document_number: input.documentNumber ?? null,
    link: input.link ?? null,
    effective_from: input.effectiveFrom ?? null,
    effective_to: input.effectiveTo ?? null,
    search_terms: noticeSearchTerms({ ...input, keywords }),
  } satisfies Partial<Record<keyof NoticeTable, unknown>>
}

/** The lists' search: the query's terms, or nothing to filter by. */
function searchOf(q: string | undefined) {
  if (q === undefined) return {}
  return { terms: queryTerms(q), normalisedQuery: normalizeForSearch(q.trim()) }
}

/** The public list: published and in date, newest first or by relevance to `q`. */
export async function listPublicNotices(deps: Deps, query: PublicNoticeQuery, now = new Date()): Promise<PublicNoticeList> {
  const today = chinaDate(now)
  let areaPath: string | undefined
  if (query.area) {
    const area = await deps.db.selectFrom('area').select('path').where('code', '=', query.area).executeTakeFirst()
    if (!area) return { items: [], total: 0, page: query.page, pageSize: query.pageSize }
    areaPath = area.path
  }
  const filter: repo.PublicFilter = { ...searchOf(query.q), category: query.category, areaPath }
  const [rows, total] = await Promise.all([
    repo.listPublicNotices(deps.db, now, today, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countPublicNotices(deps.db, now, today, filter),
  ])
  return { items: rows.map((row) => rowToSummary(row, query.q)), total, page: query.page, pageSize: query.pageSize }
}

/**
 * One public notice with up to five related ones (shared keywords, then recency).
 * @throws NotFoundError for drafts, withdrawn and expired notices too
 */
export async function getPublicNotice(deps: Deps, id: string, now = new Date()): Promise<PublicNotice> {
  const today = chinaDate(now)
  const row = await repo.findPublicNotice(deps.db, now, today, id)
  if (!row) throw new NotFoundError(ENTITY)
  const related = await repo.listRelatedNotices(deps.db, now, today, id, row.keywords, RELATED_LIMIT)
  return { ...rowToSummary(row), body: row.body, link: row.link, related: related.map((r) => rowToSummary(r)) }
}

export async function listStaffNotices(deps: Deps, actor: Actor, query: StaffNoticeQuery): Promise<StaffNoticeList> {
  const filter: repo.StaffFilter = { terms: searchOf(query.q).terms, category: query.category, state: query.state }
  const [rows, total] = await Promise.all([
    repo.listStaffNotices(deps.db, actor, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countStaffNotices(deps.db, actor, filter),
  ])
  return { items: rows.map((row) => rowToStaffNotice(row, actor)), total, page: query.page, pageSize: query.pageSize }
}

async function requireNotice(db: DbOrTrx, scope: Scope, id: string) {
  const row = await repo.findNotice(db, scope, id)
  if (!row) throw new NotFoundError(ENTITY)
  return row
}

export async function getStaffNotice(deps: Deps, actor: Actor, id: string): Promise<StaffNotice> {
  return rowToStaffNotice(await requireNotice(deps.db, actor, id), actor)
}

/**
 * Writes a new notice as a draft, issued by an area node within the caller's scope.
 * @throws DomainError AREA_OUTSIDE_SCOPE (422, on field areaId)
 */
export async function createNotice(deps: Deps, actor: Actor, input: NoticeData, now = new Date()): Promise<StaffNotice> {
  const id = await deps.db.transaction().execute(async (trx) => {
    await requireAreaInScope(trx, actor, input.areaId)
    const { id } = await repo.insertNotice(trx, {
      ...columnsOf(input),
      state: 'draft',
      created_by: actor.account.id,
      updated_by: actor.account.id,
      created_at: now,
      updated_at: now,
    })
    return id
  })
  return getStaffNotice(deps, actor, id)
}

/**
 * Moves a notice from one of the states that allow `action`, in one guarded UPDATE.
 * @throws NotFoundError outside the scope (a Lucheng officer and an Ouhai notice), NoticeIllegalTransitionError
 */
async function transition(
  deps: Deps,
  actor: Actor,
  id: string,
  action: NoticeAction,
  values: (trx: DbOrTrx) => Promise<Parameters<typeof repo.updateNoticeFrom>[4]>,
): Promise<StaffNotice> {
  const from = (Object.keys(NOTICE_ACTIONS) as NoticeState[]).filter((state) =>
    (NOTICE_ACTIONS[state] as readonly NoticeAction[]).includes(action),
  )
  await deps.db.transaction().execute(async (trx) => {
    const current = await requireNotice(trx, actor, id)
    if (!from.includes(current.state)) throw new NoticeIllegalTransitionError(current.state, action)
    const changed = await repo.updateNoticeFrom(trx, actor, id, from, { ...(await values(trx)), updated_by: actor.account.id })
    if (!changed) throw new NoticeIllegalTransitionError(current.state, action)
  })
  return getStaffNotice(deps, actor, id)
}

/** Edits a draft or a published notice (a published one stays published, changed at once). */
export function updateNotice(deps: Deps, actor: Actor, id: string, input: NoticeData, now = new Date()): Promise<StaffNotice> {
  return transition(deps, actor, id, 'edit', async (trx) => {
    await requireAreaInScope(trx, actor, input.areaId)
    return { ...columnsOf(input), updated_at: now }
  })
}

/** Publishes a draft, or a withdrawn notice again (keeping its first publication date). */
export function publishNotice(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<StaffNotice> {
  return transition(deps, actor, id, 'publish', async (trx) => {
    const current = await requireNotice(trx, actor, id)
    return { state: 'published', published_at: current.published_at ?? now, withdrawn_at: null, updated_at: now }
  })
}

/** Takes a published notice off the public pages. */
export function withdrawNotice(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<StaffNotice> {
  return transition(deps, actor, id, 'withdraw', async () => ({ state: 'withdrawn', withdrawn_at: now, updated_at: now }))
}
