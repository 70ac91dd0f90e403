import type { AlertView } from '../../../shared/schemas/alerts.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { WHOLE_TREE } from '../../db/scope.ts'
import { selectAlertViews } from './alerts.repository.ts'

/** The columns every alert view needs (with person and area joined). */
export interface AlertViewRow {
  id: string
  kind: string
  severity: string
  status: 'open' | 'acknowledged' | 'handled'
  occurrences: number
  created_at: Date
  last_seen_at: Date
  person_id: string | null
  subject_ref: string | null
  escalation_level: number
  acknowledged_at: Date | null
  note: string | null
  person_name: string | null
  area_name: string
  place_name: string | null
}

/** Maps an alert row to what the API and the live channel show. */
export function alertRowToView(r: AlertViewRow): AlertView {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    occurrences: r.occurrences,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    personId: r.person_id,
    personName: r.person_name,
    subjectRef: r.subject_ref,
    placeName: r.place_name,
    areaName: r.area_name,
    escalationLevel: r.escalation_level,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    note: r.note,
  }
}

/**
 * One alert with what the live channel needs to route it (its area's path), for every area:
 * the hub checks each subscriber's scope against `area_path` itself.
 */
export function findAlertForFanOut(db: DbOrTrx, id: string) {
  return selectAlertViews(db, WHOLE_TREE)
    .select(['alert.area_id', 'area.path as area_path'])
    .where('alert.id', '=', id)
    .executeTakeFirst()
}
