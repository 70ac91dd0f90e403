import { createHash, randomBytes } from 'node:crypto'
import type { CreateAccountBody, SessionAccount } from '../../../shared/schemas/auth.ts'
import type { Db } from '../../db/database.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from '../../crypto/password.ts'
import { InvalidCredentialsError, LoginThrottledError } from './auth.errors.ts'
import { clearAfterSuccess, recordFailure, secondsBlocked, throttleKeys, type ThrottleKind } from './login-throttle.ts'
import * as repo from './auth.repository.ts'

/** Idle sessions end after this; a working day at the gate is covered. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

/** Hash of the cookie token: what the session table stores. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * Checks a username and password and opens a session.
 * @returns the cookie token (only ever held by the client) and the account
 * @throws InvalidCredentialsError, LoginThrottledError (after repeated failures; see login-throttle.ts)
 */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<{ token: string; account: SessionAccount; expiresAt: Date }> {
  const keys = throttleKeys(input.username, input.ip)
  const account = await repo.findAccountByUsername(db, input.username)
  const knownAddress = account ? await repo.hasSignedInFrom(db, account.id, input.ip) : false
  const kinds: ThrottleKind[] = knownAddress ? ['pair', 'address'] : ['pair', 'account', 'address']
  const wait = await secondsBlocked(db, keys, kinds, now)
  if (wait > 0) throw new LoginThrottledError(wait)
  // Hash even for unknown names so response time does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, account?.password_hash ?? UNUSABLE_PASSWORD_HASH)
  if (!account || account.disabled || !ok) {
    await recordFailure(db, keys, now)
    throw new InvalidCredentialsError()
  }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, { id: sessionIdOf(token), account_id: account.id, expires_at: expiresAt, ip: input.ip })
  })
  await clearAfterSuccess(db, keys)
  const session = await repo.findActiveSession(db, sessionIdOf(token), now)
  return { token, account: toSessionAccount(session!), expiresAt }
}

/**
 * How long this process trusts a session it has just checked. A gate scanner sends thousands of
 * requests a second; one session query each would be most of the database's work. A logout on
 * this server takes effect at once, one on another server within this time.
 */
export const SESSION_CACHE_MS = 5_000
const SESSION_CACHE_MAX = 50_000
const sessionCache = new Map<string, { account: SessionAccount; until: number }>()

/**
 * Finds the account behind a cookie token, or null for a missing, expired or revoked session.
 */
export async function authenticate(db: Db, token: string, now = new Date()): Promise<SessionAccount | null> {
  const sessionId = sessionIdOf(token)
  const cached = sessionCache.get(sessionId)
  if (cached && cached.until > now.getTime()) return cached.account
  const row = await repo.findActiveSession(db, sessionId, now)
  if (!row) {
    sessionCache.delete(sessionId)
    return null
  }
  // Touch at most once a minute: one write per request would double the load of every read.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) await repo.touchSession(db, row.sessionId, now)
  const account = toSessionAccount(row)
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear()
  sessionCache.set(sessionId, { account, until: now.getTime() + SESSION_CACHE_MS })
  return account
}

export async function logout(db: Db, token: string, now = new Date()): Promise<void> {
  sessionCache.delete(sessionIdOf(token))
  await repo.revokeSession(db, sessionIdOf(token), now)
}

/** Ends every session of an account (password change, leaver, stolen phone). */
export async function revokeAllSessions(db: Db, accountId: string, now = new Date()): Promise<void> {
  for (const [id, entry] of sessionCache) if (entry.account.id === accountId) sessionCache.delete(id)
  await repo.revokeSessionsOfAccount(db, accountId, now)
}

/**
 * Creates an account in an area within the creator's scope.
 * @throws DomainError AREA_OUTSIDE_SCOPE; a duplicate username is a 409 from the database
 */
export async function createAccount(db: Db, scope: Scope, input: CreateAccountBody): Promise<{ id: string }> {
  await requireAreaInScope(db, scope, input.areaId)
  return repo.insertAccount(db, {
    username: input.username,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    role: input.role,
    area_id: input.areaId,
  })
}

function toSessionAccount(row: NonNullable<Awaited<ReturnType<typeof repo.findActiveSession>>>): SessionAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    areaId: row.areaId,
    areaName: row.areaName,
    areaLevel: row.areaLevel,
    areaPath: row.areaPath,
  }
}
