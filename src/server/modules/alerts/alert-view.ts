import { sql } from 'kysely'
import type { AlertEventName, AlertView } from '../../../shared/schemas/alerts.ts'
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
  return selectAlertViews(db, WHOLE_TREE).select(['alert.area_id', 'area.path as area_path']).where('alert.id', '=', id).executeTakeFirst()
}

/**
 * Alerts raised or changed at or after `since` (by their own times: seen, acknowledged, handled,
 * escalated), oldest change first, with what the fan-out needs and the event each change reads
 * as. The live channel replays these after its LISTEN connection was lost.
 */
export async function findAlertsChangedSince(db: DbOrTrx, since: Date, limit: number) {
  const changedAt = sql<Date>`greatest(alert.last_seen_at, alert.acknowledged_at, alert.handled_at, alert.escalated_at)`
  const rows = await selectAlertViews(db, WHOLE_TREE)
    .select(['alert.area_id', 'area.path as area_path', 'alert.escalated_at'])
    .where((eb) =>
      eb.or([
        eb('alert.last_seen_at', '>=', since),
        eb('alert.acknowledged_at', '>=', since),
        eb('alert.handled_at', '>=', since),
        eb('alert.escalated_at', '>=', since),
      ]),
    )
    .orderBy(changedAt)
    .limit(limit)
    .execute()
  return rows.map((row) => ({ row, event: changeOf(row, since) }))
}

/** What the latest change of an alert was, read from its state (the notice itself was lost). */
function changeOf(row: AlertViewRow & { escalated_at: Date | null }, since: Date): AlertEventName {
  if (row.status === 'handled') return 'handled'
  if (row.status === 'acknowledged') return 'acknowledged'
  if (row.escalated_at && row.escalated_at >= since && row.escalated_at >= row.last_seen_at) return 'escalated'
  return row.occurrences > 1 ? 'repeated' : 'raised'
}
