import { maskPhone } from '../../../shared/id-document.ts'
import { addDays } from '../../../shared/schemas/returnees.ts'
import type { SelfLinkIssued, SelfLinkSmsResult } from '../../../shared/schemas/self-link.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { smsGateway } from '../housing/index.ts'
import { ReturneeNoPhoneError, SelfServiceLinkNotCurrentError, SelfServiceLinkInvalidError } from './returnees.errors.ts'
import * as repo from './returnees.repository.ts'
import { registeredByFilter } from './returnees.service.ts'
import { createSelfServiceLink, isLiveReturneeLink, revokeReturneeLinks, selfServiceToken } from './self-service-links.ts'

/** Turns a path into the full link phones open (publicLink under PUBLIC_URL). */
export type LinkFor = (path: string) => string

/** The returnee (in scope; a landlord: their own) and the person's number, sealed. */
async function requireReturnee(deps: Deps, actor: Actor, id: string) {
  const row = await repo.findReturnee(deps.db, actor, id, registeredByFilter(actor))
  if (!row) throw new NotFoundError('returnee')
  return row
}

/** When the link stops: midnight China time after the observation's last day (as at registration). */
export function selfLinkExpiry(observationEndsOn: string): Date {
  return new Date(`${addDays(observationEndsOn, 1)}T16:00:00Z`)
}

/**
 * Issues a new phone-page link for a returnee under observation; every older link of theirs
 * stops working (410 "replaced") in the same transaction, so two links are never live at once.
 * @throws NotFoundError; SelfServiceLinkInvalidError when the observation has ended
 */
export async function reissueSelfLink(
  deps: Deps,
  actor: Actor,
  returneeId: string,
  linkFor: LinkFor,
  now = new Date(),
): Promise<SelfLinkIssued> {
  const returnee = await requireReturnee(deps, actor, returneeId)
  if (returnee.status !== 'observing') throw new SelfServiceLinkInvalidError()
  const selfServicePath = await deps.db.transaction().execute(async (trx) => {
    await revokeReturneeLinks(trx, returnee.id, now)
    const path = await createSelfServiceLink(trx, {
      personId: returnee.person_id,
      areaId: returnee.area_id,
      returneeId: returnee.id,
      expiresAt: selfLinkExpiry(returnee.observation_ends_on),
    })
    await recordAudit(trx, actor, 'update', 'returnee', [{ id: returnee.id, areaId: returnee.area_id }])
    return path
  })
  return { selfServicePath, selfServiceLink: linkFor(selfServicePath) }
}

/**
 * Texts the returnee's current link to the person's registered mobile through the SMS gateway
 * (the outbox by default). The caller sends the path it holds: only the live link is sent, so
 * a stale screen cannot text a revoked link. Using the number is audited as a read of the person.
 * @throws NotFoundError; SelfServiceLinkNotCurrentError; ReturneeNoPhoneError
 */
export async function textSelfLink(
  deps: Deps,
  actor: Actor,
  returneeId: string,
  path: string,
  linkFor: LinkFor,
  now = new Date(),
): Promise<SelfLinkSmsResult> {
  const returnee = await requireReturnee(deps, actor, returneeId)
  const token = selfServiceToken(path)
  if (!token || !(await isLiveReturneeLink(deps.db, returnee.id, token, now))) throw new SelfServiceLinkNotCurrentError()
  const person = await deps.db
    .selectFrom('person')
    .select(['phone_enc', 'area_id'])
    .where('id', '=', returnee.person_id)
    .executeTakeFirstOrThrow()
  if (!person.phone_enc) throw new ReturneeNoPhoneError()
  const phone = deps.cipher.open(person.phone_enc)
  await recordAudit(deps.db, actor, 'read', 'person', [{ id: returnee.person_id, areaId: person.area_id }])
  await smsGateway().send(deps.db, {
    phone,
    areaId: returnee.area_id,
    kind: 'returnee_self_link',
    body: `【网格通】您好，观察期内请每天用此链接上报体温和症状（仅限本人使用）：${linkFor(path)}`,
    recipientPersonId: returnee.person_id,
    now,
  })
  return { sentTo: maskPhone(phone) }
}
