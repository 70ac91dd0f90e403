import type { DbOrTrx } from '../../db/database.ts'
import type { NewAccountRow } from './auth.table.ts'

/** The session joined with its account and area: what a request needs to know who it is. */
export function findActiveSession(db: DbOrTrx, sessionId: string, now: Date) {
  return db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select([
      'session.id as sessionId',
      'session.last_seen_at as lastSeenAt',
      'account.id',
      'account.username',
      'account.display_name as displayName',
      'account.role',
      'account.area_id as areaId',
      'area.name as areaName',
      'area.level as areaLevel',
      'area.path as areaPath',
    ])
    .where('session.id', '=', sessionId)
    .where('session.revoked_at', 'is', null)
    .where('session.expires_at', '>', now)
    .where('account.disabled', '=', false)
    .executeTakeFirst()
}

export function findAccountByUsername(db: DbOrTrx, username: string) {
  return db.selectFrom('account').selectAll().where('username', '=', username).executeTakeFirst()
}

export function insertAccount(db: DbOrTrx, row: NewAccountRow) {
  return db.insertInto('account').values(row).returning('id').executeTakeFirstOrThrow()
}

/** Has this account signed in from this address before (a known device for the throttle)? */
export async function hasSignedInFrom(db: DbOrTrx, accountId: string, ip: string): Promise<boolean> {
  const row = await db.selectFrom('session').select('id').where('account_id', '=', accountId).where('ip', '=', ip).limit(1).executeTakeFirst()
  return row !== undefined
}

export function insertSession(
  db: DbOrTrx,
  row: { id: string; account_id: string; expires_at: Date; ip: string | null },
) {
  return db.insertInto('session').values(row).execute()
}

export function touchSession(db: DbOrTrx, sessionId: string, now: Date) {
  return db.updateTable('session').set({ last_seen_at: now }).where('id', '=', sessionId).execute()
}

export function revokeSession(db: DbOrTrx, sessionId: string, now: Date) {
  return db.updateTable('session').set({ revoked_at: now }).where('id', '=', sessionId).execute()
}

export function revokeSessionsOfAccount(db: DbOrTrx, accountId: string, now: Date) {
  return db
    .updateTable('session')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute()
}
