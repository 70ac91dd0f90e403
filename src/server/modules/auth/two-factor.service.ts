import { randomBytes } from 'node:crypto'
import {
  ROLES_WITH_TWO_FACTOR,
  type AccountTwoFactor,
  type RecoveryCodes,
  type SessionAccount,
  type TwoFactorEnrolment,
  type TwoFactorStatus,
} from '../../../shared/schemas/auth.ts'
import { base32Decode, base32Encode, matchTotp, otpauthUri } from '../../crypto/totp.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { DomainError } from '../../errors.ts'
import {
  LoginThrottledError,
  SecondFactorInvalidError,
  TwoFactorAlreadyEnabledError,
  TwoFactorNotAvailableError,
  TwoFactorNotEnabledError,
  TwoFactorNotPendingError,
} from './auth.errors.ts'
import { clearAfterSuccess, recordFailure, secondsBlocked, throttleKeys } from './login-throttle.ts'
import * as repo from './two-factor.repository.ts'

/**
 * The optional second factor (decision in docs/DECISIONS.md, "TOTP second factor"): an
 * authenticator app's 6-digit code, or one of ten recovery codes shown once at enrolment.
 */
type CryptoDeps = Pick<Deps, 'db' | 'cipher'>

const ISSUER = 'Gridline'
const RECOVERY_CODE_COUNT = 10

/** 'abcde-fghij': 50 random bits, easy to copy off paper. */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase()
  return `${text.slice(0, 5)}-${text.slice(5)}`
}

/** Keyed hash of a recovery code as typed: case, spaces and dashes do not matter. */
function recoveryCodeHash(deps: CryptoDeps, code: string): string {
  return deps.cipher.blindIndex('totp-recovery', code.toLowerCase().replace(/[^a-z0-9]/g, ''))
}

export async function isEnabled(db: Db, accountId: string): Promise<boolean> {
  const totp = await repo.findTotp(db, accountId)
  return !!totp?.confirmed_at
}

export async function status(db: Db, account: SessionAccount): Promise<TwoFactorStatus> {
  const totp = await repo.findTotp(db, account.id)
  const enabledAt = totp?.confirmed_at ?? null
  return {
    available: ROLES_WITH_TWO_FACTOR.includes(account.role),
    enabled: enabledAt !== null,
    enabledAt: enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enabledAt ? await repo.countRecoveryCodesLeft(db, account.id) : 0,
  }
}

/**
 * Creates a new secret, sealed at rest, waiting for its first code. Starting again replaces a
 * secret that was never confirmed.
 * @throws TwoFactorNotAvailableError for other roles, TwoFactorAlreadyEnabledError
 */
export async function startEnrolment(deps: CryptoDeps, account: SessionAccount): Promise<TwoFactorEnrolment> {
  if (!ROLES_WITH_TWO_FACTOR.includes(account.role)) throw new TwoFactorNotAvailableError()
  const secret = base32Encode(randomBytes(20))
  if (!(await repo.upsertPendingTotp(deps.db, account.id, deps.cipher.seal(secret)))) throw new TwoFactorAlreadyEnabledError()
  return { secret, otpauthUri: otpauthUri(secret, ISSUER, account.username) }
}

/**
 * Checks a code typed on the account-security page, slowed like a password after failures
 * (someone at an unlocked screen must not get unlimited guesses at the code).
 */
async function throttledCodeCheck(db: Db, account: SessionAccount, ip: string, now: Date, check: () => Promise<boolean>): Promise<void> {
  const keys = throttleKeys(account.username, ip)
  const wait = await secondsBlocked(db, keys, ['pair', 'address'], now)
  if (wait > 0) throw new LoginThrottledError(wait)
  if (!(await check())) {
    await recordFailure(db, keys, now)
    throw new SecondFactorInvalidError()
  }
  await clearAfterSuccess(db, keys)
}

/** The step of a TOTP code, claimed so it cannot be used again; false for a wrong or used code. */
async function acceptTotp(
  deps: CryptoDeps,
  db: DbOrTrx,
  accountId: string,
  secretSealed: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = matchTotp(base32Decode(deps.cipher.open(secretSealed)), code, now)
  return step !== null && (await repo.claimTotpStep(db, accountId, step))
}

/**
 * Turns the second factor on with the first code from the app.
 * @returns ten recovery codes, shown once (only their keyed hashes are kept)
 * @throws TwoFactorNotPendingError, SecondFactorInvalidError, LoginThrottledError
 */
export async function confirmEnrolment(
  deps: CryptoDeps,
  account: SessionAccount,
  ip: string,
  code: string,
  now = new Date(),
): Promise<RecoveryCodes> {
  const totp = await repo.findTotp(deps.db, account.id)
  if (!totp) throw new TwoFactorNotPendingError()
  if (totp.confirmed_at) throw new TwoFactorAlreadyEnabledError()
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await throttledCodeCheck(deps.db, account, ip, now, () =>
    deps.db.transaction().execute(async (trx) => {
      if (!(await acceptTotp(deps, trx, account.id, totp.secret_sealed, code, now))) return false
      await repo.markTotpConfirmed(trx, account.id, now)
      await repo.replaceRecoveryCodes(
        trx,
        account.id,
        recoveryCodes.map((c) => recoveryCodeHash(deps, c)),
      )
      return true
    }),
  )
  return { recoveryCodes }
}

/**
 * Turns the second factor off; needs a current code from the app (not a recovery code: a lost
 * phone is the admin's reset).
 */
export async function disable(deps: CryptoDeps, account: SessionAccount, ip: string, code: string, now = new Date()): Promise<void> {
  const totp = await repo.findTotp(deps.db, account.id)
  if (!totp?.confirmed_at) throw new TwoFactorNotEnabledError()
  await throttledCodeCheck(deps.db, account, ip, now, async () => {
    if (!(await acceptTotp(deps, deps.db, account.id, totp.secret_sealed, code, now))) return false
    await repo.deleteTotp(deps.db, account.id)
    return true
  })
}

/**
 * The second step of a sign-in: a 6-digit code from the app (each at most once), or an unused
 * recovery code (spent by this call). The caller counts a false as a failed sign-in.
 */
export async function checkAtSignIn(deps: CryptoDeps, accountId: string, code: string, now: Date): Promise<boolean> {
  const totp = await repo.findTotp(deps.db, accountId)
  if (!totp?.confirmed_at) return false
  if (/^\d{6}$/.test(code)) return acceptTotp(deps, deps.db, accountId, totp.secret_sealed, code, now)
  return repo.spendRecoveryCode(deps.db, accountId, recoveryCodeHash(deps, code), now)
}

/** The accounts in the admin's area whose role may use a second factor, and whether they do. */
export async function listAccounts(db: Db, scope: Scope): Promise<AccountTwoFactor[]> {
  const rows = await repo.listAccountsWithTwoFactor(db, scope, ROLES_WITH_TWO_FACTOR)
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    areaName: row.area_name,
    enabledAt: row.confirmed_at?.toISOString() ?? null,
  }))
}

/**
 * An admin removes an account's second factor (a lost phone and no recovery codes left); the
 * user can then sign in with the password alone and enrol again.
 * @returns the account's area, for the audit line
 * @throws DomainError NOT_FOUND outside the admin's area, TwoFactorNotEnabledError
 */
export async function reset(db: Db, scope: Scope, accountId: string): Promise<{ areaId: string }> {
  const account = await repo.findAccountInScope(db, scope, accountId)
  if (!account) throw new DomainError('NOT_FOUND', 404)
  if (!(await repo.deleteTotp(db, accountId))) throw new TwoFactorNotEnabledError()
  return { areaId: account.area_id }
}
