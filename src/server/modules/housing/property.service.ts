import {
  INSPECTOR_ROLES,
  type Property,
  type PropertyData,
  type PropertyDetail,
  type PropertyListQuery,
} from '../../../shared/schemas/housing.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import { lockPropertyFor, propertyFilterFor, requireProperty } from './access.ts'
import { listFiles } from './files.service.ts'
import { FloorPlanMissingError, LandlordRequiredError, NotALandlordError, NotEditableError } from './housing.errors.ts'
import { listInspections } from './inspection.repository.ts'
import { transition } from './lifecycle.ts'
import * as repo from './property.repository.ts'

const ENTITY = 'rental_property'

/** Maps a row to what the API shows. */
export function propertyRowToProperty(row: repo.PropertyWithNames): Property {
  return {
    id: row.id,
    areaId: row.area_id,
    areaName: row.area_name,
    address: row.address,
    rooms: row.rooms,
    beds: row.beds,
    capacity: row.capacity,
    occupants: row.occupants,
    status: row.status,
    round: row.round,
    landlordPersonId: row.landlord_person_id,
    landlordName: row.landlord_name,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    codeIssuedAt: row.code_issued_at?.toISOString() ?? null,
    codeExpiresAt: row.code_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** The landlord of a new application: the actor themselves, or the person staff name. */
async function landlordFor(deps: Deps, actor: Actor, input: PropertyData): Promise<string> {
  if (actor.account.role === 'landlord') {
    const personId = await repo.personOfAccount(deps.db, actor.account.id)
    if (!personId) throw new NotALandlordError()
    return personId
  }
  if (!input.landlordPersonId) throw new LandlordRequiredError()
  const person = await findPersonById(deps.db, actor, input.landlordPersonId)
  if (!person) throw new LandlordRequiredError('HOUSING_LANDLORD_NOT_FOUND')
  return person.id
}

/**
 * Starts an application (a draft) for a rental property in an area within the actor's scope.
 * @throws NotALandlordError, LandlordRequiredError, DomainError AREA_OUTSIDE_SCOPE
 */
export async function createProperty(deps: Deps, actor: Actor, input: PropertyData, now = new Date()): Promise<Property> {
  const landlordPersonId = await landlordFor(deps, actor, input)
  const id = await deps.db.transaction().execute(async (trx) => {
    const area = await requireAreaInScope(trx, actor, input.areaId)
    const { id } = await repo.insertProperty(trx, {
      area_id: area.id,
      landlord_person_id: landlordPersonId,
      address: input.address,
      rooms: input.rooms,
      beds: input.beds,
      capacity: input.capacity,
      status: 'draft',
      updated_at: now,
    })
    await trx.updateTable('person').set({ is_landlord: true }).where('id', '=', landlordPersonId).where('is_landlord', '=', false).execute()
    await repo.insertEvent(trx, {
      property_id: id,
      area_id: area.id,
      account_id: actor.account.id,
      from_status: null,
      to_status: 'draft',
      note: null,
      at: now,
    })
    await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: area.id }])
    return id
  })
  return propertyRowToProperty(await requireProperty(deps.db, actor, id))
}

/**
 * Changes a draft or returned application.
 * @throws NotFoundError, NotEditableError
 */
export async function updateProperty(deps: Deps, actor: Actor, id: string, input: PropertyData, now = new Date()): Promise<Property> {
  await deps.db.transaction().execute(async (trx) => {
    const property = await lockPropertyFor(trx, actor, id)
    if (property.status !== 'draft' && property.status !== 'returned') throw new NotEditableError(property.status)
    const area = await requireAreaInScope(trx, actor, input.areaId)
    await repo.updateProperty(trx, id, {
      area_id: area.id,
      address: input.address,
      rooms: input.rooms,
      beds: input.beds,
      capacity: input.capacity,
      updated_at: now,
    })
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: area.id }])
  })
  return propertyRowToProperty(await requireProperty(deps.db, actor, id))
}

/**
 * Sends a draft, or a corrected returned application, to the three inspectors. A returned
 * one starts a new inspection round: earlier sign-offs stay in the history but no longer count.
 * @throws NotFoundError, BadTransitionError; FloorPlanMissingError
 */
export async function submitProperty(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<Property> {
  await deps.db.transaction().execute(async (trx) => {
    const property = await lockPropertyFor(trx, actor, id)
    // The inspectors check the rooms against the floor plan on site: no plan, no submission.
    if (property.status === 'draft' || property.status === 'returned') {
      if (!(await repo.hasFloorPlan(trx, property.id))) throw new FloorPlanMissingError()
    }
    const nextRound = property.status === 'returned' ? property.round + 1 : property.round
    await transition(trx, actor, property, 'submitted', { now, changes: { submitted_at: now, round: nextRound } })
  })
  return propertyRowToProperty(await requireProperty(deps.db, actor, id))
}

/** One property with its inspections, history and files. @throws NotFoundError */
export async function getPropertyDetail(deps: Deps, actor: Actor, id: string): Promise<PropertyDetail> {
  const row = await requireProperty(deps.db, actor, id)
  const [inspections, events, files] = await Promise.all([
    listInspections(deps.db, actor, id),
    repo.listEvents(deps.db, actor, id),
    listFiles(deps, actor, id),
  ])
  const signed = new Set(inspections.filter((i) => i.round === row.round).map((i) => i.role))
  const inspecting = row.status === 'submitted' || row.status === 'under_inspection'
  return {
    ...propertyRowToProperty(row),
    inspections: inspections.map((i) => ({
      id: i.id,
      round: i.round,
      role: i.role,
      inspectorName: i.inspector_name,
      passed: i.passed,
      items: i.items,
      note: i.note,
      createdAt: i.created_at.toISOString(),
    })),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      fromStatus: e.from_status,
      toStatus: e.to_status,
      accountName: e.account_name,
      note: e.note,
    })),
    files,
    awaitingRoles: inspecting ? INSPECTOR_ROLES.filter((role) => !signed.has(role)) : [],
  }
}

/** Properties in scope (a landlord's own), newest change first. */
export async function listProperties(deps: Deps, actor: Actor, query: PropertyListQuery) {
  const filter: repo.PropertyFilter = {
    ...(await propertyFilterFor(deps.db, actor)),
    status: query.status,
    minOccupants: query.minOccupants,
  }
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  if (query.q) filter.addressContains = query.q
  const [rows, total] = await Promise.all([
    repo.listProperties(deps.db, actor, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countProperties(deps.db, actor, filter),
  ])
  return { items: rows.map(propertyRowToProperty), total, page: query.page, pageSize: query.pageSize }
}
