import type { AuditQuery } from '../../../shared/schemas/audit.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { AuditLogTable } from './audit.table.ts'
import type { Insertable } from 'kysely'

export function insertAuditRows(db: DbOrTrx, rows: Insertable<AuditLogTable>[]) {
  if (rows.length === 0) return Promise.resolve()
  return db.insertInto('audit_log').values(rows).execute()
}

/** Audit rows visible within an area path (rows without an area are visible from the root only). */
export function listAuditRows(db: DbOrTrx, areaPath: string, query: AuditQuery) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('area', 'area.id', 'audit_log.area_id')
    .where((eb) =>
      eb.or([
        eb('area.path', 'like', `${areaPath}%`),
        // events not tied to an area (logins) belong to whoever sees the account's area
        eb.and([
          eb('audit_log.area_id', 'is', null),
          eb(
            'audit_log.account_id',
            'in',
            eb
              .selectFrom('account')
              .innerJoin('area as account_area', 'account_area.id', 'account.area_id')
              .select('account.id')
              .where('account_area.path', 'like', `${areaPath}%`),
          ),
        ]),
      ]),
    )
  if (query.accountId) q = q.where('audit_log.account_id', '=', query.accountId)
  if (query.action) q = q.where('audit_log.action', '=', query.action)
  if (query.entityType) q = q.where('audit_log.entity_type', '=', query.entityType)
  if (query.entityId) q = q.where('audit_log.entity_id', '=', query.entityId)
  if (query.from) q = q.where('audit_log.at', '>=', new Date(query.from))
  if (query.to) q = q.where('audit_log.at', '<', new Date(query.to))
  return q
}
