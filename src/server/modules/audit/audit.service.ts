import type { AuditEntry, AuditQuery } from '../../../shared/schemas/audit.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { Actor } from '../auth/actor.ts'
import { insertAuditRows, listAuditRows } from './audit.repository.ts'

export type AuditAction = 'read' | 'list' | 'reveal' | 'create' | 'update' | 'delete' | 'login' | 'logout' | 'export' | 'import'

/**
 * Records that an actor touched personal records. Pass the open transaction when the
 * change itself is written in one, so the record and its audit row stand or fall together.
 */
export async function recordAudit(
  db: DbOrTrx,
  actor: Pick<Actor, 'account' | 'ip'> | null,
  action: AuditAction,
  entityType: string,
  targets: { id: string | null; areaId: string | null }[],
): Promise<void> {
  await insertAuditRows(
    db,
    targets.map((t) => ({
      account_id: actor?.account.id ?? null,
      username: actor?.account.username ?? null,
      action,
      entity_type: entityType,
      entity_id: t.id,
      area_id: t.areaId,
      ip: actor?.ip ?? null,
    })),
  )
}

/** Browses the audit log of the actor's area, newest first. */
export async function browseAudit(db: Db, actor: Actor, query: AuditQuery) {
  const base = listAuditRows(db, actor.areaPath, query)
  const [rows, count] = await Promise.all([
    base
      .select([
        'audit_log.id',
        'audit_log.at',
        'audit_log.account_id',
        'audit_log.username',
        'audit_log.action',
        'audit_log.entity_type',
        'audit_log.entity_id',
        'audit_log.area_id',
        'audit_log.ip',
      ])
      .orderBy('audit_log.at', 'desc')
      .orderBy('audit_log.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  const items: AuditEntry[] = rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    accountId: r.account_id,
    username: r.username,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    areaId: r.area_id,
    ip: r.ip,
  }))
  return { items, total: Number(count.n), page: query.page, pageSize: query.pageSize }
}
