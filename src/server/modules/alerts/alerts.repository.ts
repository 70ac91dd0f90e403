import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'

/** Alerts in scope with the columns every alert view needs (person and area joined). */
export function selectAlertViews(db: DbOrTrx, scope: Scope) {
  return (
    selectInScope(db, scope, 'alert')
      .leftJoin('person', 'person.id', 'alert.person_id')
      .innerJoin('area', 'area.id', 'alert.area_id')
      // A gate's alert (a forged code) is about a checkpoint: its name says where it happened.
      .leftJoin('checkpoint', (join) => join.on(sql<boolean>`alert.kind = 'forged_code' and checkpoint.id::text = alert.subject_ref`))
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
        'person.name as person_name',
        'area.name as area_name',
        'checkpoint.name as place_name',
      ])
  )
}

/** Unhandled alerts in scope, newest first. */
export function listOpenAlerts(db: DbOrTrx, scope: Scope, limit: number) {
  return selectAlertViews(db, scope).where('alert.status', '<>', 'handled').orderBy('alert.last_seen_at', 'desc').limit(limit).execute()
}
