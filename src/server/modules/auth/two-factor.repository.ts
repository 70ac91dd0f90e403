import type { DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'

export function findTotp(db: DbOrTrx, accountId: string) {
  return db.selectFrom('account_totp').selectAll().where('account_id', '=', accountId).executeTakeFirst()
}

/** Starts (or restarts) an enrolment; an enabled second factor is never overwritten. */
export async function upsertPendingTotp(db: DbOrTrx, accountId: string, secretSealed: string): Promise<boolean> {
  const rows = await db
    .insertInto('account_totp')
    .values({ account_id: accountId, secret_sealed: secretSealed, confirmed_at: null, last_used_step: null })
    .onConflict((oc) =>
      oc
        .column('account_id')
        .doUpdateSet({ secret_sealed: secretSealed, last_used_step: null })
        .where('account_totp.confirmed_at', 'is', null),
    )
    .returning('account_id')
    .execute()
  return rows.length === 1
}

/**
 * Records that a code of this time step was accepted, unless this step or a later one already
 * was: one conditional update, so two requests racing with the same code cannot both pass.
 */
export async function claimTotpStep(db: DbOrTrx, accountId: string, step: number): Promise<boolean> {
  const rows = await db
    .updateTable('account_totp')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .returning('account_id')
    .execute()
  return rows.length === 1
}

export function markTotpConfirmed(db: DbOrTrx, accountId: string, now: Date) {
  return db.updateTable('account_totp').set({ confirmed_at: now }).where('account_id', '=', accountId).execute()
}

/** Removes the second factor and its recovery codes (cascade). */
export async function deleteTotp(db: DbOrTrx, accountId: string): Promise<boolean> {
  const rows = await db.deleteFrom('account_totp').where('account_id', '=', accountId).returning('account_id').execute()
  return rows.length === 1
}

export async function replaceRecoveryCodes(db: DbOrTrx, accountId: string, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('totp_recovery_code').where('account_id', '=', accountId).execute()
  await db
    .insertInto('totp_recovery_code')
    .values(codeHashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute()
}

/** Spends a recovery code: true once, false ever after (and for a code that never was). */
export async function spendRecoveryCode(db: DbOrTrx, accountId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .updateTable('totp_recovery_code')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('account_id')
    .execute()
  return rows.length === 1
}

export async function countRecoveryCodesLeft(db: DbOrTrx, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('totp_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Accounts of the given roles in the scope's area, with when their second factor was turned on. */
export function listAccountsWithTwoFactor(db: DbOrTrx, scope: Scope, roles: readonly string[]) {
  return db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .leftJoin('account_totp', 'account_totp.account_id', 'account.id')
    .select([
      'account.id',
      'account.username',
      'account.display_name',
      'account.role',
      'area.name as area_name',
      'account_totp.confirmed_at',
    ])
    .where('area.path', 'like', `${scope.areaPath}%`)
    .where('account.role', 'in', roles as never)
    .where('account.disabled', '=', false)
    .orderBy('account.username')
    .execute()
}

/** An account within the scope's area, or undefined. */
export function findAccountInScope(db: DbOrTrx, scope: Scope, accountId: string) {
  return db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select(['account.id', 'account.username', 'account.area_id'])
    .where('account.id', '=', accountId)
    .where('area.path', 'like', `${scope.areaPath}%`)
    .executeTakeFirst()
}
