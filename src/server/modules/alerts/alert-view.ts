import type { AlertView } from '../../../shared/schemas/alerts.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, WHOLE_TREE } from '../../db/scope.ts'

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
  return selectInScope(db, WHOLE_TREE, 'alert')
    .leftJoin('person', 'person.id', 'alert.person_id')
    .innerJoin('area', 'area.id', 'alert.area_id')
    .select([
      'alert.id',
      'alert.kind',
      'alert.severity',
      'alert.status',
      'alert.occurrences',
      'alert.created_at',
      'alert.last_seen_at',
      'alert.person_id',
      'alert.subject_ref',
      'alert.escalation_level',
      'alert.acknowledged_at',
      'alert.note',
      'alert.area_id',
      'person.name as person_name',
      'area.name as area_name',
      'area.path as area_path',
    ])
    .where('alert.id', '=', id)
    .executeTakeFirst()
}
