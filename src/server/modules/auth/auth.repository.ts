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
  const row = await db
    .selectFrom('session')
    .select('id')
    .where('account_id', '=', accountId)
    .where('ip', '=', ip)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export function insertSession(
  db: DbOrTrx,
  row: { id: string; account_id: string; expires_at: Date; ip: string | null; user_agent: string | null },
) {
  return db.insertInto('session').values(row).execute()
}

export function touchSession(db: DbOrTrx, sessionId: string, now: Date) {
  return db.updateTable('session').set({ last_seen_at: now }).where('id', '=', sessionId).execute()
}

export function revokeSession(db: DbOrTrx, sessionId: string, now: Date) {
  return db.updateTable('session').set({ revoked_at: now }).where('id', '=', sessionId).execute()
}

/**
 * Ends an account's open sessions: all, all but one (`except`), or one (`only`).
 * @returns the ids ended (none when `only` is not this account's open session)
 */
export async function revokeSessionsOfAccount(
  db: DbOrTrx,
  accountId: string,
  now: Date,
  which: { only?: string; except?: string } = {},
): Promise<string[]> {
  let query = db.updateTable('session').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null)
  if (which.only !== undefined) query = query.where('id', '=', which.only)
  if (which.except !== undefined) query = query.where('id', '<>', which.except)
  const rows = await query.returning('id').execute()
  return rows.map((row) => row.id)
}

/** An account's sessions that still let it in, most recently used first. */
export function listOpenSessions(db: DbOrTrx, accountId: string, now: Date) {
  return db
    .selectFrom('session')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute()
}
