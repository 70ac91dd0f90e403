import type { InspectorRole } from '../../../shared/schemas/housing.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { StoredChecklistItem } from './housing.table.ts'
import { anyOf } from '../../db/any.ts'

/** Every sign-off of a property, all rounds, with the inspector's name. */
export function listInspections(db: DbOrTrx, scope: Scope, propertyId: string) {
  return selectInScope(db, scope, 'house_inspection')
    .leftJoin('account', 'account.id', 'house_inspection.inspector_account_id')
    .selectAll('house_inspection')
    .select('account.display_name as inspector_name')
    .where('house_inspection.property_id', '=', propertyId)
    .orderBy('house_inspection.round')
    .orderBy('house_inspection.created_at')
    .execute()
}

/** The sign-offs of one round (the caller holds the property's lock). */
export function roundInspections(db: DbOrTrx, propertyId: string, round: number) {
  return db
    .selectFrom('house_inspection')
    .select(['role', 'passed'])
    .where('property_id', '=', propertyId)
    .where('round', '=', round)
    .execute()
}

/** Which roles signed the given rounds of these properties: for the work list. */
export function signedRoles(db: DbOrTrx, scope: Scope, properties: { id: string; round: number }[]) {
  if (!properties.length) return Promise.resolve([])
  return selectInScope(db, scope, 'house_inspection')
    .select(['house_inspection.property_id', 'house_inspection.round', 'house_inspection.role'])
    .where(
      'house_inspection.property_id',
      '=',
      anyOf(
        properties.map((p) => p.id),
        'uuid',
      ),
    )
    .execute()
}

export function insertInspection(
  db: DbOrTrx,
  row: {
    property_id: string
    area_id: string
    round: number
    role: InspectorRole
    inspector_account_id: string
    passed: boolean
    items: StoredChecklistItem[]
    note: string | null
    created_at: Date
  },
) {
  return db
    .insertInto('house_inspection')
    .values({ ...row, items: JSON.stringify(row.items) })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/**
 * Attaches photos uploaded for an inspection of this property to the sign-off.
 * @returns the ids attached (an id of another property or sign-off is not among them)
 */
export async function attachInspectionPhotos(db: DbOrTrx, propertyId: string, inspectionId: string, fileIds: string[]): Promise<string[]> {
  if (!fileIds.length) return []
  const rows = await db
    .updateTable('house_file')
    .set({ inspection_id: inspectionId })
    .where('property_id', '=', propertyId)
    .where('kind', '=', 'inspection')
    .where('inspection_id', 'is', null)
    .where('id', '=', anyOf(fileIds, 'uuid'))
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}
