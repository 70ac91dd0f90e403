import {
  SENSITIVE_AUDIT_ACTIONS,
  type AuditActionName,
  type AuditEntry,
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  type AuditTargets,
} from '../../../shared/schemas/audit.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { queryShape } from './audit-detail.ts'
import { nameSubjects, subjectOf } from './audit-subjects.ts'
import { findTargetIds, insertAuditRows, listAuditRows, type AuditListRow } from './audit.repository.ts'

export type AuditAction = AuditActionName

/** Actions over a set of records: always one summary row, even when the set holds one record. */
const SUMMARISED = new Set<AuditAction>(['list', 'export'])

/** What one audit call touched: the record and the area it belongs to. */
export interface AuditTarget {
  id: string | null
  areaId: string | null
}

/**
 * Records that an actor touched personal records: one row per call. A single record is named
 * in entity_id; a list or export, or several records, make one summary row with their ids, count and
 * areas, so a list of 50 people is one line in the log, not 50. `detail.query` is the request's
 * filters; personal values in it are replaced (see queryShape). Pass the open transaction when
 * the change itself is written in one, so the record and its audit row stand or fall together.
 */
export async function recordAudit(
  db: DbOrTrx,
  actor: Pick<Actor, 'account' | 'ip'> | null,
  action: AuditAction,
  entityType: string,
  targets: AuditTarget[],
  detail?: { query?: Record<string, unknown> },
): Promise<void> {
  if (targets.length === 0) return
  const common = {
    account_id: actor?.account.id ?? null,
    username: actor?.account.username ?? null,
    action,
    entity_type: entityType,
    ip: actor?.ip ?? null,
    detail: detail?.query ? JSON.stringify({ query: queryShape(detail.query) }) : null,
  }
  if (targets.length === 1 && !SUMMARISED.has(action)) {
    await insertAuditRows(db, [{ ...common, entity_id: targets[0]!.id, area_id: targets[0]!.areaId }])
    return
  }
  const ids = [...new Set(targets.map((t) => t.id).filter((id): id is string => id !== null))]
  const areas = [...new Set(targets.map((t) => t.areaId).filter((id): id is string => id !== null))]
  // an export of a whole register names no single record: the query says what was taken
  const summary = ids.length ? { target_ids: ids, target_count: ids.length, target_area_ids: areas } : {}
  await insertAuditRows(db, [
    {
      ...common,
      entity_id: null,
      // the records' own area when they share one, else the area the actor worked from
      area_id: areas.length === 1 ? areas[0]! : (actor?.account.areaId ?? null),
      ...summary,
    },
  ])
}

const SENSITIVE = new Set<string>(SENSITIVE_AUDIT_ACTIONS)

async function toEntries(db: Db, actor: Actor, rows: AuditListRow[]): Promise<AuditEntry[]> {
  const names = await nameSubjects(
    db,
    actor,
    rows.filter((r) => r.entity_id).map((r) => ({ type: r.entity_type, id: r.entity_id! })),
  )
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    action: r.action,
    sensitive: SENSITIVE.has(r.action),
    actor:
      r.account_id && r.account_username
        ? { id: r.account_id, username: r.account_username, displayName: r.account_display_name ?? r.account_username }
        : null,
    username: r.username,
    entityType: r.entity_type,
    entityId: r.entity_id,
    subject: r.entity_id ? subjectOf(names, r.entity_type, r.entity_id) : null,
    count: r.target_count,
    area: r.area_id && r.area_name ? { id: r.area_id, name: r.area_name } : null,
    ip: r.ip,
    query: (r.detail?.query as Record<string, unknown> | undefined) ?? null,
  }))
}

/** Browses the audit log of the actor's area, newest first, a keyset page at a time. */
export async function browseAudit(db: Db, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  let q = listAuditRows(db, actor.areaPath, query)
  if (query.before) q = q.where('audit_log.id', '<', query.before)
  const rows = await q
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  return { items: await toEntries(db, actor, page), nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null }
}

/**
 * The records one summary row names, within the actor's area: those outside it (or gone) are
 * only counted. @throws NotFoundError when the row is not visible to the actor
 */
export async function auditTargets(db: Db, actor: Actor, id: string): Promise<AuditTargets> {
  const visible = await listAuditRows(db, actor.areaPath, {}).where('audit_log.id', '=', id).executeTakeFirst()
  if (!visible) throw new NotFoundError('audit_log')
  const row = await findTargetIds(db, id)
  const ids = row?.target_ids ?? []
  const names = await nameSubjects(
    db,
    actor,
    ids.map((target) => ({ type: visible.entity_type, id: target })),
  )
  const items = ids.map((target) => ({ id: target, ...subjectOf(names, visible.entity_type, target) })).filter((s) => !s.unknown)
  return { items: items.map(({ id: target, personId, label }) => ({ id: target, personId, label })), hidden: ids.length - items.length }
}

/** Most rows one export may hold: beyond it the reader narrows the filters. */
export const AUDIT_EXPORT_LIMIT = 50_000

/**
 * The filtered rows for an export, newest first, at most `limit` (truncated says more matched);
 * the export itself is audited with its filters.
 */
export async function entriesForExport(
  db: Db,
  actor: Actor,
  filter: AuditFilter,
  limit = AUDIT_EXPORT_LIMIT,
): Promise<{ entries: AuditEntry[]; truncated: boolean }> {
  const rows = await listAuditRows(db, actor.areaPath, filter)
    .orderBy('audit_log.id', 'desc')
    .limit(limit + 1)
    .execute()
  const entries = await toEntries(db, actor, rows.slice(0, limit))
  await recordAudit(db, actor, 'export', 'audit_log', [{ id: null, areaId: actor.account.areaId }], {
    query: { ...filter, rows: entries.length },
  })
  return { entries, truncated: rows.length > limit }
}
