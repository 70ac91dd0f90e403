import { sql } from 'kysely'
import { speakerState, type Announcement, type AnnouncementInput, type SpeakerStatus } from '../../../shared/schemas/broadcast.ts'
import { announcementInputSchema } from '../../../shared/schemas/broadcast.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { DomainError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import * as repo from './broadcast.repository.ts'

/** NOTIFY channel: an announcement waits to be sent (payload: its id). */
export const COMMAND_CHANNEL = 'gridline_commands'

export class NoSpeakersError extends DomainError {
  constructor() {
    super('BROADCAST_NO_SPEAKERS', 422, 'no active speaker matches', [{ field: 'groupName', code: 'BROADCAST_NO_SPEAKERS' }])
  }
}

/**
 * Sends a text announcement to a group of speakers (or chosen ones) in an area: one delivery
 * per speaker, published over MQTT by the device worker, acknowledged by each speaker.
 * @throws NoSpeakersError; AREA_OUTSIDE_SCOPE
 */
export async function sendAnnouncement(deps: Deps, actor: Actor, input: AnnouncementInput, now = new Date()): Promise<Announcement> {
  const data = announcementInputSchema.parse(input)
  const id = await deps.db.transaction().execute(async (trx) => {
    const area = await requireAreaInScope(trx, actor, data.areaId)
    const speakers = await repo.findSpeakers(trx, actor, area.path, { groupName: data.groupName, deviceIds: data.deviceIds })
    if (!speakers.length) throw new NoSpeakersError()
    const { id } = await repo.insertAnnouncement(trx, {
      area_id: area.id,
      body: data.body,
      group_name: data.groupName ?? null,
      created_by: actor.account.id,
      created_at: now,
    })
    await repo.insertDeliveries(
      trx,
      speakers.map((s) => ({ announcement_id: id, device_id: s.id, area_id: s.area_id })),
    )
    await sql`SELECT pg_notify(${COMMAND_CHANNEL}, ${id})`.execute(trx)
    return id
  })
  const [announcement] = (await listAnnouncements(deps, actor, 50)).filter((a) => a.id === id)
  return announcement!
}

/** Recent announcements with, per speaker, when it was sent and acknowledged. */
export async function listAnnouncements(deps: Deps, actor: Actor, limit = 20): Promise<Announcement[]> {
  const rows = await repo.listAnnouncements(deps.db, actor, limit)
  const deliveries = await repo.listDeliveries(
    deps.db,
    actor,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    groupName: r.group_name,
    areaName: r.area_name,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    deliveries: deliveries
      .filter((d) => d.announcement_id === r.id)
      .map((d) => ({
        deviceId: d.device_id,
        serial: d.serial,
        label: d.label,
        sentAt: d.sent_at?.toISOString() ?? null,
        ackedAt: d.acked_at?.toISOString() ?? null,
      })),
  }))
}

/** A speaker acknowledged (played) an announcement (from the ingestion); it is heard now. */
export async function recordSpeakerAck(db: DbOrTrx, deviceId: string, announcementId: string, at: Date): Promise<void> {
  const acked = await repo.markAcked(db, announcementId, deviceId, at)
  if (Number(acked.numUpdatedRows) > 0) await repo.markSpeakerSeen(db, deviceId, at)
}

/**
 * Each speaker of the area (or the account's whole area) with its state now: offline when
 * unheard for 3 report intervals, played when it acknowledged its latest announcement, else online.
 * @throws AREA_OUTSIDE_SCOPE
 */
export async function listSpeakerStatuses(
  deps: Deps,
  actor: Actor,
  areaId: string | undefined,
  now = new Date(),
): Promise<SpeakerStatus[]> {
  const areaPath = areaId ? (await requireAreaInScope(deps.db, actor, areaId)).path : actor.areaPath
  const rows = await repo.listSpeakerStatuses(deps.db, actor, areaPath)
  return rows.map((r) => {
    const status = {
      deviceId: r.id,
      serial: r.serial,
      label: r.label,
      groupName: r.group_name,
      areaName: r.area_name,
      reportIntervalS: r.report_interval_s,
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
      lastAnnouncementId: r.announcement_id,
      lastAckedAt: r.acked_at?.toISOString() ?? null,
    }
    return { ...status, state: speakerState(status, now) }
  })
}
