import { z } from 'zod'
import {
  checklistSchema,
  isChecklistComplete,
  resumptionInputSchema,
  type ResumptionData,
  type Resumption,
} from '../../../shared/schemas/enterprise-resumption.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { ChecklistIncompleteError, isUniqueViolation, ResumptionNotPendingError, ResumptionPendingError } from './enterprise.errors.ts'
import { requireEnterprise } from './registry.service.ts'
import * as repo from './resumption.repository.ts'
import { requireStaff, viewerOf, type Viewer } from './viewer.ts'

const ENTITY = 'resumption_application'
const vehiclePassesSchema = z.array(z.object({ plate: z.string(), route: z.string() }))

export function applicationRowToResumption(row: repo.ApplicationRow): Resumption {
  // jsonb comes back parsed; the schemas give it its type (and defaults for items added later).
  const checklist = checklistSchema.parse(row.checklist)
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    areaName: row.area_name,
    aboveScale: row.above_scale,
    status: row.status,
    checklist,
    checklistComplete: isChecklistComplete(checklist),
    staffPlan: resumptionInputSchema.shape.staffPlan.parse(row.staff_plan),
    ppe: resumptionInputSchema.shape.ppe.parse(row.ppe),
    vehiclePasses: vehiclePassesSchema.parse(row.vehicle_passes),
    note: row.note,
    submittedAt: row.submitted_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by_name,
    decisionNote: row.decision_note,
  }
}

/** The enterprise a request is about: an enterprise account's own, else the one given. */
export function targetEnterpriseId(viewer: Viewer, given: string | undefined): string {
  const id = viewer.enterpriseId ?? given
  if (!id) throw new NotFoundError('enterprise')
  return id
}

/**
 * Files a resumption application (the enterprise, or its liaison on its behalf). One pending
 * application per enterprise; a returned one is fixed by filing again.
 * @throws ResumptionPendingError, NotFoundError
 */
export async function submitResumption(deps: Deps, actor: Actor, input: ResumptionData, now = new Date()): Promise<Resumption> {
  const viewer = await viewerOf(deps.db, actor)
  const enterpriseId = targetEnterpriseId(viewer, input.enterpriseId)
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const enterprise = await requireEnterprise(trx, viewer, enterpriseId)
      const pending = await repo.countApplications(trx, viewer, { enterpriseId, status: 'submitted' })
      if (pending) throw new ResumptionPendingError()
      const { id } = await repo.insertApplication(trx, {
        enterprise_id: enterpriseId,
        area_id: enterprise.area_id,
        status: 'submitted',
        checklist: JSON.stringify(input.checklist),
        staff_plan: JSON.stringify(input.staffPlan),
        ppe: JSON.stringify(input.ppe),
        vehicle_passes: JSON.stringify(input.vehiclePasses),
        note: input.note ?? null,
        submitted_by: actor.account.id,
        submitted_at: now,
      })
      await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: enterprise.area_id }])
      return id
    })
    return applicationRowToResumption((await repo.findApplication(deps.db, viewer, id))!)
  } catch (error) {
    if (isUniqueViolation(error, 'resumption_one_pending')) throw new ResumptionPendingError()
    throw error
  }
}

/**
 * The area office approves (the enterprise counts as resumed from now) or returns an application.
 * @throws ResumptionNotPendingError when already decided (also when another officer just did),
 *   ChecklistIncompleteError when approving with unticked items
 */
export async function decideResumption(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'return'; note?: string },
  now = new Date(),
): Promise<Resumption> {
  const viewer = await viewerOf(deps.db, actor)
  requireStaff(viewer)
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findApplication(trx, viewer, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (row.status !== 'submitted') throw new ResumptionNotPendingError()
    if (input.decision === 'approve' && !isChecklistComplete(checklistSchema.parse(row.checklist))) throw new ChecklistIncompleteError()
    const status = input.decision === 'approve' ? 'approved' : 'returned'
    const changed = await repo.decideApplication(trx, actor, id, {
      status,
      decided_by: actor.account.id,
      decided_at: now,
      decision_note: input.note ?? null,
    })
    if (!changed) throw new ResumptionNotPendingError()
    if (status === 'approved') await repo.markResumed(trx, actor, row.enterprise_id, now)
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: row.area_id }])
  })
  return applicationRowToResumption((await repo.findApplication(deps.db, viewer, id))!)
}

export async function getResumption(deps: Deps, actor: Actor, id: string): Promise<Resumption> {
  const viewer = await viewerOf(deps.db, actor)
  const row = await repo.findApplication(deps.db, viewer, id)
  if (!row) throw new NotFoundError(ENTITY)
  return applicationRowToResumption(row)
}

export async function listResumptions(deps: Deps, actor: Actor, query: { page: number; pageSize: number } & repo.ApplicationFilter) {
  const viewer = await viewerOf(deps.db, actor)
  const filter = { status: query.status, enterpriseId: query.enterpriseId }
  const [rows, total] = await Promise.all([
    repo.listApplications(deps.db, viewer, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countApplications(deps.db, viewer, filter),
  ])
  return { items: rows.map(applicationRowToResumption), total, page: query.page, pageSize: query.pageSize }
}
