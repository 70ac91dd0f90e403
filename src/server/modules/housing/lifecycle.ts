import type { PropertyStatus } from '../../../shared/schemas/housing.ts'
import type { Trx } from '../../db/database.ts'
import type { Actor } from '../auth/actor.ts'
import { BadTransitionError } from './housing.errors.ts'
import type { RentalPropertyTable } from './housing.table.ts'
import * as repo from './property.repository.ts'
import type { Updateable } from 'kysely'

/**
 * The application's state machine (issue: draft → submitted → under inspection → passed |
 * returned → code issued → suspended | revoked). A returned application is corrected and
 * submitted again for a new round; a suspended code can be reinstated with a fresh code.
 */
export const TRANSITIONS: Readonly<Record<PropertyStatus, readonly PropertyStatus[]>> = {
  draft: ['submitted'],
  submitted: ['under_inspection', 'returned'],
  under_inspection: ['passed', 'returned'],
  passed: ['code_issued'],
  returned: ['submitted'],
  code_issued: ['suspended', 'revoked'],
  suspended: ['code_issued', 'revoked'],
  revoked: [],
}

/** Whether the state machine allows a step. */
export function canTransition(from: PropertyStatus, to: PropertyStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * Moves a property to a new status inside the caller's transaction and records it in the
 * history. The update only applies while the status is still `property.status`.
 * @throws BadTransitionError when the state machine forbids it or someone changed it meanwhile
 */
export async function transition(
  trx: Trx,
  actor: Pick<Actor, 'account'> | null,
  property: { id: string; area_id: string; status: PropertyStatus },
  to: PropertyStatus,
  options: { note?: string | null; changes?: Updateable<RentalPropertyTable>; now: Date },
): Promise<{ status: PropertyStatus; round: number }> {
  if (!canTransition(property.status, to)) throw new BadTransitionError(property.status, to)
  const moved = await repo.moveStatus(trx, property.id, property.status, to, options.changes ?? {}, options.now)
  if (!moved) throw new BadTransitionError(property.status, to)
  await repo.insertEvent(trx, {
    property_id: property.id,
    area_id: property.area_id,
    account_id: actor?.account.id ?? null,
    from_status: property.status,
    to_status: to,
    note: options.note ?? null,
    at: options.now,
  })
  property.status = to
  return { status: to, round: moved.round }
}
