import { addDays, chinaDay, chinaHour } from '../../../shared/schemas/returnees.ts'
import type { Db } from '../../db/database.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import { completeObservations, findMissedReports } from './returnees.repository.ts'

/**
 * The daily-report sweep, run every minute by the device worker: once a day's deadline has
 * passed (REPORT_DUE_HOUR, China time), every returnee under observation without that day's
 * report gets one missed-report alert (not one per run); observations past their 14 days end.
 * @param now the clock (tests pass their own)
 * @returns how many missed reports were found
 */
export async function sweepDailyReports(db: Db, dueHour: number, now: Date): Promise<number> {
  const today = chinaDay(now)
  const day = chinaHour(now) >= dueHour ? today : addDays(today, -1)
  // The deadline of `day`: dueHour o'clock China time (UTC+8).
  const deadline = new Date(Date.parse(`${day}T00:00:00Z`) + (dueHour - 8) * 3600_000)
  const missed = await findMissedReports(db, day, deadline)
  for (const returnee of missed) {
    await raiseAlert(db, {
      areaId: returnee.area_id,
      kind: 'report_missed',
      severity: 'warning',
      personId: returnee.person_id,
      subjectRef: returnee.id,
      now,
    })
  }
  await completeObservations(db, today)
  return missed.length
}
