import { sql } from 'kysely'
import type { AlertEventName } from '../../../shared/schemas/alerts.ts'
import type { DbOrTrx } from '../../db/database.ts'

/** The NOTIFY channel of alert changes; the payload is `<event>:<alert id>` (never personal data). */
export const ALERT_CHANNEL = 'gridline_alerts'

/**
 * Tells every listening app server that an alert changed. NOTIFY is transactional: inside a
 * transaction (a gate scan's) the notice leaves only on commit, and never on rollback.
 */
export async function announceAlertChange(db: DbOrTrx, alertId: string, event: AlertEventName): Promise<void> {
  await sql`SELECT pg_notify(${ALERT_CHANNEL}, ${`${event}:${alertId}`})`.execute(db)
}

/** Reads a notice back. @returns null for a payload that is not ours */
export function parseAlertNotice(payload: string): { event: AlertEventName; alertId: string } | null {
  const match = /^(raised|repeated|acknowledged|handled|escalated):([0-9a-f-]{36})$/.exec(payload)
  return match ? { event: match[1] as AlertEventName, alertId: match[2]! } : null
}
