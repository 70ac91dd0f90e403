import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'

/**
 * Sign-in throttling (decision 69). A hard lock after N failures lets anyone lock the gate's
 * `guard` out from anywhere; instead each failure grows a delay on three counters:
 * - this username from this address: the guesser at one machine is slowed first;
 * - this username from anywhere: a distributed guesser, but not for addresses this account has
 *   signed in from before (the guard's own phone keeps working);
 * - this address, any username: password spraying.
 * Unknown usernames count exactly like known ones, so the answers tell nobody who exists.
 * Counters forget after a quiet hour.
 */
export const THROTTLE_RULES = {
  pair: { free: 4 },
  account: { free: 20 },
  address: { free: 30 },
} as const
const MAX_DELAY_MS = 15 * 60_000
const FORGET_AFTER_MS = 60 * 60_000

export type ThrottleKind = keyof typeof THROTTLE_RULES

/** Delay after the n-th failure: none while free, then 2 s, 4 s, 8 s … up to 15 minutes. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failures - free, 20))
}

export interface ThrottleKeys {
  pair: string
  account: string
  address: string
}

export function throttleKeys(username: string, ip: string): ThrottleKeys {
  const hash = (text: string) => createHash('sha256').update(text).digest('base64url')
  return { pair: hash(`pair\0${username}\0${ip}`), account: hash(`account\0${username}`), address: hash(`address\0${ip}`) }
}

/**
 * Seconds until a sign-in may be tried, or 0.
 * @param kinds the counters that apply (the account counter is skipped for a known address)
 */
export async function secondsBlocked(db: Db, keys: ThrottleKeys, kinds: ThrottleKind[], now: Date): Promise<number> {
  const rows = await db
    .selectFrom('login_throttle')
    .select(['blocked_until'])
    .where(
      'key',
      'in',
      kinds.map((kind) => keys[kind]),
    )
    .where('blocked_until', '>', now)
    .execute()
  const until = Math.max(0, ...rows.map((row) => row.blocked_until!.getTime()))
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0
}

/**
 * Counts one failure on every counter, atomically (a parallel burst cannot read a stale count:
 * the increment and the new delay are one upsert per key).
 */
export async function recordFailure(db: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS)
  for (const kind of Object.keys(THROTTLE_RULES) as ThrottleKind[]) {
    const counted = await sql<{ failures: number }>`
      INSERT INTO login_throttle AS t (key, failures, updated_at) VALUES (${keys[kind]}, 1, ${now})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.updated_at < ${forgetBefore} THEN 1 ELSE t.failures + 1 END,
        blocked_until = CASE WHEN t.updated_at < ${forgetBefore} THEN NULL ELSE t.blocked_until END,
        updated_at = ${now}
      RETURNING failures`.execute(db)
    const delay = delayAfter(counted.rows[0]!.failures, THROTTLE_RULES[kind].free)
    if (delay === 0) continue
    // GREATEST: of two failures racing, the one with the higher count sets the longer delay.
    const until = new Date(now.getTime() + delay)
    await db
      .updateTable('login_throttle')
      .set((eb) => ({ blocked_until: eb.fn('greatest', [eb.fn.coalesce('blocked_until', eb.val(until)), eb.val(until)]) }))
      .where('key', '=', keys[kind])
      .execute()
  }
}

/** A right password clears this username's counters (not the address's: a sprayer stays slowed). */
export async function clearAfterSuccess(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', [keys.pair, keys.account]).execute()
}
