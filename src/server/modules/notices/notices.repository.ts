import { sql, type Updateable } from 'kysely'
import type { NoticeCategory, NoticeState } from '../../../shared/schemas/notices.ts'
import { MARKS_INSIDE_HAN_TEXT } from '../../../shared/chinese-search.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'
import type { NewNoticeRow, NoticeTable } from './notices.table.ts'

/** Notices with their issuing area's name and the last editor's name. */
function selectNotices(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'notice')
    .innerJoin('area', 'area.id', 'notice.area_id')
    .leftJoin('account as editor', 'editor.id', 'notice.updated_by')
    .selectAll('notice')
    .select(['area.name as area_name', 'editor.display_name as updated_by_name'])
}
export type NoticeListRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>

export function findNotice(db: DbOrTrx, scope: Scope, id: string) {
  return selectNotices(db, scope).where('notice.id', '=', id).executeTakeFirst()
}

/** All of these terms (array containment, served by the GIN index on search_terms). */
function containsAll(terms: string[]) {
  return sql<boolean>`notice.search_terms @> ${sql.val(terms)}::text[]`
}

/**
 * How well a match fits: the whole query in the title (0), in the keywords (1), in the body (2),
 * only as scattered terms (3). strpos on the NFKC-normalised text behaves the same on
 * PostgreSQL and PGlite (no locale-dependent operators). The quote marks a Han phrase carries
 * (战“疫”专项) are dropped on both sides, as the search terms drop them.
 */
function rankOf(normalisedQuery: string) {
  const query = [...normalisedQuery].filter((ch) => !MARKS_INSIDE_HAN_TEXT.includes(ch)).join('')
  const within = (text: ReturnType<typeof sql>) =>
    sql`strpos(translate(lower(normalize(${text}, NFKC)), ${MARKS_INSIDE_HAN_TEXT}, ''), ${query}) > 0`
  return sql<number>`CASE WHEN ${within(sql.ref('notice.title'))} THEN 0
    WHEN ${within(sql`array_to_string(notice.keywords, ' ')`)} THEN 1
    WHEN ${within(sql.ref('notice.body'))} THEN 2 ELSE 3 END`
}

/** What the public sees: published, published by now, and not past its end date. */
function publicNotices(db: DbOrTrx, now: Date, today: string) {
  return selectNotices(db, WHOLE_TREE)
    .where('notice.state', '=', 'published')
    .where('notice.published_at', '<=', now)
    .where((eb) => eb.or([eb('notice.effective_to', 'is', null), eb('notice.effective_to', '>=', today)]))
}

export interface PublicFilter {
  terms?: string[]
  normalisedQuery?: string
  category?: NoticeCategory
  /** Path of an area node: notices issued there, above it (they apply there too) or below it. */
  areaPath?: string
}

function filteredPublic(db: DbOrTrx, now: Date, today: string, filter: PublicFilter) {
  let query = publicNotices(db, now, today)
  if (filter.terms) query = query.where(containsAll(filter.terms))
  if (filter.category) query = query.where('notice.category', '=', filter.category)
  const areaPath = filter.areaPath
  if (areaPath) {
    query = query.where((eb) => eb.or([eb('area.path', 'like', `${areaPath}%`), eb(sql<number>`strpos(${areaPath}, area.path)`, '=', 1)]))
  }
  return query
}

/** Newest first, or by relevance (then newest) when there is a query. */
export function listPublicNotices(db: DbOrTrx, now: Date, today: string, filter: PublicFilter, limit: number, offset: number) {
  let query = filteredPublic(db, now, today, filter)
  if (filter.normalisedQuery !== undefined) query = query.orderBy(rankOf(filter.normalisedQuery))
  return query.orderBy('notice.published_at', 'desc').orderBy('notice.id').limit(limit).offset(offset).execute()
}

export async function countPublicNotices(db: DbOrTrx, now: Date, today: string, filter: PublicFilter): Promise<number> {
  const row = await filteredPublic(db, now, today, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findPublicNotice(db: DbOrTrx, now: Date, today: string, id: string) {
  return publicNotices(db, now, today).where('notice.id', '=', id).executeTakeFirst()
}

/** Other public notices sharing at least one keyword: most shared keywords first, then newest. */
export function listRelatedNotices(db: DbOrTrx, now: Date, today: string, id: string, keywords: string[], limit: number) {
  const shared = sql<number>`cardinality(ARRAY(SELECT unnest(notice.keywords) INTERSECT SELECT unnest(${sql.val(keywords)}::text[])))`
  return publicNotices(db, now, today)
    .where('notice.id', '<>', id)
    .where(sql<boolean>`notice.keywords && ${sql.val(keywords)}::text[]`)
    .orderBy(shared, 'desc')
    .orderBy('notice.published_at', 'desc')
    .orderBy('notice.id')
    .limit(limit)
    .execute()
}

export interface StaffFilter {
  terms?: string[]
  category?: NoticeCategory
  state?: NoticeState
}

function filteredStaff(db: DbOrTrx, scope: Scope, filter: StaffFilter) {
  let query = selectNotices(db, scope)
  if (filter.terms) query = query.where(containsAll(filter.terms))
  if (filter.category) query = query.where('notice.category', '=', filter.category)
  if (filter.state) query = query.where('notice.state', '=', filter.state)
  return query
}

/** The desk's list: drafts first (work to do), then the most recently changed. */
export function listStaffNotices(db: DbOrTrx, scope: Scope, filter: StaffFilter, limit: number, offset: number) {
  return filteredStaff(db, scope, filter)
    .orderBy((eb) => eb.case().when('notice.state', '=', 'draft').then(0).else(1).end())
    .orderBy('notice.updated_at', 'desc')
    .orderBy('notice.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countStaffNotices(db: DbOrTrx, scope: Scope, filter: StaffFilter): Promise<number> {
  const row = await filteredStaff(db, scope, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertNotice(db: DbOrTrx, row: NewNoticeRow) {
  return db.insertInto('notice').values(row).returning('id').executeTakeFirstOrThrow()
}

/**
 * Changes a notice within the scope only while it is in one of `from`: of two officers acting
 * at once on the same notice, the second finds the state moved on and changes nothing.
 * @returns the number of rows changed (0 or 1)
 */
export async function updateNoticeFrom(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  from: readonly NoticeState[],
  values: Updateable<NoticeTable>,
): Promise<number> {
  const result = await updateInScope(db, scope, 'notice')
    .set(values)
    .where('notice.id', '=', id)
    .where('notice.state', 'in', [...from])
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
