import type { z } from 'zod'
import {
  CHECKLISTS,
  INSPECTOR_ROLES,
  type inspectionInputSchema,
  type InspectorRole,
  type PropertyDetail,
  type WorkItem,
} from '../../../shared/schemas/housing.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { notify } from '../notify/notify.service.ts'
import { lockPropertyFor } from './access.ts'
import { issueCodeInTransaction, prepareSigning } from './house-code.service.ts'
import { AlreadyInspectedError, BadTransitionError, ChecklistMismatchError, InspectionPhotoUnknownError } from './housing.errors.ts'
import * as inspections from './inspection.repository.ts'
import { transition } from './lifecycle.ts'
import { getPropertyDetail, propertyRowToProperty } from './property.service.ts'
import * as repo from './property.repository.ts'

type InspectionData = z.output<typeof inspectionInputSchema>

function inspectorRole(actor: Actor): InspectorRole {
  const role = actor.account.role
  if (!(INSPECTOR_ROLES as readonly string[]).includes(role)) throw new ForbiddenError()
  return role as InspectorRole
}

/** The items must be exactly the role's checklist, each once. */
function checkChecklist(role: InspectorRole, input: InspectionData) {
  const expected = [...CHECKLISTS[role]].sort()
  const given = input.items.map((i) => i.item).sort()
  if (expected.length !== given.length || expected.some((item, i) => item !== given[i])) throw new ChecklistMismatchError()
}

/**
 * Attaches every photo named (the items' and the whole inspection's) to the sign-off. Each must
 * be an inspection photo of this property not used by another sign-off: a failed fire-safety
 * item cannot be backed by a made-up or borrowed id.
 * @throws InspectionPhotoUnknownError naming the first field with such an id
 */
async function attachPhotos(trx: DbOrTrx, propertyId: string, inspectionId: string, input: InspectionData) {
  const named = [
    ...input.items.flatMap((entry, index) => entry.photoIds.map((id) => ({ id, field: `items.${index}.photoIds` }))),
    ...input.photoIds.map((id) => ({ id, field: 'photoIds' })),
  ]
  const attached = new Set(await inspections.attachInspectionPhotos(trx, propertyId, inspectionId, [...new Set(named.map((n) => n.id))]))
  const stray = named.find((n) => !attached.has(n.id))
  if (stray) throw new InspectionPhotoUnknownError(stray.field)
}

/**
 * Records one inspector's on-site sign-off for the current round. A failed item returns the
 * application to the landlord with the inspector's reasons; the third pass of a round passes
 * the application and issues its signed house code, all in one transaction.
 * @throws ForbiddenError for a role that does not inspect; NotFoundError outside the area;
 *   BadTransitionError when the application is not awaiting inspection; AlreadyInspectedError;
 *   ChecklistMismatchError
 */
export async function recordInspection(
  deps: Deps,
  actor: Actor,
  propertyId: string,
  input: InspectionData,
  now = new Date(),
): Promise<PropertyDetail> {
  const role = inspectorRole(actor)
  checkChecklist(role, input)
  await prepareSigning(deps)
  await deps.db.transaction().execute(async (trx) => {
    const property = await lockPropertyFor(trx, actor, propertyId)
    if (property.status !== 'submitted' && property.status !== 'under_inspection')
      throw new BadTransitionError(property.status, 'under_inspection')
    const round = await inspections.roundInspections(trx, property.id, property.round)
    if (round.some((r) => r.role === role)) throw new AlreadyInspectedError()
    // The schema has refused unanswered items: each is true or false here.
    const passed = input.items.every((i) => i.passed === true)
    const { id } = await inspections.insertInspection(trx, {
      property_id: property.id,
      area_id: property.area_id,
      round: property.round,
      role,
      inspector_account_id: actor.account.id,
      passed,
      items: input.items.map((i) => ({ item: i.item, passed: i.passed === true, note: i.note ?? null, photoIds: i.photoIds })),
      note: input.note ?? null,
      created_at: now,
    })
    await attachPhotos(trx, property.id, id, input)
    await recordAudit(trx, actor, 'create', 'house_inspection', [{ id, areaId: property.area_id }])
    if (!passed) {
      const reasons = [...input.items.filter((i) => i.passed === false).map((i) => i.note!), ...(input.note ? [input.note] : [])].join('；')
      await transition(trx, actor, property, 'returned', { now, note: reasons })
      await notify(trx, {
        areaId: property.area_id,
        kind: 'house_application_returned',
        recipientPersonId: property.landlord_person_id,
        body: `您的出租房 ${property.address} 未通过现场核查，已退回修改：${reasons}`,
        now,
      })
      return
    }
    if (property.status === 'submitted') await transition(trx, actor, property, 'under_inspection', { now })
    const passedRoles = new Set([...round.filter((r) => r.passed).map((r) => r.role), role])
    if (INSPECTOR_ROLES.every((r) => passedRoles.has(r))) {
      await transition(trx, actor, property, 'passed', { now })
      await issueCodeInTransaction(deps, trx, actor, property, now, null)
    }
  })
  return getPropertyDetail(deps, actor, propertyId)
}

/**
 * The inspector's work list: applications of their area waiting for their role's sign-off,
 * longest waiting first.
 * @throws ForbiddenError for a role that does not inspect
 */
export async function workList(deps: Deps, actor: Actor, now = new Date()): Promise<WorkItem[]> {
  const role = inspectorRole(actor)
  const rows = await repo.listAwaitingInspection(deps.db, actor, 500)
  const signed = await inspections.signedRoles(deps.db, actor, rows)
  const rounds = new Map(rows.map((r) => [r.id, r.round]))
  const signedBy = new Map<string, InspectorRole[]>()
  for (const s of signed) {
    if (rounds.get(s.property_id) !== s.round) continue
    signedBy.set(s.property_id, [...(signedBy.get(s.property_id) ?? []), s.role])
  }
  return rows
    .filter((r) => !(signedBy.get(r.id) ?? []).includes(role))
    .map((r) => ({
      ...propertyRowToProperty(r),
      waitingHours: r.submitted_at ? Math.max(0, Math.floor((now.getTime() - r.submitted_at.getTime()) / 3_600_000)) : 0,
      signedRoles: signedBy.get(r.id) ?? [],
    }))
}
