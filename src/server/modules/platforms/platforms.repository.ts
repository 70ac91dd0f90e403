import type { Insertable } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import type { HealthPlatformTable } from './platforms.table.ts'

export function listPlatforms(db: DbOrTrx) {
  return db.selectFrom('health_platform').selectAll().orderBy('name').execute()
}

export function insertPlatform(db: DbOrTrx, row: Insertable<HealthPlatformTable>) {
  return db.insertInto('health_platform').values(row).returning('id').executeTakeFirstOrThrow()
}

export function updatePlatformEndpoint(db: DbOrTrx, id: string, changes: { endpoint?: string; enabled?: boolean }) {
  return db.updateTable('health_platform').set(changes).where('id', '=', id).executeTakeFirst()
}

export function insertPendingVerification(
  db: DbOrTrx,
  row: { passage_id: string; platform_id: string; area_id: string; code_sealed: string; last_reason: string },
) {
  return db
    .insertInto('pending_verification')
    .values(row)
    .onConflict((oc) => oc.column('passage_id').doNothing())
    .execute()
}

/** Open pending scans, oldest first, with the passage they belong to. */
export function listOpenPending(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('pending_verification')
    .innerJoin('passage', 'passage.id', 'pending_verification.passage_id')
    .innerJoin('checkpoint', 'checkpoint.id', 'passage.checkpoint_id')
    .innerJoin('area', 'area.id', 'checkpoint.area_id')
    .select([
      'area.code as area_code',
      'pending_verification.id',
      'pending_verification.passage_id',
      'pending_verification.platform_id',
      'pending_verification.area_id',
      'pending_verification.code_sealed',
      'passage.decision',
      'passage.reasons',
      'checkpoint.name as checkpoint_name',
    ])
    .where('pending_verification.resolved_at', 'is', null)
    .orderBy('pending_verification.created_at')
    .limit(limit)
    .execute()
}

export function markAttempt(db: DbOrTrx, id: string, reason: string) {
  return db
    .updateTable('pending_verification')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_reason: reason }))
    .where('id', '=', id)
    .execute()
}

export function resolvePending(db: DbOrTrx, id: string, outcome: string, at: Date) {
  return db
    .updateTable('pending_verification')
    .set({ resolved_at: at, outcome })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
}
