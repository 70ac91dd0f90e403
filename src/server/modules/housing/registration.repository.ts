import { sql } from 'kysely'
import type { RegistrationStatus } from '../../../shared/schemas/housing-registration.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { HouseRegistrationTable } from './housing.table.ts'
import type { Insertable, Updateable } from 'kysely'

/**
 * A property as the public registration page needs it. Not scoped: the caller holds a house code
 * whose signature was verified, and the code is what authorises the look-up.
 */
export function findPropertyOfCode(db: DbOrTrx, propertyId: string) {
  return db
    .selectFrom('rental_property')
    .innerJoin('area', 'area.id', 'rental_property.area_id')
    .innerJoin('person as landlord', 'landlord.id', 'rental_property.landlord_person_id')
    .select([
      'rental_property.id',
      'rental_property.area_id',
      'rental_property.address',
      'rental_property.status',
      'rental_property.house_code_cti',
      'rental_property.landlord_person_id',
      'area.name as area_name',
      'area.path as area_path',
      'landlord.name as landlord_name',
    ])
    .where('rental_property.id', '=', propertyId)
    .executeTakeFirst()
}

const OPEN: RegistrationStatus[] = ['unconfirmed', 'pending']

/**
 * Stores a submission, or updates the open one of the same person for the same property (the
 * partial unique index decides, so two submissions racing still leave one row).
 * @returns the row's id and how many submissions it has had
 */
export function upsertRegistration(db: DbOrTrx, row: Insertable<HouseRegistrationTable>, now: Date) {
  return db
    .insertInto('house_registration')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['property_id', 'id_type', 'id_number_index'])
        .where('status', 'in', OPEN)
        .doUpdateSet((eb) => ({
          status: 'unconfirmed',
          name: eb.ref('excluded.name'),
          id_number_enc: eb.ref('excluded.id_number_enc'),
          phone_enc: eb.ref('excluded.phone_enc'),
          phone_index: eb.ref('excluded.phone_index'),
          origin: eb.ref('excluded.origin'),
          employer: eb.ref('excluded.employer'),
          expected_arrival: eb.ref('excluded.expected_arrival'),
          health_code_format: eb.ref('excluded.health_code_format'),
          health_colour: eb.ref('excluded.health_colour'),
          new_arrival: eb.ref('excluded.new_arrival'),
          otp_hash: eb.ref('excluded.otp_hash'),
          otp_expires_at: eb.ref('excluded.otp_expires_at'),
          otp_attempts: 0,
          confirmed_at: null,
          submissions: sql<number>`house_registration.submissions + 1`,
          updated_at: now,
        })),
    )
    .returning(['id', 'submissions'])
    .executeTakeFirstOrThrow()
}

/** A registration by id for the public confirmation step (its id and one-time code authorise it). */
export function lockRegistration(db: DbOrTrx, id: string) {
  return db.selectFrom('house_registration').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** A registration within the actor's area. */
export function findRegistration(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'house_registration').selectAll().where('house_registration.id', '=', id).executeTakeFirst()
}

export function lockRegistrationInScope(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'house_registration').selectAll().where('house_registration.id', '=', id).forUpdate().executeTakeFirst()
}

export function listRegistrations(db: DbOrTrx, scope: Scope, propertyId: string, statuses: RegistrationStatus[]) {
  return selectInScope(db, scope, 'house_registration')
    .leftJoin('account', 'account.id', 'house_registration.reviewed_by')
    .selectAll('house_registration')
    .select(['account.display_name as reviewer_name', sql<string>`house_registration.expected_arrival::text`.as('arrival')])
    .where('house_registration.property_id', '=', propertyId)
    .where('house_registration.status', 'in', statuses)
    .orderBy('house_registration.updated_at', 'desc')
    .limit(500)
    .execute()
}

export function updateRegistration(db: DbOrTrx, id: string, changes: Updateable<HouseRegistrationTable>) {
  return db.updateTable('house_registration').set(changes).where('id', '=', id).execute()
}
