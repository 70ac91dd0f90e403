import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import { anyOf } from '../../db/any.ts'

/** New arrivals (待核实): people a tenant registration put in the registry, not yet checked. */

/** The pending people of the actor's area, oldest first, with their colour when one is set. */
export function listPendingPeople(db: DbOrTrx, scope: Scope, limit: number) {
  return selectInScope(db, scope, 'person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .leftJoin('health_status', 'health_status.person_id', 'person.id')
    .select([
      'person.id',
      'person.area_id',
      'person.name',
      'person.id_type',
      'person.id_number_enc',
      'person.phone_enc',
      'person.address',
      'person.origin',
      'person.employer',
      'person.pending_since',
      'area.name as area_name',
      'health_status.colour',
    ])
    .where('person.pending_since', 'is not', null)
    .orderBy('person.pending_since', 'asc')
    .limit(limit)
    .execute()
}

/** The latest registration of each of these people (what they said, and the landlord's answer). */
export async function latestRegistrations(db: DbOrTrx, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, { status: string; health_code_format: string | null; arrival: string }>()
  const rows = await db
    .selectFrom('house_registration')
    .select(['person_id', 'status', 'health_code_format', sql<string>`expected_arrival::text`.as('arrival')])
    .where('person_id', '=', anyOf(personIds, 'uuid'))
    .orderBy('updated_at', 'asc')
    .execute()
  // Ascending, so the last one written per person wins.
  return new Map(rows.map((r) => [r.person_id!, { status: r.status, health_code_format: r.health_code_format, arrival: r.arrival }]))
}

/** Ends the 待核实 of one person of the actor's area. @returns the person, or undefined outside it */
export function clearPending(db: DbOrTrx, scope: Scope, personId: string, now: Date) {
  return db
    .updateTable('person')
    .set({ pending_since: null, updated_at: now })
    .where('id', 'in', selectInScope(db, scope, 'person').select('person.id').where('person.id', '=', personId))
    .returning(['id', 'area_id'])
    .executeTakeFirst()
}
