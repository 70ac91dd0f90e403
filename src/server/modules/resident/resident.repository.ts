import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'
import type { ConsentMethod } from './resident.table.ts'

/** SQL of the resident's phone page (/me): sessions, the people they hold, links, one-time codes. */

/** `column = ANY($1::uuid[])`: one parameter however many ids. */
function anyOf(column: string, ids: string[]) {
  return sql<boolean>`${sql.ref(column)} = ANY(${ids}::uuid[])`
}

export function peopleWithPhone(db: DbOrTrx, phoneIndex: string) {
  // A household rarely registers more than a few people on one phone; the cap keeps a shared
  // office number from binding a whole village.
  return db.selectFrom('person').select(['id', 'area_id']).where('phone_index', '=', phoneIndex).orderBy('created_at').limit(10).execute()
}

export function insertOtp(db: DbOrTrx, row: { phone_index: string; otp_hash: string; expires_at: Date; created_at: Date }) {
  return db.insertInto('resident_otp').values(row).execute()
}

export function deleteOldOtps(db: DbOrTrx, phoneIndex: string, before: Date) {
  return db.deleteFrom('resident_otp').where('phone_index', '=', phoneIndex).where('created_at', '<', before).execute()
}

/** The phone's latest unused code, locked so two tries count one after the other. */
export function lockLatestOtp(db: DbOrTrx, phoneIndex: string) {
  return db
    .selectFrom('resident_otp')
    .selectAll()
    .where('phone_index', '=', phoneIndex)
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst()
}

export function updateOtp(db: DbOrTrx, id: string, changes: { attempts?: number; used_at?: Date }) {
  return db.updateTable('resident_otp').set(changes).where('id', '=', id).execute()
}

/** A session that has neither expired nor been ended. */
export function findLiveSession(db: DbOrTrx, tokenHash: string, now: Date) {
  return db
    .selectFrom('resident_session')
    .select(['id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
}

export function insertSession(db: DbOrTrx, row: { token_hash: string; created_at: Date; last_seen_at: Date; expires_at: Date }) {
  return db.insertInto('resident_session').values(row).returning(['id', 'expires_at']).executeTakeFirstOrThrow()
}

export function touchSession(db: DbOrTrx, id: string, now: Date, expiresAt: Date) {
  return db.updateTable('resident_session').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute()
}

export function revokeSession(db: DbOrTrx, id: string, now: Date) {
  return db.updateTable('resident_session').set({ revoked_at: now }).where('id', '=', id).execute()
}

/** Binds a person to the session with their consent; a person already held stays as they were. */
export function bindPerson(
  db: DbOrTrx,
  row: { session_id: string; person_id: string; area_id: string; consent_method: ConsentMethod; consent_at: Date; link_id: string | null },
) {
  return db
    .insertInto('resident_session_person')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'person_id']).where('removed_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst()
}

/** The people a session holds now (system scope: the session itself is the authority). */
export function heldPeople(db: DbOrTrx, sessionId: string) {
  return selectInScope(db, WHOLE_TREE, 'resident_session_person')
    .innerJoin('person', 'person.id', 'resident_session_person.person_id')
    .innerJoin('area', 'area.id', 'person.area_id')
    .select([
      'resident_session_person.person_id',
      'resident_session_person.consent_method',
      'resident_session_person.consent_at',
      'person.name',
      'person.area_id',
      'area.path as area_path',
    ])
    .where('resident_session_person.session_id', '=', sessionId)
    .where('resident_session_person.removed_at', 'is', null)
    .orderBy('resident_session_person.consent_at')
    .execute()
}

export function unbindPerson(db: DbOrTrx, sessionId: string, personId: string | null, reason: 'removed' | 'signed_out', now: Date) {
  let q = updateInScope(db, WHOLE_TREE, 'resident_session_person')
    .set({ removed_at: now, removed_reason: reason })
    .where('session_id', '=', sessionId)
    .where('removed_at', 'is', null)
  if (personId) q = q.where('person_id', '=', personId)
  return q.returning(['person_id', 'area_id']).execute()
}

/**
 * The colour the health authority set and when it was last set. Kept in this one function so a
 * colour history table can replace `health_status.updated_at` without touching the callers.
 */
export function colourStatusOf(db: DbOrTrx, personIds: string[]) {
  if (!personIds.length) return Promise.resolve([])
  return db
    .selectFrom('health_status')
    .select(['person_id', 'colour', 'updated_at'])
    .where(anyOf('health_status.person_id', personIds))
    .execute()
}

/** Health codes that still open gates: not revoked, not expired. */
export function liveHealthCodeIds(db: DbOrTrx, personIds: string[], now: Date) {
  if (!personIds.length) return Promise.resolve([])
  return db
    .selectFrom('issued_code')
    .select(['person_id', 'cti'])
    .where('kind', '=', 'health')
    .where(anyOf('issued_code.person_id', personIds))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
}

/** The house code of each person's current home (accepted occupancy of a coded property). */
export function housesOf(db: DbOrTrx, personIds: string[]) {
  if (!personIds.length) return Promise.resolve([])
  return selectInScope(db, WHOLE_TREE, 'house_occupancy')
    .innerJoin('rental_property', 'rental_property.id', 'house_occupancy.property_id')
    .innerJoin('area', 'area.id', 'rental_property.area_id')
    .select([
      'house_occupancy.person_id',
      'rental_property.house_code',
      'rental_property.address',
      'rental_property.code_expires_at',
      'area.name as area_name',
    ])
    .where(anyOf('house_occupancy.person_id', personIds))
    .where('house_occupancy.ended_at', 'is', null)
    .where('rental_property.status', '=', 'code_issued')
    .where('rental_property.house_code', 'is not', null)
    .execute()
}

export function findLiveLink(db: DbOrTrx, tokenHash: string) {
  return selectInScope(db, WHOLE_TREE, 'resident_link')
    .select(['resident_link.id', 'resident_link.person_id', 'resident_link.area_id'])
    .where('resident_link.token_hash', '=', tokenHash)
    .where('resident_link.revoked_at', 'is', null)
    .executeTakeFirst()
}

/** Revokes a person's live link (staff scope) and returns it. */
export function revokeLinksOf(db: DbOrTrx, scope: Scope, personId: string, now: Date) {
  return updateInScope(db, scope, 'resident_link')
    .set({ revoked_at: now })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
}

/** Phones that hold the person through a revoked link let go of them. */
export function unbindByLinks(db: DbOrTrx, linkIds: string[], now: Date) {
  if (!linkIds.length) return Promise.resolve([])
  return updateInScope(db, WHOLE_TREE, 'resident_session_person')
    .set({ removed_at: now, removed_reason: 'link_reissued' })
    .where(anyOf('resident_session_person.link_id', linkIds))
    .where('removed_at', 'is', null)
    .returning('id')
    .execute()
}

export function insertLink(
  db: DbOrTrx,
  row: { person_id: string; area_id: string; token_hash: string; issued_by: string; issued_at: Date },
) {
  return db.insertInto('resident_link').values(row).returning(['id', 'issued_at']).executeTakeFirstOrThrow()
}
