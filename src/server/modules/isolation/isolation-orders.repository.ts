import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, type Scope } from '../../db/scope.ts'
import { anyOf } from '../../db/any.ts'

function selectOrders(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'isolation_order')
    .innerJoin('person', 'person.id', 'isolation_order.person_id')
    .innerJoin('area', 'area.id', 'isolation_order.area_id')
    .leftJoin('account as responsible', 'responsible.id', 'isolation_order.responsible_account_id')
    .selectAll('isolation_order')
    .select((eb) => [
      'person.name as person_name',
      'area.name as area_name',
      'responsible.display_name as responsible_name',
      eb
        .selectFrom('alert')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('alert.person_id', '=', 'isolation_order.person_id')
        .where('alert.status', '<>', 'handled')
        .as('open_alerts'),
    ])
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['execute']>>[number]

export function findOrder(db: DbOrTrx, scope: Scope, id: string) {
  return selectOrders(db, scope).where('isolation_order.id', '=', id).executeTakeFirst()
}

export function listOrders(db: DbOrTrx, scope: Scope, filter: { status: 'open' | 'released'; areaPath?: string }) {
  let query = selectOrders(db, scope).where('isolation_order.status', '=', filter.status)
  if (filter.areaPath) query = query.where('area.path', 'like', `${filter.areaPath}%`)
  return query
    .orderBy(
      filter.status === 'open' ? 'isolation_order.ends_at' : 'isolation_order.released_at',
      filter.status === 'open' ? 'asc' : 'desc',
    )
    .limit(500)
    .execute()
}

export function updateOrder(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  changes: { address?: string | null; ends_at?: Date; starts_at?: Date; responsible_account_id?: string | null },
) {
  return updateInScope(db, scope, 'isolation_order')
    .set(changes)
    .where('isolation_order.id', '=', id)
    .where('isolation_order.status', '=', 'open')
    .returning('isolation_order.id')
    .executeTakeFirst()
}

export function releaseOrder(db: DbOrTrx, scope: Scope, id: string, by: string, note: string, now: Date) {
  return updateInScope(db, scope, 'isolation_order')
    .set({ status: 'released', released_at: now, released_by: by, release_note: note })
    .where('isolation_order.id', '=', id)
    .where('isolation_order.status', '=', 'open')
    .returning(['isolation_order.id', 'isolation_order.person_id', 'isolation_order.area_id'])
    .executeTakeFirst()
}

/** Ends every active binding of an order (release) or of one device on it (unbind). @returns the serials */
export async function unbindDevices(db: DbOrTrx, scope: Scope, orderId: string, now: Date, deviceId?: string): Promise<string[]> {
  let query = updateInScope(db, scope, 'device_binding')
    .set({ unbound_at: now })
    .where('device_binding.isolation_order_id', '=', orderId)
    .where('device_binding.unbound_at', 'is', null)
  if (deviceId) query = query.where('device_binding.device_id', '=', deviceId)
  const rows = await query.returning('device_binding.device_id').execute()
  if (!rows.length) return []
  const devices = await selectInScope(db, scope, 'device')
    .select('device.serial')
    .where(
      'device.id',
      '=',
      anyOf(
        rows.map((r) => r.device_id),
        'uuid',
      ),
    )
    .execute()
  return devices.map((d) => d.serial)
}

/** Grid workers whose area lies within the scope: who can be responsible for an order. */
export function listGridWorkers(db: DbOrTrx, scope: Scope) {
  return db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select(['account.id', 'account.display_name', 'area.name as area_name', 'area.path'])
    .where('account.role', '=', 'grid_worker')
    .where('account.disabled', '=', false)
    .where('area.path', 'like', `${scope.areaPath}%`)
    .orderBy('area.path')
    .orderBy('account.display_name')
    .execute()
}

/**
 * The grid worker answering for an area (DECISIONS.md): the enabled grid-worker account whose
 * area is the nearest one containing it (the grid itself, else its village, …); of several at
 * that level, the longest-serving account, so the choice does not change from scan to scan.
 */
export function findGridWorkerFor(db: DbOrTrx, areaId: string) {
  return db
    .selectFrom('account')
    .innerJoin('area as post', 'post.id', 'account.area_id')
    .innerJoin('area as place', (join) => join.on('place.id', '=', areaId))
    .select(['account.id', 'account.display_name'])
    .where('account.role', '=', 'grid_worker')
    .where('account.disabled', '=', false)
    .where(sql<boolean>`place.path like post.path || '%'`)
    .orderBy(sql`length(post.path)`, 'desc')
    .orderBy('account.created_at')
    .orderBy('account.id')
    .limit(1)
    .executeTakeFirst()
}
