import { ME_PATH } from '../../../shared/schemas/resident.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import * as repo from './resident.repository.ts'
import { hashToken, newToken } from './resident.service.ts'

/**
 * Issues a person's personal link for /me (or a new one): the previous link stops working and
 * the phones that hold the person through it let go of them, in one transaction. Only the hash
 * is stored, so the link is shown this once (to print as a QR or pass on).
 * @returns the path to put after the public base, e.g. '/me#Zq3…'
 * @throws NotFoundError outside the actor's area
 */
export async function issueMeLink(deps: Deps, actor: Actor, personId: string, now = new Date()) {
  return deps.db.transaction().execute(async (trx) => {
    const person = await findPersonById(trx, actor, personId)
    if (!person) throw new NotFoundError('person')
    const revoked = await repo.revokeLinksOf(trx, actor, personId, now)
    await repo.unbindByLinks(
      trx,
      revoked.map((r) => r.id),
      now,
    )
    const token = newToken()
    const link = await repo.insertLink(trx, {
      person_id: person.id,
      area_id: person.area_id,
      token_hash: hashToken(token),
      issued_by: actor.account.id,
      issued_at: now,
    })
    await recordAudit(trx, actor, 'create', 'me_link', [{ id: person.id, areaId: person.area_id }])
    return { path: `${ME_PATH}#${token}`, issuedAt: link.issued_at.toISOString(), replaced: revoked.length > 0 }
  })
}
