import { AREA_LEVELS, areaCodePrefix } from '../../../shared/areas.ts'
import type { Area, CreateAreaBody } from '../../../shared/schemas/area.ts'
import { areaCsvRowSchema } from '../../../shared/schemas/area.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import { DomainError, NotFoundError } from '../../errors.ts'
import * as repo from './area.repository.ts'
import type { AreaRow } from './area.table.ts'
import { parseCsv } from './csv.ts'

export function areaRowToArea(row: AreaRow): Area {
  return { id: row.id, parentId: row.parent_id, code: row.code, name: row.name, level: row.level, path: row.path }
}

/**
 * Adds a node under its parent (or a city at the root). The parent must be the level just
 * above and its code a prefix of the child's, so the tree and the codes never disagree.
 * @param scope null for the CLI and seed, which may add cities
 * @throws DomainError AREA_BAD_PARENT, AREA_DUPLICATE_CODE, AREA_OUTSIDE_SCOPE
 */
export async function createArea(db: DbOrTrx, scope: Scope | null, input: CreateAreaBody): Promise<Area> {
  const levelIndex = AREA_LEVELS.indexOf(input.level)
  let path: string
  let parentId: string | null = null
  if (input.parentCode === null) {
    if (input.level !== 'city' || scope)
      throw new DomainError('AREA_BAD_PARENT', 422, 'only a city has no parent', [{ field: 'parentCode', code: 'AREA_BAD_PARENT' }])
    path = `/${input.code}/`
  } else {
    const parent = await repo.findAreaByCode(db, input.parentCode)
    if (!parent || AREA_LEVELS.indexOf(parent.level) !== levelIndex - 1) {
      throw new DomainError('AREA_BAD_PARENT', 422, `the parent must be an existing ${AREA_LEVELS[levelIndex - 1] ?? 'node'}`, [
        { field: 'parentCode', code: 'AREA_BAD_PARENT' },
      ])
    }
    if (!input.code.startsWith(areaCodePrefix(parent.level, parent.code))) {
      throw new DomainError('AREA_BAD_PARENT', 422, `the code must start with the parent's ${areaCodePrefix(parent.level, parent.code)}`, [
        { field: 'code', code: 'AREA_BAD_PARENT' },
      ])
    }
    if (scope && !parent.path.startsWith(scope.areaPath)) {
      throw new DomainError('AREA_OUTSIDE_SCOPE', 422, undefined, [{ field: 'parentCode', code: 'AREA_OUTSIDE_SCOPE' }])
    }
    path = `${parent.path}${input.code}/`
    parentId = parent.id
  }
  const row = await repo.upsertArea(db, { parent_id: parentId, code: input.code, name: input.name, level: input.level, path })
  if (!row) throw new DomainError('AREA_DUPLICATE_CODE', 409, undefined, [{ field: 'code', code: 'AREA_DUPLICATE_CODE' }])
  return areaRowToArea(row)
}

export interface ImportRowError {
  /** 1-based line in the file, the header being line 1. */
  line: number
  field: string
  message: string
}

/**
 * Imports areas from CSV (columns code,name,level,parent_code). All or nothing: any bad row
 * and nothing is written; the report names every bad line. Parents may come later in the file.
 * @param onProgress called after each row written, for the CLI's progress bar
 */
export async function importAreasCsv(
  db: Db,
  scope: Scope | null,
  text: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ imported: number; errors: ImportRowError[] }> {
  const records = parseCsv(text)
  const header = records.shift()?.map((h) => h.trim().toLowerCase())
  const expected = ['code', 'name', 'level', 'parent_code']
  if (!header || expected.some((h) => !header.includes(h))) {
    return { imported: 0, errors: [{ line: 1, field: 'header', message: `expected columns ${expected.join(',')}` }] }
  }
  const col = (r: string[], name: string) => (r[header.indexOf(name)] ?? '').trim()
  const errors: ImportRowError[] = []
  const rows: { line: number; body: CreateAreaBody }[] = []
  records.forEach((r, i) => {
    const line = i + 2
    if (r.every((cell) => cell.trim() === '')) return
    const parsed = areaCsvRowSchema.safeParse({
      code: col(r, 'code'),
      name: col(r, 'name'),
      level: col(r, 'level'),
      parentCode: col(r, 'parent_code') || null,
    })
    if (parsed.success) rows.push({ line, body: parsed.data })
    else for (const issue of parsed.error.issues) errors.push({ line, field: issue.path.join('.'), message: issue.message })
  })
  // Valid rows are still tried (and rolled back) so one report names every bad line.
  // Parents first, whatever the file's order.
  rows.sort((a, b) => AREA_LEVELS.indexOf(a.body.level) - AREA_LEVELS.indexOf(b.body.level))
  try {
    await db.transaction().execute(async (trx) => {
      let done = 0
      for (const row of rows) {
        try {
          await createArea(trx, scope, row.body)
        } catch (error) {
          if (error instanceof DomainError) {
            errors.push({ line: row.line, field: error.fields?.[0]?.field ?? '', message: error.detail ?? error.code })
            continue
          }
          throw error
        }
        onProgress?.(++done, rows.length)
      }
      if (errors.length) throw new ImportRolledBack()
    })
  } catch (error) {
    if (error instanceof ImportRolledBack) return { imported: 0, errors: errors.sort((a, b) => a.line - b.line) }
    throw error
  }
  return { imported: rows.length, errors: [] }
}

class ImportRolledBack extends Error {}

/** The children of a node within scope; without a parent, the scope's own node. */
export async function listChildren(db: Db, scope: Scope & { areaId: string }, parentId?: string): Promise<Area[]> {
  if (!parentId) {
    const own = await repo.findAreaById(db, scope.areaId)
    return own ? [areaRowToArea(own)] : []
  }
  const parent = await repo.findAreaById(db, parentId)
  if (!parent?.path.startsWith(scope.areaPath)) throw new NotFoundError('area')
  return (await repo.listChildAreas(db, parentId, scope.areaPath)).map(areaRowToArea)
}

/** The whole subtree of the scope, for the area switcher. */
export async function listTree(db: Db, scope: Scope, maxLevel: (typeof AREA_LEVELS)[number] = 'grid'): Promise<Area[]> {
  const depth = AREA_LEVELS.indexOf(maxLevel)
  return (await repo.listAreasUnder(db, scope.areaPath)).filter((a) => AREA_LEVELS.indexOf(a.level) <= depth).map(areaRowToArea)
}
