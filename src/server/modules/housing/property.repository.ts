import type { PropertyStatus } from '../../../shared/schemas/housing.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { NewRentalPropertyRow, RentalPropertyTable } from './housing.table.ts'
import type { Updateable } from 'kysely'
import { anyOf } from '../../db/any.ts'

/** What narrows a property query beyond the area scope: a landlord sees only their own. */
export interface PropertyFilter {
  landlordPersonId?: string
  status?: PropertyStatus
  statuses?: readonly PropertyStatus[]
  areaPath?: string
  addressContains?: string
  minOccupants?: number
}

/** Properties with their area and landlord names, always through the scope filter. */
function selectProperties(db: DbOrTrx, scope: Scope, filter: PropertyFilter) {
  let q = selectInScope(db, scope, 'rental_property')
    .innerJoin('area', 'area.id', 'rental_property.area_id')
    .innerJoin('person as landlord', 'landlord.id', 'rental_property.landlord_person_id')
  if (filter.landlordPersonId) q = q.where('rental_property.landlord_person_id', '=', filter.landlordPersonId)
  if (filter.status) q = q.where('rental_property.status', '=', filter.status)
  if (filter.statuses) q = q.where('rental_property.status', 'in', [...filter.statuses])
  if (filter.areaPath) q = q.where('area.path', 'like', `${filter.areaPath}%`)
  if (filter.addressContains) q = q.where('rental_property.address', 'like', `%${filter.addressContains.replace(/[\\%_]/g, '\\$&')}%`)
  if (filter.minOccupants !== undefined) q = q.where('rental_property.occupants', '>=', filter.minOccupants)
  return q
}

function withNames<Q extends ReturnType<typeof selectProperties>>(q: Q) {
  return q.selectAll('rental_property').select(['area.name as area_name', 'area.path as area_path', 'landlord.name as landlord_name'])
}

export type PropertyWithNames = NonNullable<Awaited<ReturnType<typeof findProperty>>>

export function findProperty(db: DbOrTrx, scope: Scope, id: string, filter: PropertyFilter = {}) {
  return withNames(selectProperties(db, scope, filter))
    .where('rental_property.id', '=', id)
    .executeTakeFirst()
}

/**
 * Locks a property row for the rest of the transaction: status changes, sign-offs and accepts
 * on one property happen one after another, never interleaved.
 */
export function lockProperty(trx: DbOrTrx, scope: Scope, id: string) {
  return selectInScope(trx, scope, 'rental_property').selectAll().where('rental_property.id', '=', id).forUpdate().executeTakeFirst()
}

export function listProperties(db: DbOrTrx, scope: Scope, filter: PropertyFilter, limit: number, offset: number) {
  return withNames(selectProperties(db, scope, filter))
    .orderBy('rental_property.updated_at', 'desc')
    .orderBy('rental_property.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countProperties(db: DbOrTrx, scope: Scope, filter: PropertyFilter): Promise<number> {
  const row = await selectProperties(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Properties with a valid house code for a poster batch, by area and address (the order a grid
 * worker walks the village in); `ids` narrows to the chosen ones.
 */
export function listPosterProperties(db: DbOrTrx, scope: Scope, filter: PropertyFilter, ids: readonly string[] | undefined, limit: number) {
  let q = withNames(selectProperties(db, scope, { ...filter, status: 'code_issued' }))
  if (ids) q = q.where('rental_property.id', '=', anyOf([...ids], 'uuid'))
  return q.orderBy('area.path').orderBy('rental_property.address').orderBy('rental_property.id').limit(limit).execute()
}

export async function countPosterProperties(
  db: DbOrTrx,
  scope: Scope,
  filter: PropertyFilter,
  ids: readonly string[] | undefined,
): Promise<number> {
  let q = selectProperties(db, scope, { ...filter, status: 'code_issued' })
  if (ids) q = q.where('rental_property.id', '=', anyOf([...ids], 'uuid'))
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Submitted applications oldest first: the inspectors' work list. */
export function listAwaitingInspection(db: DbOrTrx, scope: Scope, limit: number) {
  return withNames(selectProperties(db, scope, { statuses: ['submitted', 'under_inspection'] }))
    .orderBy('rental_property.submitted_at', 'asc')
    .orderBy('rental_property.id')
    .limit(limit)
    .execute()
}

export function insertProperty(db: DbOrTrx, row: NewRentalPropertyRow) {
  return db.insertInto('rental_property').values(row).returning('id').executeTakeFirstOrThrow()
}

/** Changes a property already found in scope (callers check first). */
export function updateProperty(db: DbOrTrx, id: string, changes: Updateable<RentalPropertyTable>) {
  return db.updateTable('rental_property').set(changes).where('id', '=', id).returning(['id', 'status']).executeTakeFirst()
}

/**
 * Moves a property from one status to another, only if it is still in the first: a change
 * someone else made meanwhile makes this return undefined instead of overwriting it.
 */
export function moveStatus(
  db: DbOrTrx,
  id: string,
  from: PropertyStatus,
  to: PropertyStatus,
  changes: Updateable<RentalPropertyTable>,
  now: Date,
) {
  return db
    .updateTable('rental_property')
    .set({ ...changes, status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .returning(['id', 'status', 'round'])
    .executeTakeFirst()
}

export function insertEvent(
  db: DbOrTrx,
  row: {
    property_id: string
    area_id: string
    account_id: string | null
    from_status: PropertyStatus | null
    to_status: PropertyStatus
    note: string | null
    at: Date
  },
) {
  return db.insertInto('house_event').values(row).execute()
}

export function listEvents(db: DbOrTrx, scope: Scope, propertyId: string) {
  return selectInScope(db, scope, 'house_event')
    .leftJoin('account', 'account.id', 'house_event.account_id')
    .select([
      'house_event.at',
      'house_event.from_status',
      'house_event.to_status',
      'house_event.note',
      'account.display_name as account_name',
    ])
    .where('house_event.property_id', '=', propertyId)
    .orderBy('house_event.id')
    .execute()
}

/** Every unrevoked house code of a property: one house, one code, so issuing or suspending ends them. */
export function revokeHouseCodes(db: DbOrTrx, propertyId: string, reason: string, now: Date, exceptCti?: string) {
  let q = db
    .updateTable('issued_code')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('kind', '=', 'house')
    .where('property_id', '=', propertyId)
    .where('revoked_at', 'is', null)
  if (exceptCti) q = q.where('cti', '<>', exceptCti)
  return q.execute()
}

/** The landlord person an account acts for, or null. */
export async function personOfAccount(db: DbOrTrx, accountId: string): Promise<string | null> {
  const row = await db.selectFrom('account').select('person_id').where('id', '=', accountId).executeTakeFirst()
  return row?.person_id ?? null
}

/** Whether a floor plan was uploaded for the property (submission needs one). */
export async function hasFloorPlan(db: DbOrTrx, propertyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('house_file')
    .select('id')
    .where('property_id', '=', propertyId)
    .where('kind', '=', 'floor_plan')
    .limit(1)
    .executeTakeFirst()
  return !!row
}
