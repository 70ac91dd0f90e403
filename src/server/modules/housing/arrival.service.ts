import { maskIdNumber, maskPhone } from '../../../shared/id-document.ts'
import type { NewArrival } from '../../../shared/schemas/housing-registration.ts'
import type { Trx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import * as repo from './arrival.repository.ts'
import type { HouseRegistrationRow } from './housing.table.ts'

/**
 * New arrivals (新到人员): a tenant who is not in the registry yet registers without one of our
 * health codes. Once their phone is confirmed they enter the registry as 待核实 in the property's
 * area, so the health officer can give them a colour (and with it a code) before the landlord
 * has even answered, and the grid worker of that area checks them.
 */

/**
 * Puts a phone-confirmed new arrival in the registry, pending, unless their ID document is
 * already there. Runs in the confirmation's transaction.
 * @returns the pending person the registration now points at, or null when the person was known
 */
export async function admitNewArrival(
  trx: Trx,
  registration: HouseRegistrationRow,
  property: { address: string },
  now: Date,
): Promise<string | null> {
  const area = await trx.selectFrom('area').select(['id', 'path']).where('id', '=', registration.area_id).executeTakeFirstOrThrow()
  const city = await trx.selectFrom('area').select('id').where('code', '=', area.path.split('/')[1]!).executeTakeFirstOrThrow()
  const inserted = await trx
    .insertInto('person')
    .values({
      area_id: area.id,
      city_area_id: city.id,
      name: registration.name,
      kind: 'new_resident',
      // Sealed by the same cipher and blind index as every person: copied, never opened here.
      id_type: registration.id_type,
      id_number_enc: registration.id_number_enc,
      id_number_index: registration.id_number_index,
      phone_enc: registration.phone_enc,
      phone_index: registration.phone_index,
      origin: registration.origin,
      employer: registration.employer,
      address: property.address,
      pending_since: now,
      created_by: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.constraint('person_city_id_unique').doNothing())
    .returning(['id', 'area_id'])
    .executeTakeFirst()
  if (inserted) {
    // Created by the public (no account): the audit row says so by having no account.
    await recordAudit(trx, null, 'create', 'person', [{ id: inserted.id, areaId: inserted.area_id }])
    return inserted.id
  }
  // Known already: link only a person still pending (a second registration of a new arrival),
  // never a checked registry person, whom the registration cannot vouch for.
  const pending = await trx
    .selectFrom('person')
    .select('id')
    .where('city_area_id', '=', city.id)
    .where('id_type', '=', registration.id_type)
    .where('id_number_index', '=', registration.id_number_index)
    .where('pending_since', 'is not', null)
    .executeTakeFirst()
  return pending?.id ?? null
}

/** The grid worker's list of new arrivals to check (待核实), masked; the listing is audited. */
export async function listNewArrivals(deps: Deps, actor: Actor): Promise<NewArrival[]> {
  const rows = await repo.listPendingPeople(deps.db, actor, 500)
  const registrations = await repo.latestRegistrations(
    deps.db,
    rows.map((r) => r.id),
  )
  await recordAudit(
    deps.db,
    actor,
    'list',
    'person',
    rows.map((r) => ({ id: r.id, areaId: r.area_id })),
  )
  return rows.map((r) => {
    const registration = registrations.get(r.id)
    return {
      personId: r.id,
      name: r.name,
      idType: r.id_type,
      idNumberMasked: maskIdNumber(deps.cipher.open(r.id_number_enc)),
      phoneMasked: r.phone_enc ? maskPhone(deps.cipher.open(r.phone_enc)) : null,
      areaName: r.area_name,
      address: r.address,
      origin: r.origin,
      employer: r.employer,
      expectedArrival: registration?.arrival ?? null,
      registrationStatus: (registration?.status as NewArrival['registrationStatus']) ?? null,
      healthCodeFormat: registration?.health_code_format ?? null,
      healthColour: (r.colour as NewArrival['healthColour']) ?? null,
      pendingSince: r.pending_since!.toISOString(),
    }
  })
}

/**
 * The grid worker has checked the new arrival (in person or by phone): they leave 待核实.
 * Checking twice changes nothing.
 * @throws NotFoundError outside the actor's area
 */
export async function verifyNewArrival(deps: Deps, actor: Actor, personId: string, now = new Date()): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const person = await repo.clearPending(trx, actor, personId, now)
    if (!person) throw new NotFoundError('person')
    await recordAudit(trx, actor, 'update', 'person', [{ id: person.id, areaId: person.area_id }])
  })
}
