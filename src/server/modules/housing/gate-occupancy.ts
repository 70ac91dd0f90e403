import type { GateVerdict } from '../../../shared/gate/decide.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { isAcceptedOccupant } from './occupancy.repository.ts'

/**
 * The gate's occupancy rule (DECISIONS.md): a valid house code calls the landlord to escort only
 * a person the landlord accepted as an occupant of that property. Anyone else is refused with
 * HOUSE_NOT_OCCUPANT (and HOUSE_REGISTRATION_PENDING when their registration waits for the
 * landlord's review), so the registration before arrival is what opens the gate. The pure
 * decideAtGate cannot know occupancy; the server applies this after it.
 * @param person the health code's person, or null when the code names nobody we know
 */
export async function applyOccupancyRule(db: DbOrTrx, verdict: GateVerdict, person: { id: string } | null): Promise<void> {
  const propertyId = verdict.escortPropertyId
  if (!propertyId) return
  if (person && (await isAcceptedOccupant(db, propertyId, person.id))) return
  verdict.decision = 'refuse'
  verdict.escortPropertyId = null
  const ok = verdict.reasons.indexOf('HOUSE_CODE_OK')
  if (ok >= 0) verdict.reasons.splice(ok, 1)
  verdict.reasons.push('HOUSE_NOT_OCCUPANT')
  if (person && (await hasPendingRegistrationOf(db, propertyId, person.id))) verdict.reasons.push('HOUSE_REGISTRATION_PENDING')
}

/** Whether the person (by their ID document) registered for the property and waits for review. */
async function hasPendingRegistrationOf(db: DbOrTrx, propertyId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('house_registration')
    .innerJoin('person', (join) =>
      join
        .onRef('person.id_type', '=', 'house_registration.id_type')
        .onRef('person.id_number_index', '=', 'house_registration.id_number_index'),
    )
    .select('house_registration.id')
    .where('person.id', '=', personId)
    .where('house_registration.property_id', '=', propertyId)
    .where('house_registration.status', '=', 'pending')
    .executeTakeFirst()
  return !!row
}
