import { maskIdNumber, maskPhone } from '../../../shared/id-document.ts'
import type { Occupant, Registration, RegistrationStatus } from '../../../shared/schemas/housing-registration.ts'
import type { Trx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { sealIdentity } from '../people/person.service.ts'
import { lockPropertyFor, requireProperty } from './access.ts'
import {
  AlreadyMovedOutError,
  AlreadyOccupantError,
  isUniqueViolation,
  NotAcceptingError,
  OccupancyFullError,
  OccupantElsewhereError,
  RegistrationNotPendingError,
} from './housing.errors.ts'
import type { HouseRegistrationRow } from './housing.table.ts'
import * as occupancy from './occupancy.repository.ts'
import * as repo from './registration.repository.ts'
import { smsGateway } from './sms-gateway.ts'

/** The landlord's review (云审核): accept or refuse registrations; occupants and move-outs. */

const REVIEWABLE: RegistrationStatus[] = ['pending', 'accepted', 'refused']

/**
 * Registrations of a property for its landlord (or staff): phone-confirmed ones only, so an
 * abandoned form never reaches anyone. Identity masked; the listing is audited.
 * @throws NotFoundError
 */
export async function listRegistrations(
  deps: Deps,
  actor: Actor,
  propertyId: string,
  status?: RegistrationStatus,
): Promise<Registration[]> {
  const property = await requireProperty(deps.db, actor, propertyId)
  const statuses = status ? [status] : REVIEWABLE
  const rows = await repo.listRegistrations(deps.db, actor, property.id, statuses)
  await recordAudit(
    deps.db,
    actor,
    'list',
    'house_registration',
    rows.map((r) => ({ id: r.id, areaId: r.area_id })),
  )
  return rows.map((r) => ({
    id: r.id,
    propertyId: r.property_id,
    status: r.status,
    name: r.name,
    idType: r.id_type,
    idNumberMasked: maskIdNumber(deps.cipher.open(r.id_number_enc)),
    phoneMasked: maskPhone(deps.cipher.open(r.phone_enc)),
    origin: r.origin,
    employer: r.employer,
    expectedArrival: r.arrival,
    healthCodeFormat: r.health_code_format,
    newArrival: r.new_arrival,
    healthColour: (r.health_colour as Registration['healthColour']) ?? null,
    submissions: r.submissions,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewerName: r.reviewer_name,
    refuseReason: r.refuse_reason,
    personId: r.person_id,
  }))
}

/** Locks the property (first, always the same order) and then the pending registration. */
async function lockForReview(trx: Trx, actor: Actor, registrationId: string) {
  const seen = await repo.findRegistration(trx, actor, registrationId)
  if (!seen) throw new NotFoundError('registration')
  const property = await lockPropertyFor(trx, actor, seen.property_id)
  const registration = await repo.lockRegistrationInScope(trx, actor, registrationId)
  if (!registration) throw new NotFoundError('registration')
  if (registration.status !== 'pending') throw new RegistrationNotPendingError()
  return { property, registration }
}

/**
 * The tenant as a person of the registry: the one already registered in the city with this ID
 * document (moved to this address), or a new new-resident row sealed like every person.
 */
async function personForTenant(
  deps: Deps,
  trx: Trx,
  actor: Actor,
  registration: HouseRegistrationRow,
  property: { area_id: string; address: string },
  now: Date,
) {
  const area = await requireAreaInScope(trx, actor, property.area_id)
  const idNumber = deps.cipher.open(registration.id_number_enc)
  const phone = deps.cipher.open(registration.phone_enc)
  const identity = sealIdentity(deps.cipher, idNumber, phone)
  const details = {
    area_id: area.id,
    address: property.address,
    phone_enc: identity.phone_enc,
    phone_index: identity.phone_index,
    origin: registration.origin,
    employer: registration.employer,
    updated_at: now,
  }
  const inserted = await trx
    .insertInto('person')
    .values({
      ...details,
      city_area_id: area.cityAreaId,
      name: registration.name,
      kind: 'new_resident',
      id_type: registration.id_type,
      id_number_enc: identity.id_number_enc,
      id_number_index: identity.id_number_index,
      created_by: actor.account.id,
    })
    .onConflict((oc) => oc.constraint('person_city_id_unique').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) {
    await recordAudit(trx, actor, 'create', 'person', [{ id: inserted.id, areaId: area.id }])
    return inserted.id
  }
  const existing = await trx
    .selectFrom('person')
    .select('id')
    .where('city_area_id', '=', area.cityAreaId)
    .where('id_type', '=', registration.id_type)
    .where('id_number_index', '=', identity.id_number_index)
    .executeTakeFirstOrThrow()
  const elsewhere = await occupancy.openOccupancyOf(trx, existing.id)
  if (elsewhere) throw elsewhere.property_id === registration.property_id ? new AlreadyOccupantError() : new OccupantElsewhereError()
  await trx.updateTable('person').set(details).where('id', '=', existing.id).execute()
  await recordAudit(trx, actor, 'update', 'person', [{ id: existing.id, areaId: area.id }])
  return existing.id
}

export interface AcceptResult {
  registrationId: string
  personId: string
  occupants: number
  capacity: number
}

/**
 * Accepts a tenant: the registration's person becomes an occupant and takes a bed. Occupancy
 * never exceeds capacity: the bed is taken by a conditional update in the same transaction,
 * under the property's row lock, with a CHECK constraint behind it.
 * @throws NotFoundError, RegistrationNotPendingError, NotAcceptingError, OccupancyFullError,
 *   AlreadyOccupantError, OccupantElsewhereError
 */
export async function acceptRegistration(deps: Deps, actor: Actor, registrationId: string, now = new Date()): Promise<AcceptResult> {
  let message: { phone: string; areaId: string; personId: string; body: string } | undefined
  let result: AcceptResult | undefined
  try {
    await deps.db.transaction().execute(async (trx) => {
      const { property, registration } = await lockForReview(trx, actor, registrationId)
      if (property.status !== 'code_issued') throw new NotAcceptingError()
      if (property.occupants >= property.capacity) throw new OccupancyFullError()
      const personId = await personForTenant(deps, trx, actor, registration, property, now)
      const bed = await occupancy.takeBed(trx, property.id, now)
      if (!bed) throw new OccupancyFullError()
      result = { registrationId: registration.id, personId, occupants: bed.occupants, capacity: bed.capacity }
      await occupancy.insertOccupancy(trx, {
        property_id: property.id,
        area_id: property.area_id,
        person_id: personId,
        registration_id: registration.id,
        accepted_by: actor.account.id,
        started_at: now,
      })
      await repo.updateRegistration(trx, registration.id, {
        status: 'accepted',
        person_id: personId,
        reviewed_by: actor.account.id,
        reviewed_at: now,
        updated_at: now,
      })
      await recordAudit(trx, actor, 'update', 'house_registration', [{ id: registration.id, areaId: registration.area_id }])
      message = {
        phone: deps.cipher.open(registration.phone_enc),
        areaId: property.area_id,
        personId,
        body: `【网格通】房东已通过您的租住登记（${property.address}）。到达时请在卡口出示健康码和安居码。`,
      }
    })
  } catch (error) {
    // Two accepts of one person at two properties at once: the one-home index settles it.
    if (isUniqueViolation(error, 'house_occupancy_one_open')) throw new OccupantElsewhereError()
    throw error
  }
  if (message) await smsGateway().send(deps.db, { ...message, recipientPersonId: message.personId, kind: 'housing_accepted', now })
  return result!
}

/**
 * Refuses a registration with a reason the tenant is told.
 * @throws NotFoundError, RegistrationNotPendingError
 */
export async function refuseRegistration(
  deps: Deps,
  actor: Actor,
  registrationId: string,
  reason: string,
  now = new Date(),
): Promise<void> {
  const { phone, areaId, address } = await deps.db.transaction().execute(async (trx) => {
    const { property, registration } = await lockForReview(trx, actor, registrationId)
    await repo.updateRegistration(trx, registration.id, {
      status: 'refused',
      refuse_reason: reason,
      reviewed_by: actor.account.id,
      reviewed_at: now,
      updated_at: now,
    })
    await recordAudit(trx, actor, 'update', 'house_registration', [{ id: registration.id, areaId: registration.area_id }])
    return { phone: deps.cipher.open(registration.phone_enc), areaId: property.area_id, address: property.address }
  })
  await smsGateway().send(deps.db, {
    phone,
    areaId,
    kind: 'housing_refused',
    body: `【网格通】房东未通过您的租住登记（${address}）：${reason}`,
    now,
  })
}

/** Current (and optionally past) occupants of a property, masked; the listing is audited. */
export async function listOccupants(deps: Deps, actor: Actor, propertyId: string, includeEnded: boolean): Promise<Occupant[]> {
  const property = await requireProperty(deps.db, actor, propertyId)
  const rows = await occupancy.listOccupants(deps.db, actor, property.id, includeEnded)
  await recordAudit(
    deps.db,
    actor,
    'list',
    'person',
    rows.map((r) => ({ id: r.person_id, areaId: r.person_area_id })),
  )
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    name: r.name,
    idNumberMasked: maskIdNumber(deps.cipher.open(r.id_number_enc)),
    phoneMasked: r.phone_enc ? maskPhone(deps.cipher.open(r.phone_enc)) : null,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    endNote: r.end_note,
    registrationId: r.registration_id,
  }))
}

/**
 * Ends an occupancy (move-out) and frees the bed; the row stays as history.
 * @throws NotFoundError, AlreadyMovedOutError
 */
export async function moveOut(deps: Deps, actor: Actor, occupancyId: string, note: string | undefined, now = new Date()): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const seen = await occupancy.findOccupancy(trx, actor, occupancyId)
    if (!seen) throw new NotFoundError('occupancy')
    const property = await lockPropertyFor(trx, actor, seen.property_id)
    const ended = await occupancy.endOccupancy(trx, occupancyId, { ended_at: now, ended_by: actor.account.id, end_note: note ?? null })
    if (!ended) throw new AlreadyMovedOutError()
    await occupancy.freeBed(trx, property.id, now)
    await recordAudit(trx, actor, 'update', 'person', [{ id: seen.person_id, areaId: seen.area_id }])
  })
}
