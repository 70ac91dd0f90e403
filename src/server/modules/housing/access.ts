import type { DbOrTrx } from '../../db/database.ts'
import { NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { NotALandlordError } from './housing.errors.ts'
import * as repo from './property.repository.ts'

/**
 * Who may see which property, on top of the area scope: staff see every property of their
 * area; a landlord only their own (through the person their account is linked to).
 */

/**
 * The filter every property query of this actor carries.
 * @throws NotALandlordError for a landlord account not linked to a landlord person
 */
export async function propertyFilterFor(db: DbOrTrx, actor: Actor): Promise<repo.PropertyFilter> {
  if (actor.account.role !== 'landlord') return {}
  const personId = await repo.personOfAccount(db, actor.account.id)
  if (!personId) throw new NotALandlordError()
  return { landlordPersonId: personId }
}

/**
 * A property the actor may see, with area and landlord names.
 * @throws NotFoundError outside the scope or not the landlord's own (indistinguishable)
 */
export async function requireProperty(db: DbOrTrx, actor: Actor, id: string): Promise<repo.PropertyWithNames> {
  const row = await repo.findProperty(db, actor, id, await propertyFilterFor(db, actor))
  if (!row) throw new NotFoundError('property')
  return row
}

/**
 * Locks a property the actor may act on for the rest of the transaction.
 * @throws NotFoundError like requireProperty
 */
export async function lockPropertyFor(trx: DbOrTrx, actor: Actor, id: string) {
  const visible = await requireProperty(trx, actor, id)
  const locked = await repo.lockProperty(trx, actor, id)
  if (!locked) throw new NotFoundError('property')
  return { ...locked, area_name: visible.area_name, area_path: visible.area_path, landlord_name: visible.landlord_name }
}
