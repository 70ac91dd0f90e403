import { randomInt, timingSafeEqual } from 'node:crypto'
import { maskPhone } from '../../../shared/id-document.ts'
import { houseCodeFromScan } from '../../../shared/housing-link.ts'
import {
  OTP_LENGTH,
  OTP_MAX_ATTEMPTS,
  OTP_VALIDITY_MS,
  type RegistrationData,
  type RegistrationStatus,
  type ResolvedHouse,
  type SubmittedRegistration,
} from '../../../shared/schemas/housing-registration.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { readCode } from '../codes/code-reader.ts'
import { notify } from '../notify/notify.service.ts'
import { sealIdentity } from '../people/person.service.ts'
import { admitNewArrival } from './arrival.service.ts'
import {
  AlreadyOccupantError,
  HealthCodeInvalidError,
  HealthCodeNotYoursError,
  HouseCodeInvalidError,
  NotAcceptingError,
  OtpExpiredError,
  OtpWrongError,
  RegistrationNotPendingError,
} from './housing.errors.ts'
import * as repo from './registration.repository.ts'
import { smsGateway } from './sms-gateway.ts'

/**
 * Tenant self-registration (云登记), public: no account, the house code (signed) says which
 * property, and a one-time code sent to the phone proves the number is the tenant's.
 */

/**
 * A name as the public may see it: 郑阿福 → 郑*福, 李明 → 李*.
 * @example maskName('郑阿福') // '郑*福'
 */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/**
 * Verifies a house code (signature, expiry, revocation) and finds its property.
 * @throws HouseCodeInvalidError
 */
export async function propertyOfHouseCode(deps: Deps, text: string, now: Date) {
  const read = await readCode(deps, houseCodeFromScan(text), now)
  if (!read.valid) throw new HouseCodeInvalidError(read.reason)
  if (read.kind !== 'house' || !read.propertyId) throw new HouseCodeInvalidError('NOT_A_HOUSE_CODE')
  const property = await repo.findPropertyOfCode(deps.db, read.propertyId)
  if (!property) throw new HouseCodeInvalidError('UNKNOWN_PROPERTY')
  // An older code of a property that has a newer one (reinstated) is not the poster's any more.
  const current = property.status === 'code_issued' && property.house_code_cti === read.cti
  return { ...property, current }
}

/** The public page's header: the property of the scanned code, already filled in. */
export async function resolveHouse(deps: Deps, code: string, now = new Date()): Promise<ResolvedHouse> {
  const property = await propertyOfHouseCode(deps, code, now)
  return {
    propertyId: property.id,
    address: property.address,
    areaName: property.area_name,
    landlordName: maskName(property.landlord_name),
    accepting: property.current,
  }
}

/**
 * The health code must be genuine (signature, expiry, revocation) and, when it is one of ours,
 * the person's own: its person must carry the same ID document. Another platform's code (EU DCC,
 * SMART Health Card) proves nothing about our registry, so its holder counts as a new arrival.
 */
async function checkHealthCode(
  deps: Deps,
  input: RegistrationData,
  idIndex: string,
  now: Date,
): Promise<{ format: string | null; colour: string | null }> {
  // No code at all: a new arrival (the schema made them say so).
  if (!input.healthCode) return { format: null, colour: null }
  const read = await readCode(deps, input.healthCode, now)
  if (!read.valid) throw new HealthCodeInvalidError(read.reason)
  if (read.format !== 'gridline') return { format: read.format, colour: null }
  if (read.kind !== 'health' || !read.personId) throw new HealthCodeInvalidError('NOT_A_HEALTH_CODE')
  const owner = await deps.db.selectFrom('person').select(['id_type', 'id_number_index']).where('id', '=', read.personId).executeTakeFirst()
  if (!owner || owner.id_type !== input.idType || owner.id_number_index !== idIndex) throw new HealthCodeNotYoursError()
  return { format: read.format, colour: read.colour ?? null }
}

/** The stored form of a one-time code: keyed hash bound to the registration's property and person. */
function otpHash(deps: Deps, registration: { property_id: string; id_type: string; id_number_index: string }, otp: string): string {
  return deps.cipher.blindIndex('housing.otp', `${registration.property_id}:${registration.id_type}:${registration.id_number_index}:${otp}`)
}

/**
 * Takes a tenant's registration for the property of the house code and texts a one-time code
 * to the phone given. A second submission of the same person for the same property updates the
 * open registration (and needs the new code).
 * @param options.limitProperty throws when the property has had too many submissions lately
 * @throws HouseCodeInvalidError, NotAcceptingError, HealthCodeInvalidError, HealthCodeNotYoursError, AlreadyOccupantError
 */
export async function submitRegistration(
  deps: Deps,
  input: RegistrationData,
  options: { now?: Date; limitProperty?: (propertyId: string) => Promise<void> } = {},
): Promise<SubmittedRegistration> {
  const now = options.now ?? new Date()
  const property = await propertyOfHouseCode(deps, input.code, now)
  // The per-property limit: a poster on a public wall must not become a spam gateway.
  await options.limitProperty?.(property.id)
  if (!property.current) throw new NotAcceptingError()
  const sealed = sealIdentity(deps.cipher, input.idNumber, input.phone)
  const health = await checkHealthCode(deps, input, sealed.id_number_index, now)
  const occupant = await deps.db
    .selectFrom('house_occupancy')
    .innerJoin('person', 'person.id', 'house_occupancy.person_id')
    .select('house_occupancy.id')
    .where('house_occupancy.property_id', '=', property.id)
    .where('house_occupancy.ended_at', 'is', null)
    .where('person.id_type', '=', input.idType)
    .where('person.id_number_index', '=', sealed.id_number_index)
    .executeTakeFirst()
  if (occupant) throw new AlreadyOccupantError()
  const otp = String(randomInt(0, 10 ** OTP_LENGTH)).padStart(OTP_LENGTH, '0')
  const expiresAt = new Date(now.getTime() + OTP_VALIDITY_MS)
  const key = { property_id: property.id, id_type: input.idType, id_number_index: sealed.id_number_index }
  const saved = await repo.upsertRegistration(
    deps.db,
    {
      ...key,
      area_id: property.area_id,
      status: 'unconfirmed',
      name: input.name,
      id_number_enc: sealed.id_number_enc,
      phone_enc: sealed.phone_enc!,
      phone_index: sealed.phone_index!,
      origin: input.origin,
      employer: input.employer ?? null,
      expected_arrival: input.expectedArrival,
      health_code_format: health.format,
      health_colour: health.colour,
      new_arrival: health.format !== 'gridline',
      otp_hash: otpHash(deps, key, otp),
      otp_expires_at: expiresAt,
      created_at: now,
      updated_at: now,
    },
    now,
  )
  await smsGateway().send(deps.db, {
    phone: input.phone,
    areaId: property.area_id,
    kind: 'housing_otp',
    body: `【网格通】您的租住登记验证码为 ${otp}，${OTP_VALIDITY_MS / 60_000} 分钟内有效（${property.address}）。如非本人操作请忽略。`,
    now,
  })
  return {
    registrationId: saved.id,
    phoneMasked: maskPhone(input.phone),
    otpExpiresAt: expiresAt.toISOString(),
    updated: saved.submissions > 1,
  }
}

/**
 * Confirms the phone with the one-time code: the registration goes to the landlord for review,
 * and the landlord is told; a new arrival enters the registry as 待核实. Confirming twice
 * answers the same.
 * @throws NotFoundError, OtpWrongError, OtpExpiredError (expired or too many tries), RegistrationNotPendingError
 */
export async function confirmRegistration(
  deps: Deps,
  id: string,
  otp: string,
  now = new Date(),
): Promise<{ registrationId: string; status: RegistrationStatus }> {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const registration = await repo.lockRegistration(trx, id)
    if (!registration) throw new NotFoundError('registration')
    if (registration.status === 'pending') return 'confirmed' as const
    if (registration.status !== 'unconfirmed') throw new RegistrationNotPendingError()
    if (
      !registration.otp_hash ||
      !registration.otp_expires_at ||
      registration.otp_expires_at <= now ||
      registration.otp_attempts >= OTP_MAX_ATTEMPTS
    ) {
      return 'expired' as const
    }
    const expected = Buffer.from(registration.otp_hash)
    const given = Buffer.from(otpHash(deps, registration, otp))
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      // Counted even though the answer is an error: the count must survive this request.
      await repo.updateRegistration(trx, id, { otp_attempts: registration.otp_attempts + 1 })
      return 'wrong' as const
    }
    const property = await trx
      .selectFrom('rental_property')
      .select(['landlord_person_id', 'address'])
      .where('id', '=', registration.property_id)
      .executeTakeFirstOrThrow()
    // Only now, with the phone proved, may a new arrival enter the registry (待核实).
    const personId = registration.new_arrival ? await admitNewArrival(trx, registration, property, now) : null
    await repo.updateRegistration(trx, id, {
      status: 'pending',
      confirmed_at: now,
      otp_hash: null,
      otp_expires_at: null,
      updated_at: now,
      ...(personId ? { person_id: personId } : {}),
    })
    await notify(trx, {
      areaId: registration.area_id,
      kind: 'house_registration_pending',
      recipientPersonId: property.landlord_person_id,
      body: `新租户 ${registration.name} 登记入住 ${property.address}，请审核（云审核）`,
      now,
    })
    return 'confirmed' as const
  })
  if (outcome === 'wrong') throw new OtpWrongError()
  if (outcome === 'expired') throw new OtpExpiredError()
  return { registrationId: id, status: 'pending' }
}
