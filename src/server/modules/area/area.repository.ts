import type { DbOrTrx } from '../../db/database.ts'
import type { NewAreaRow } from './area.table.ts'

export function findAreaByCode(db: DbOrTrx, code: string) {
  return db.selectFrom('area').selectAll().where('code', '=', code).executeTakeFirst()
}

export function findAreaById(db: DbOrTrx, id: string) {
  return db.selectFrom('area').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Children of a node, restricted to a path prefix (the caller's scope). */
export function listChildAreas(db: DbOrTrx, parentId: string, scopePath: string) {
  return db
    .selectFrom('area')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('path', 'like', `${scopePath}%`)
    .orderBy('code')
    .execute()
}

/** Every node under a path, in path order (a depth-first tree walk). */
export function listAreasUnder(db: DbOrTrx, path: string) {
  return db.selectFrom('area').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute()
}

/** Inserts a node, or renames it when the code exists under the same parent (re-imports are harmless). */
export function upsertArea(db: DbOrTrx, row: NewAreaRow) {
  return db
    .insertInto('area')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name }).where('area.path', '=', row.path))
    .returningAll()
    .executeTakeFirst()
}
