import type { Role } from '../../../shared/roles.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import { DomainError, ForbiddenError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { ROLES_MANAGING_RECRUITMENT } from '../../../shared/schemas/recruitment.ts'

/**
 * Who looks at recruitment data: staff through their area scope; an enterprise account through
 * its one enterprise (its postings and the sign-ups matched to them), as enterprise/viewer.ts does.
 */
export interface RecruitmentViewer extends Scope {
  readonly actor: Actor
  readonly role: Role
  readonly enterpriseId: string | null
}

/**
 * @throws DomainError ENTERPRISE_ACCOUNT_UNLINKED for an enterprise account without an enterprise
 */
export async function recruitmentViewerOf(db: DbOrTrx, actor: Actor): Promise<RecruitmentViewer> {
  const base = { actor, areaPath: actor.areaPath, role: actor.account.role }
  if (actor.account.role !== 'enterprise') return { ...base, enterpriseId: null }
  const row = await db.selectFrom('account').select('enterprise_id').where('id', '=', actor.account.id).executeTakeFirst()
  if (!row?.enterprise_id) throw new DomainError('ENTERPRISE_ACCOUNT_UNLINKED', 403)
  return { ...base, enterpriseId: row.enterprise_id }
}

/** @throws ForbiddenError unless the actor runs drives (recruiter, admin) */
export function requireManager(actor: Actor): void {
  if (!ROLES_MANAGING_RECRUITMENT.includes(actor.account.role)) throw new ForbiddenError()
}
