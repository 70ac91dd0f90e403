import { sql, type Insertable } from 'kysely'
import type { ConsultationStatus } from '../../../shared/schemas/consultation.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'
import type { ConsultationTable } from './consultation.table.ts'

function selectConsultations(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'consultation')
    .innerJoin('person', 'person.id', 'consultation.person_id')
    .innerJoin('area', 'area.id', 'consultation.area_id')
    .leftJoin('account as doctor', 'doctor.id', 'consultation.doctor_account_id')
    .selectAll('consultation')
    .select(['person.name as person_name', 'area.name as area_name', 'area.path as area_path', 'doctor.display_name as doctor_name'])
}
export type ConsultationListRow = Awaited<ReturnType<ReturnType<typeof selectConsultations>['execute']>>[number]

export function insertConsultation(db: DbOrTrx, row: Insertable<ConsultationTable>) {
  return db.insertInto('consultation').values(row).returning('id').executeTakeFirstOrThrow()
}

export function findConsultation(db: DbOrTrx, scope: Scope, id: string) {
  return selectConsultations(db, scope).where('consultation.id', '=', id).executeTakeFirst()
}

/** The queue (oldest first) and the rest (newest first). */
export function listConsultations(db: DbOrTrx, scope: Scope, filter: { status?: ConsultationStatus; doctorId?: string }) {
  let query = selectConsultations(db, scope)
  if (filter.status) query = query.where('consultation.status', '=', filter.status)
  if (filter.doctorId)
    query = query.where((eb) =>
      eb.or([eb('consultation.status', '=', 'queued'), eb('consultation.doctor_account_id', '=', filter.doctorId!)]),
    )
  return query
    .orderBy(sql`CASE WHEN consultation.status = 'queued' THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE WHEN consultation.status = 'queued' THEN consultation.created_at END`, 'asc')
    .orderBy('consultation.created_at', 'desc')
    .limit(200)
    .execute()
}

/** Takes a queued consultation; only one doctor wins. @returns undefined when it was not queued */
export function takeConsultation(db: DbOrTrx, scope: Scope, id: string, doctorId: string, now: Date) {
  return updateInScope(db, scope, 'consultation')
    .set({ status: 'in_progress', doctor_account_id: doctorId, taken_at: now })
    .where('consultation.id', '=', id)
    .where('consultation.status', '=', 'queued')
    .returning(['consultation.id', 'consultation.area_id'])
    .executeTakeFirst()
}

export function closeConsultation(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  doctorId: string,
  values: { notes: string; outcome: ConsultationTable['outcome'] },
  now: Date,
) {
  return updateInScope(db, scope, 'consultation')
    .set({ status: 'closed', notes: values.notes, outcome: values.outcome, closed_at: now })
    .where('consultation.id', '=', id)
    .where('consultation.status', '=', 'in_progress')
    .where('consultation.doctor_account_id', '=', doctorId)
    .returning(['consultation.id', 'consultation.person_id', 'consultation.area_id'])
    .executeTakeFirst()
}

export function setVideoUrl(db: DbOrTrx, scope: Scope, id: string, url: string | null) {
  return updateInScope(db, scope, 'consultation').set({ video_url: url }).where('consultation.id', '=', id).execute()
}

/** The URL template of the nearest area (the node itself or an ancestor) that configured one. */
export async function findVideoTemplate(db: DbOrTrx, areaPath: string): Promise<string | null> {
  // Ancestors' settings apply below them, so this reads outside the caller's own subtree on purpose.
  const row = await selectInScope(db, WHOLE_TREE, 'video_service')
    .innerJoin('area', 'area.id', 'video_service.area_id')
    .select('video_service.url_template')
    .where(sql<boolean>`${areaPath} LIKE area.path || '%'`)
    .orderBy(sql`length(area.path)`, 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.url_template ?? null
}

export function upsertVideoService(db: DbOrTrx, areaId: string, urlTemplate: string, now: Date) {
  return db
    .insertInto('video_service')
    .values({ area_id: areaId, url_template: urlTemplate, updated_at: now })
    .onConflict((oc) => oc.column('area_id').doUpdateSet({ url_template: urlTemplate, updated_at: now }))
    .execute()
}
