import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'

export function insertAnnouncement(
  db: DbOrTrx,
  row: { area_id: string; body: string; group_name: string | null; created_by: string; created_at: Date },
) {
  return db.insertInto('announcement').values(row).returning('id').executeTakeFirstOrThrow()
}

/** Active speakers in scope, of a group or by id. */
export function findSpeakers(db: DbOrTrx, scope: Scope, areaPath: string, target: { groupName?: string; deviceIds?: string[] }) {
  let query = selectInScope(db, scope, 'device')
    .innerJoin('area', 'area.id', 'device.area_id')
    .select(['device.id', 'device.area_id'])
    .where('device.kind', '=', 'speaker')
    .where('device.status', '=', 'active')
    .where('area.path', 'like', `${areaPath}%`)
  if (target.groupName) query = query.where('device.group_name', '=', target.groupName)
  if (target.deviceIds) query = query.where('device.id', 'in', target.deviceIds)
  return query.execute()
}

export function insertDeliveries(db: DbOrTrx, rows: { announcement_id: string; device_id: string; area_id: string }[]) {
  return db
    .insertInto('announcement_delivery')
    .values(rows.map((r) => ({ ...r, sent_at: null, acked_at: null })))
    .execute()
}

export function listAnnouncements(db: DbOrTrx, scope: Scope, limit: number) {
  return selectInScope(db, scope, 'announcement')
    .innerJoin('area', 'area.id', 'announcement.area_id')
    .leftJoin('account', 'account.id', 'announcement.created_by')
    .select([
      'announcement.id',
      'announcement.body',
      'announcement.group_name',
      'announcement.created_at',
      'area.name as area_name',
      'account.display_name as created_by',
    ])
    .orderBy('announcement.created_at', 'desc')
    .limit(limit)
    .execute()
}

export function listDeliveries(db: DbOrTrx, scope: Scope, announcementIds: string[]) {
  if (!announcementIds.length) return Promise.resolve([])
  return selectInScope(db, scope, 'announcement_delivery')
    .innerJoin('device', 'device.id', 'announcement_delivery.device_id')
    .select([
      'announcement_delivery.announcement_id',
      'announcement_delivery.device_id',
      'announcement_delivery.sent_at',
      'announcement_delivery.acked_at',
      'device.serial',
      'device.label',
    ])
    .where('announcement_delivery.announcement_id', 'in', announcementIds)
    .orderBy('device.serial')
    .execute()
}

/** Deliveries not sent yet (the device worker publishes them), oldest first, of the last day. */
export function findUnsentDeliveries(db: DbOrTrx, since: Date, limit: number) {
  return selectInScope(db, WHOLE_TREE, 'announcement_delivery')
    .innerJoin('announcement', 'announcement.id', 'announcement_delivery.announcement_id')
    .innerJoin('device', 'device.id', 'announcement_delivery.device_id')
    .select([
      'announcement_delivery.announcement_id',
      'announcement_delivery.device_id',
      'announcement.body',
      'announcement.created_at',
      'device.serial',
    ])
    .where('announcement_delivery.sent_at', 'is', null)
    .where('announcement.created_at', '>=', since)
    .orderBy('announcement.created_at')
    .limit(limit)
    .execute()
}

export function markSent(db: DbOrTrx, announcementId: string, deviceId: string, at: Date) {
  return updateInScope(db, WHOLE_TREE, 'announcement_delivery')
    .set({ sent_at: at })
    .where('announcement_delivery.announcement_id', '=', announcementId)
    .where('announcement_delivery.device_id', '=', deviceId)
    .execute()
}

/**
 * Active speakers in scope with their latest delivery (DISTINCT ON: one row per speaker, the
 * newest announcement first), for the speakers' live state.
 */
export function listSpeakerStatuses(db: DbOrTrx, scope: Scope, areaPath: string) {
  const latest = db
    .selectFrom('announcement_delivery')
    .innerJoin('announcement', 'announcement.id', 'announcement_delivery.announcement_id')
    .distinctOn('announcement_delivery.device_id')
    .select(['announcement_delivery.device_id', 'announcement_delivery.announcement_id', 'announcement_delivery.acked_at'])
    .orderBy('announcement_delivery.device_id')
    .orderBy('announcement.created_at', 'desc')
    .as('latest')
  return selectInScope(db, scope, 'device')
    .innerJoin('area', 'area.id', 'device.area_id')
    .leftJoin(latest, 'latest.device_id', 'device.id')
    .select([
      'device.id',
      'device.serial',
      'device.label',
      'device.group_name',
      'device.report_interval_s',
      'device.last_seen_at',
      'area.name as area_name',
      'latest.announcement_id',
      'latest.acked_at',
    ])
    .where('device.kind', '=', 'speaker')
    .where('device.status', '=', 'active')
    .where('area.path', 'like', `${areaPath}%`)
    .orderBy('device.group_name')
    .orderBy('device.serial')
    .limit(1000)
    .execute()
}

/** An acknowledgement is a sign of life too: the speaker is heard now. */
export function markSpeakerSeen(db: DbOrTrx, deviceId: string, at: Date) {
  return updateInScope(db, WHOLE_TREE, 'device')
    .set({ last_seen_at: sql`greatest(coalesce(device.last_seen_at, ${at.toISOString()}::timestamptz), ${at.toISOString()}::timestamptz)` })
    .where('device.id', '=', deviceId)
    .execute()
}

/** A speaker's acknowledgement; only for an announcement that was delivered to that speaker. */
export function markAcked(db: DbOrTrx, announcementId: string, deviceId: string, at: Date) {
  return updateInScope(db, WHOLE_TREE, 'announcement_delivery')
    .set((eb) => ({
      acked_at: eb.fn.coalesce('announcement_delivery.acked_at', eb.val(at)),
      sent_at: eb.fn.coalesce('announcement_delivery.sent_at', eb.val(at)),
    }))
    .where('announcement_delivery.announcement_id', '=', announcementId)
    .where('announcement_delivery.device_id', '=', deviceId)
    .executeTakeFirst()
}
