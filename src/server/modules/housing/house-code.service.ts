import type { Property, PropertyStatus } from '../../../shared/schemas/housing.ts'
import type { Trx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { invalidateTrustCache } from '../codes/code-reader.ts'
import { issueHouseCode } from '../codes/codes.service.ts'
import { activeKey } from '../codes/keys.ts'
import { notify } from '../notify/notify.service.ts'
import { lockPropertyFor, requireProperty } from './access.ts'
import { transition } from './lifecycle.ts'
import { propertyRowToProperty } from './property.service.ts'
import * as repo from './property.repository.ts'

type LockedProperty = { id: string; area_id: string; status: PropertyStatus; landlord_person_id: string; address: string }

/**
 * Makes sure the code-signing key exists before a transaction signs with it: creating it inside
 * would race other servers' creation in the middle of someone's sign-off.
 */
export async function prepareSigning(deps: Deps): Promise<void> {
  await activeKey(deps.db, deps.cipher, 'code')
}

/**
 * Issues the property's signed house code inside the caller's transaction (call prepareSigning
 * first): records it, ends any earlier code of the property (one house, one code), moves the
 * property to code_issued and tells the landlord.
 */
export async function issueCodeInTransaction(
  deps: Deps,
  trx: Trx,
  actor: Pick<Actor, 'account'> | null,
  property: LockedProperty,
  now: Date,
  note: string | null,
) {
  const signed = await issueHouseCode({ ...deps, db: trx }, trx, { id: property.id, area_id: property.area_id }, now)
  await repo.revokeHouseCodes(trx, property.id, 'superseded', now, signed.cti)
  await transition(trx, actor, property, 'code_issued', {
    now,
    note,
    changes: { house_code: signed.code, house_code_cti: signed.cti, code_issued_at: now, code_expires_at: signed.expiresAt },
  })
  await notify(trx, {
    areaId: property.area_id,
    kind: 'house_code_issued',
    recipientPersonId: property.landlord_person_id,
    body: `您的出租房 ${property.address} 已通过核查，安居码已发放，请打印张贴并分享给租户`,
    now,
  })
  return signed
}

/**
 * Issues the code of a passed application whose automatic issue did not happen, or reinstates
 * a suspended one with a fresh code (the old poster stays invalid).
 * @throws NotFoundError, BadTransitionError
 */
export async function issuePropertyCode(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<Property> {
  await prepareSigning(deps)
  await deps.db.transaction().execute(async (trx) => {
    const property = await lockPropertyFor(trx, actor, id)
    await issueCodeInTransaction(deps, trx, actor, property, now, null)
    await recordAudit(trx, actor, 'update', 'rental_property', [{ id, areaId: property.area_id }])
  })
  return propertyRowToProperty(await requireProperty(deps.db, actor, id))
}

/**
 * Suspends (reversibly) or revokes (for good) a property's house code. Either way the issued
 * code goes on the revocation list, so every gate, online or offline with a fresh trust list,
 * refuses it; reinstating a suspension issues a new code.
 * @throws NotFoundError, BadTransitionError
 */
export async function endPropertyCode(
  deps: Deps,
  actor: Actor,
  id: string,
  to: 'suspended' | 'revoked',
  reason: string,
  now = new Date(),
): Promise<Property> {
  await deps.db.transaction().execute(async (trx) => {
    const property = await lockPropertyFor(trx, actor, id)
    await transition(trx, actor, property, to, { now, note: reason, changes: { house_code: null, house_code_cti: null } })
    await repo.revokeHouseCodes(trx, id, to, now)
    await notify(trx, {
      areaId: property.area_id,
      kind: `house_code_${to}`,
      recipientPersonId: property.landlord_person_id,
      body: `您的出租房 ${property.address} 的安居码已${to === 'suspended' ? '暂停' : '撤销'}：${reason}`,
      now,
    })
    await recordAudit(trx, actor, 'update', 'rental_property', [{ id, areaId: property.area_id }])
  })
  invalidateTrustCache(deps)
  return propertyRowToProperty(await requireProperty(deps.db, actor, id))
}
