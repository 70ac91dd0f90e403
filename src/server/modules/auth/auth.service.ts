import { createHash, randomBytes } from 'node:crypto'
import type { CreateAccountBody, OwnSession, SessionAccount } from '../../../shared/schemas/auth.ts'
import type { Db } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from '../../crypto/password.ts'
import { InvalidCredentialsError, LoginThrottledError, SecondFactorInvalidError, SecondFactorRequiredError } from './auth.errors.ts'
import { clearAfterSuccess, recordFailure, secondsBlocked, throttleKeys, type ThrottleKind } from './login-throttle.ts'
import * as repo from './auth.repository.ts'
import * as twoFactor from './two-factor.service.ts'
import { describeUserAgent } from './user-agent.ts'

/** Idle sessions end after this; a working day at the gate is covered. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

/** Hash of the cookie token: what the session table stores. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * Checks a username and password (and the second factor of an account that has one) and opens
 * a session.
 * @returns the cookie token (only ever held by the client) and the account
 * @throws InvalidCredentialsError, LoginThrottledError (after repeated failures; see login-throttle.ts),
 *   SecondFactorRequiredError (right password, no code), SecondFactorInvalidError (counted as a failure)
 */
export async function login(
  deps: Pick<Deps, 'db' | 'cipher'>,
  input: { username: string; password: string; code?: string; ip: string; userAgent: string | null },
  now = new Date(),
): Promise<{ token: string; account: SessionAccount; expiresAt: Date }> {
  const db = deps.db
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
  if (await twoFactor.isEnabled(db, account.id)) {
    // The password alone is not a failure: the form asks for the code and sends both again.
    if (!input.code) throw new SecondFactorRequiredError()
    if (!(await twoFactor.checkAtSignIn(deps, account.id, input.code, now))) {
      await recordFailure(db, keys, now)
      throw new SecondFactorInvalidError()
    }
  }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: sessionIdOf(token),
      account_id: account.id,
      expires_at: expiresAt,
      ip: input.ip,
      user_agent: input.userAgent,
    })
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
  await signOutSessions(db, accountId, {}, now)
}

/**
 * Ends some of an account's own sessions: one (`only`), all but the current one (`except`), or all.
 * This server forgets them at once; another server within SESSION_CACHE_MS.
 * @returns how many were ended (0 when `only` names no open session of this account)
 */
export async function signOutSessions(
  db: Db,
  accountId: string,
  which: { only?: string; except?: string },
  now = new Date(),
): Promise<number> {
  const ended = await repo.revokeSessionsOfAccount(db, accountId, now, which)
  for (const id of ended) sessionCache.delete(id)
  return ended.length
}

/** The account's open sessions, described for its owner, the one making the request marked. */
export async function listOwnSessions(db: Db, accountId: string, currentSessionId: string, now = new Date()): Promise<OwnSession[]> {
  const rows = await repo.listOpenSessions(db, accountId, now)
  return rows.map((row) => ({
    id: row.id,
    ...describeUserAgent(row.user_agent),
    ip: row.ip,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    current: row.id === currentSessionId,
  }))
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
