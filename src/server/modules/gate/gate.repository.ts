import type { UnverifiedPolicy } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { PassageTable } from './gate.table.ts'
import type { Insertable } from 'kysely'
import { anyOf } from '../../db/any.ts'

export function findCheckpoint(db: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(db, scope, 'checkpoint').selectAll().where('checkpoint.id', '=', id).executeTakeFirst()
}

/** A checkpoint with its area's path, without scope: callers check it with isPathInScope. */
export function findCheckpointWithPath(db: DbOrTrx, id: string) {
  return db
    .selectFrom('checkpoint')
    .innerJoin('area', 'area.id', 'checkpoint.area_id')
    .select([
      'checkpoint.id',
      'checkpoint.area_id',
      'checkpoint.name',
      'checkpoint.unverified_policy',
      'area.path',
      'area.code as area_code',
    ])
    .where('checkpoint.id', '=', id)
    .executeTakeFirst()
}

export function listCheckpoints(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'checkpoint')
    .innerJoin('area', 'area.id', 'checkpoint.area_id')
    .select([
      'checkpoint.id',
      'checkpoint.name',
      'checkpoint.address',
      'checkpoint.area_id',
      'checkpoint.unverified_policy',
      'area.name as area_name',
    ])
    .orderBy('area.path')
    .orderBy('checkpoint.name')
    .execute()
}

export function insertCheckpoint(db: DbOrTrx, row: { area_id: string; name: string; address: string | null }) {
  return db.insertInto('checkpoint').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Passages by client scan id, whatever the area: a scan id is the scanner's, unique everywhere. */
export function findPassagesByScanIds(db: DbOrTrx, scanIds: string[]) {
  return db
    .selectFrom('passage')
    .leftJoin('person', 'person.id', 'passage.person_id')
    .selectAll('passage')
    .select('person.name as person_name')
    .where('passage.client_scan_id', '=', anyOf(scanIds, 'uuid'))
    .execute()
}

/** Inserts passages, skipping scan ids already stored. @returns passage id by scan id, for those inserted */
export async function insertPassages(db: DbOrTrx, rows: Insertable<PassageTable>[]): Promise<Map<string, string>> {
  const inserted = await db
    .insertInto('passage')
    .values(rows)
    .onConflict((oc) => oc.column('client_scan_id').doNothing())
    .returning(['id', 'client_scan_id'])
    .execute()
  return new Map(inserted.map((r) => [r.client_scan_id, r.id]))
}

/** Names and areas of people by id, for the gate (which acts city-wide). */
export function findPeopleForGate(db: DbOrTrx, ids: string[]) {
  return db.selectFrom('person').select(['id', 'area_id', 'name', 'address']).where('id', '=', anyOf(ids, 'uuid')).execute()
}

/** The newest passages in scope; the limit is taken before people are joined (a city has millions). */
export function listPassages(db: DbOrTrx, scope: Scope, filter: { checkpointId?: string; limit: number }) {
  let newest = selectInScope(db, scope, 'passage').selectAll('passage')
  if (filter.checkpointId) newest = newest.where('passage.checkpoint_id', '=', filter.checkpointId)
  return db
    .selectFrom(newest.orderBy('passage.scanned_at', 'desc').limit(filter.limit).as('passage'))
    .leftJoin('person', 'person.id', 'passage.person_id')
    .selectAll('passage')
    .select('person.name as person_name')
    .orderBy('passage.scanned_at', 'desc')
    .execute()
}

export function setCheckpointPolicy(db: DbOrTrx, id: string, policy: UnverifiedPolicy) {
  return db.updateTable('checkpoint').set({ unverified_policy: policy }).where('id', '=', id).executeTakeFirst()
}
