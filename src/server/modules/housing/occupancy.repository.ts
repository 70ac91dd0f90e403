import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'

/**
 * Takes one bed of a property, only while one is free and its code is issued. Two accepts racing
 * for the last bed on PostgreSQL: the second waits for the first's row lock, then re-checks the
 * WHERE on the new row and updates nothing. The CHECK (occupants <= capacity) backs it up.
 * @returns undefined when the property is full or not accepting
 */
export function takeBed(db: DbOrTrx, propertyId: string, now: Date) {
  return db
    .updateTable('rental_property')
    .set((eb) => ({ occupants: eb('occupants', '+', 1), updated_at: now }))
    .where('id', '=', propertyId)
    .where('status', '=', 'code_issued')
    .where((eb) => eb('occupants', '<', eb.ref('capacity')))
    .returning(['occupants', 'capacity'])
    .executeTakeFirst()
}

/** Frees one bed when an occupancy ends. */
export function freeBed(db: DbOrTrx, propertyId: string, now: Date) {
  return db
    .updateTable('rental_property')
    .set((eb) => ({ occupants: eb('occupants', '-', 1), updated_at: now }))
    .where('id', '=', propertyId)
    .execute()
}

export function insertOccupancy(
  db: DbOrTrx,
  row: {
    property_id: string
    area_id: string
    person_id: string
    registration_id: string | null
    accepted_by: string | null
    started_at: Date
  },
) {
  return db.insertInto('house_occupancy').values(row).returning('id').executeTakeFirstOrThrow()
}

/** The person's open occupancy anywhere (one home at a time). */
export function openOccupancyOf(db: DbOrTrx, personId: string) {
  return db
    .selectFrom('house_occupancy')
    .select(['id', 'property_id'])
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
}

/**
 * Whether a person is an accepted, current occupant of a property: the gate's question. Not
 * scoped: the gate acts for the whole city, like its person look-ups.
 */
export async function isAcceptedOccupant(db: DbOrTrx, propertyId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('house_occupancy')
    .select('id')
    .where('property_id', '=', propertyId)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return !!row
}

export function listOccupants(db: DbOrTrx, scope: Scope, propertyId: string, includeEnded: boolean) {
  let q = selectInScope(db, scope, 'house_occupancy')
    .innerJoin('person', 'person.id', 'house_occupancy.person_id')
    .selectAll('house_occupancy')
    .select(['person.name', 'person.id_number_enc', 'person.phone_enc', 'person.area_id as person_area_id'])
    .where('house_occupancy.property_id', '=', propertyId)
  if (!includeEnded) q = q.where('house_occupancy.ended_at', 'is', null)
  return q.orderBy('house_occupancy.ended_at', 'desc').orderBy('house_occupancy.started_at', 'desc').limit(1000).execute()
}

export function findOccupancy(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'house_occupancy').selectAll().where('house_occupancy.id', '=', id).executeTakeFirst()
}

export function endOccupancy(db: DbOrTrx, id: string, changes: { ended_at: Date; ended_by: string; end_note: string | null }) {
  return db
    .updateTable('house_occupancy')
    .set(changes)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/**
 * Where the person lives now: the property of their open occupancy, with its area (the grid).
 * The gate's isolation order uses it as the address of home isolation.
 */
export function currentHomeOf(db: DbOrTrx, personId: string) {
  return db
    .selectFrom('house_occupancy')
    .innerJoin('rental_property', 'rental_property.id', 'house_occupancy.property_id')
    .select(['rental_property.id as property_id', 'rental_property.address', 'rental_property.area_id'])
    .where('house_occupancy.person_id', '=', personId)
    .where('house_occupancy.ended_at', 'is', null)
    .executeTakeFirst()
}
