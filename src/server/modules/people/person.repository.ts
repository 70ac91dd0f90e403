import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, deleteInScope, type Scope } from '../../db/scope.ts'
import type { NewPersonRow, PersonUpdate } from './person.table.ts'
import { anyOf } from '../../db/any.ts'

/** Person columns plus the area name, always through the scope filter. */
function selectPeople(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .selectAll('person')
    .select('area.name as area_name')
}

export function findPersonById(db: DbOrTrx, scope: Scope, id: string) {
  return selectPeople(db, scope).where('person.id', '=', id).executeTakeFirst()
}

export function findPersonByIdIndex(db: DbOrTrx, scope: Scope, idType: string, idIndex: string) {
  return selectPeople(db, scope)
    .where('person.id_type', '=', idType as never)
    .where('person.id_number_index', '=', idIndex)
    .executeTakeFirst()
}

export interface PersonFilter {
  namePrefix?: string
  /** Blind-index values: a query that looks like an ID number or phone matches exactly. */
  identityIndexes?: string[]
  kind?: 'resident' | 'new_resident'
  areaPath?: string
}

function filtered(db: DbOrTrx, scope: Scope, filter: PersonFilter) {
  let q = selectInScope(db, scope, 'person').innerJoin('area', 'area.id', 'person.area_id')
  if (filter.kind) q = q.where('person.kind', '=', filter.kind)
  if (filter.areaPath) q = q.where('area.path', 'like', `${filter.areaPath}%`)
  const { namePrefix, identityIndexes } = filter
  if (namePrefix || identityIndexes?.length) {
    q = q.where((eb) => {
      const ors = []
      if (namePrefix) ors.push(eb('person.name', 'like', `${namePrefix.replace(/[\\%_]/g, '\\$&')}%`))
      if (identityIndexes?.length) {
        ors.push(eb('person.id_number_index', '=', anyOf(identityIndexes, 'text')))
        ors.push(eb('person.phone_index', '=', anyOf(identityIndexes, 'text')))
      }
      return eb.or(ors)
    })
  }
  return q
}

export function listPeople(db: DbOrTrx, scope: Scope, filter: PersonFilter, limit: number, offset: number) {
  return filtered(db, scope, filter)
    .selectAll('person')
    .select('area.name as area_name')
    .orderBy('person.created_at', 'desc')
    .orderBy('person.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countPeople(db: DbOrTrx, scope: Scope, filter: PersonFilter): Promise<number> {
  const row = await filtered(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertPerson(db: DbOrTrx, row: NewPersonRow) {
  return db.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow()
}

export function updatePerson(db: DbOrTrx, scope: Scope, id: string, changes: PersonUpdate) {
  return updateInScope(db, scope, 'person').set(changes).where('person.id', '=', id).returning('id').executeTakeFirst()
}

export function deletePerson(db: DbOrTrx, scope: Scope, id: string) {
  return deleteInScope(db, scope, 'person').where('person.id', '=', id).returning(['id', 'area_id']).executeTakeFirst()
}
