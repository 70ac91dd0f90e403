import type { Db } from '../../db/database.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import { findSilentBoundDevices, findSilentSpeakers } from './devices.repository.ts'

/**
 * Raises a device-silent alert for every bound device unheard for 3 report intervals (at least
 * 2 minutes), and every public speaker gone quiet. One alert per person (or speaker) until handled.
 * @param now the clock (tests pass their own)
 * @returns how many silent devices were found
 */
export async function sweepSilentDevices(db: Db, now: Date): Promise<number> {
  const bound = await findSilentBoundDevices(db, now)
  for (const device of bound) {
    await raiseAlert(db, {
      areaId: device.area_id,
      kind: 'device_silent',
      severity: 'warning',
      personId: device.person_id,
      subjectRef: device.id,
      now,
    })
  }
  const speakers = await findSilentSpeakers(db, now)
  for (const speaker of speakers) {
    await raiseAlert(db, {
      areaId: speaker.area_id,
      kind: 'device_silent',
      severity: 'warning',
      personId: null,
      subjectRef: speaker.id,
      now,
    })
  }
  return bound.length + speakers.length
}
