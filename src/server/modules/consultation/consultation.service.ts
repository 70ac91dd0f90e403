import type { CloseConsultationBody, Consultation, ConsultationStatus } from '../../../shared/schemas/consultation.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import * as people from '../people/person.repository.ts'
import { ConsultationNotYoursError, ConsultationTakenError, ConsultationWaitingError } from './consultation.errors.ts'
import * as repo from './consultation.repository.ts'

const ENTITY = 'consultation'

export function consultationRowToConsultation(r: repo.ConsultationListRow): Consultation {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    areaName: r.area_name,
    isolationOrderId: r.isolation_order_id,
    requestedVia: r.requested_via,
    reason: r.reason,
    status: r.status,
    doctorName: r.doctor_name,
    videoUrl: r.video_url,
    notes: r.notes,
    outcome: r.outcome,
    createdAt: r.created_at.toISOString(),
    takenAt: r.taken_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
  }
}

function isWaitingConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === 'consultation_one_waiting' || !!e.message?.includes('consultation_one_waiting'))
}

/**
 * Queues a consultation for a person (the person's phone page or a grid worker), linked to the
 * person's open isolation order if any.
 * @throws ConsultationWaitingError when one is already waiting or running
 */
export async function queueConsultation(
  db: DbOrTrx,
  input: { personId: string; areaId: string; reason: string; via: 'self' | 'staff'; accountId: string | null; now: Date },
): Promise<string> {
  const order = await db
    .selectFrom('isolation_order')
    .select('id')
    .where('person_id', '=', input.personId)
    .where('status', '=', 'open')
    .executeTakeFirst()
  try {
    const { id } = await repo.insertConsultation(db, {
      area_id: input.areaId,
      person_id: input.personId,
      isolation_order_id: order?.id ?? null,
      requested_via: input.via,
      requested_by: input.accountId,
      reason: input.reason,
      status: 'queued',
      doctor_account_id: null,
      taken_at: null,
      closed_at: null,
      video_url: null,
      notes: null,
      outcome: null,
      created_at: input.now,
    })
    return id
  } catch (error) {
    if (isWaitingConflict(error)) throw new ConsultationWaitingError()
    throw error
  }
}

/** A grid worker requests a consultation for a person of the area. @throws NotFoundError; ConsultationWaitingError */
export async function requestConsultation(
  deps: Deps,
  actor: Actor,
  input: { personId: string; reason: string },
  now = new Date(),
): Promise<Consultation> {
  return deps.db.transaction().execute(async (trx) => {
    const person = await people.findPersonById(trx, actor, input.personId)
    if (!person) throw new NotFoundError('person')
    const id = await queueConsultation(trx, {
      personId: person.id,
      areaId: person.area_id,
      reason: input.reason,
      via: 'staff',
      accountId: actor.account.id,
      now,
    })
    await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: person.area_id }])
    return consultationRowToConsultation((await repo.findConsultation(trx, actor, id))!)
  })
}

/** The queue and the doctor's own consultations (doctors); every consultation of the area (staff). */
export async function listConsultations(deps: Deps, actor: Actor, query: { status?: ConsultationStatus }): Promise<Consultation[]> {
  const rows = await repo.listConsultations(deps.db, actor, {
    status: query.status,
    doctorId: actor.account.role === 'doctor' ? actor.account.id : undefined,
  })
  await recordAudit(
    deps.db,
    actor,
    'list',
    'person',
    rows.map((r) => ({ id: r.person_id, areaId: r.area_id })),
    { query },
  )
  return rows.map(consultationRowToConsultation)
}

/**
 * A doctor takes a consultation from the queue and gets the video link of the area's service.
 * @throws NotFoundError; ConsultationTakenError when another doctor was quicker
 */
export async function takeConsultation(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<Consultation> {
  return deps.db.transaction().execute(async (trx) => {
    const taken = await repo.takeConsultation(trx, actor, id, actor.account.id, now)
    const row = await repo.findConsultation(trx, actor, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (!taken) throw new ConsultationTakenError()
    const template = await repo.findVideoTemplate(trx, row.area_path)
    const url = template ? template.replace(/\{room\}|%7Broom%7D/g, `gridline-${id}`) : null
    await repo.setVideoUrl(trx, actor, id, url)
    await recordAudit(trx, actor, 'read', 'person', [{ id: row.person_id, areaId: row.area_id }])
    return { ...consultationRowToConsultation(row), videoUrl: url }
  })
}

/** The doctor records notes and outcome. @throws NotFoundError; ConsultationNotYoursError */
export async function closeConsultation(
  deps: Deps,
  actor: Actor,
  id: string,
  body: CloseConsultationBody,
  now = new Date(),
): Promise<Consultation> {
  return deps.db.transaction().execute(async (trx) => {
    const closed = await repo.closeConsultation(trx, actor, id, actor.account.id, body, now)
    const row = await repo.findConsultation(trx, actor, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (!closed) throw new ConsultationNotYoursError()
    await recordAudit(trx, actor, 'update', 'person', [{ id: row.person_id, areaId: row.area_id }])
    return consultationRowToConsultation(row)
  })
}

/** Sets the video service of an area (and the areas below without their own). */
export async function setVideoService(deps: Deps, actor: Actor, body: { areaId: string; urlTemplate: string }): Promise<void> {
  const area = await requireAreaInScope(deps.db, actor, body.areaId)
  await repo.upsertVideoService(deps.db, area.id, body.urlTemplate.replace(/%7Broom%7D/g, '{room}'), new Date())
}
