import { sql } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { ALERT_CHANNEL, announceAlertChange } from './alert-events.ts'
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
  const dedupeKey = dedupeKeyOf(input)
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

/** One unhandled alert per kind and person (else subject, else area). */
function dedupeKeyOf(input: RaiseAlertInput): string {
  return `${input.kind}:${input.personId ?? input.subjectRef ?? input.areaId}`
}

/**
 * raiseAlert for many at once, in one statement (upsert and NOTIFY): the device ingestion raises
 * the alerts of a batch of readings inside the readings' transaction, where every round trip
 * delays the fever on the live channel. The same problem twice in the batch counts twice.
 */
export async function raiseAlerts(db: DbOrTrx, inputs: RaiseAlertInput[]): Promise<void> {
  // ON CONFLICT cannot touch one row twice in a statement: one row per problem, with its count.
  const byKey = new Map<string, { input: RaiseAlertInput; count: number }>()
  for (const input of inputs) {
    const key = dedupeKeyOf(input)
    const seen = byKey.get(key)
    if (!seen) byKey.set(key, { input, count: 1 })
    else byKey.set(key, { input: input.now >= seen.input.now ? input : seen.input, count: seen.count + 1 })
  }
  if (!byKey.size) return
  const rows = [...byKey.entries()]
  const column = <T>(pick: (input: RaiseAlertInput) => T) => rows.map(([, { input }]) => pick(input))
  await sql`
    WITH up AS (
      INSERT INTO alert (area_id, kind, severity, person_id, subject_ref, dedupe_key, status, occurrences, created_at, last_seen_at)
      SELECT a, k, s, p, r, d, 'open', c, n, n
      FROM unnest(${column((i) => i.areaId)}::uuid[], ${column((i) => i.kind)}::text[], ${column((i) => i.severity)}::text[], ${column((i) => i.personId ?? null)}::uuid[],
                  ${column((i) => i.subjectRef ?? null)}::text[], ${rows.map(([key]) => key)}::text[], ${rows.map(([, r]) => r.count)}::int[],
                  ${column((i) => i.now.toISOString())}::timestamptz[]) AS t(a, k, s, p, r, d, c, n)
      ON CONFLICT (dedupe_key) WHERE status <> 'handled'
      DO UPDATE SET occurrences = alert.occurrences + excluded.occurrences, last_seen_at = excluded.last_seen_at
      RETURNING id, xmax::text = '0' AS created
    )
    SELECT pg_notify(${ALERT_CHANNEL}, CASE WHEN created THEN 'raised:' ELSE 'repeated:' END || id) FROM up`.execute(db)
}
