import type { DbOrTrx } from '../../db/database.ts'
import { announceAlertChange } from './alert-events.ts'
import type { AlertSeverity } from './alerts.table.ts'

export interface RaiseAlertInput {
  areaId: string
  kind: string
  severity: AlertSeverity
  personId?: string | null
  /** What the alert is about when not a person: a checkpoint, a device. */
  subjectRef?: string | null
  now: Date
}

/**
 * Raises an alert, or counts one more occurrence of the unhandled alert of the same kind for
 * the same person (or subject): grid workers see one alert per problem, never a flood.
 * The live channel hears of it once the caller's transaction commits (NOTIFY, alert-events.ts).
 * @returns the alert id and whether it is new
 */
export async function raiseAlert(db: DbOrTrx, input: RaiseAlertInput): Promise<{ id: string; created: boolean }> {
  const dedupeKey = `${input.kind}:${input.personId ?? input.subjectRef ?? input.areaId}`
  const row = await db
    .insertInto('alert')
    .values({
      area_id: input.areaId,
      kind: input.kind,
      severity: input.severity,
      person_id: input.personId ?? null,
      subject_ref: input.subjectRef ?? null,
      dedupe_key: dedupeKey,
      status: 'open',
      created_at: input.now,
      last_seen_at: input.now,
      acknowledged_at: null,
      acknowledged_by: null,
      handled_at: null,
      handled_by: null,
      note: null,
    })
    .onConflict((oc) =>
      oc
        .column('dedupe_key')
        .where('status', '<>', 'handled')
        .doUpdateSet((eb) => ({ occurrences: eb('alert.occurrences', '+', 1), last_seen_at: input.now })),
    )
    .returning(['id', 'occurrences'])
    .executeTakeFirstOrThrow()
  await announceAlertChange(db, row.id, row.occurrences === 1 ? 'raised' : 'repeated')
  return { id: row.id, created: row.occurrences === 1 }
}
