import { z } from 'zod'

export const announcementInputSchema = z
  .object({
    body: z.string().trim().min(1).max(500),
    /** every speaker of this group in the area… */
    groupName: z.string().trim().min(1).max(50).optional(),
    /** …or these speakers */
    deviceIds: z.array(z.uuid()).min(1).max(500).optional(),
    areaId: z.uuid(),
  })
  .refine((v) => !!v.groupName !== !!v.deviceIds, { message: 'give groupName or deviceIds', path: ['groupName'] })
export type AnnouncementInput = z.input<typeof announcementInputSchema>

export const announcementSchema = z.object({
  id: z.uuid(),
  body: z.string(),
  groupName: z.string().nullable(),
  areaName: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  deliveries: z.array(
    z.object({
      deviceId: z.uuid(),
      serial: z.string(),
      label: z.string().nullable(),
      sentAt: z.string().nullable(),
      ackedAt: z.string().nullable(),
    }),
  ),
})
export type Announcement = z.infer<typeof announcementSchema>

/** What the broadcast screen shows per speaker: 在线, 已播放 (its latest announcement), 离线. */
export const SPEAKER_STATES = ['online', 'played', 'offline'] as const
export type SpeakerState = (typeof SPEAKER_STATES)[number]

/** Unheard for this many report intervals (and at least SILENT_MIN_MS), a speaker is offline: the silent-device rule. */
export const SILENT_INTERVALS = 3
export const SILENT_MIN_MS = 120_000

export const speakerStatusSchema = z.object({
  deviceId: z.uuid(),
  serial: z.string(),
  label: z.string().nullable(),
  groupName: z.string().nullable(),
  areaName: z.string(),
  reportIntervalS: z.number(),
  lastSeenAt: z.string().nullable(),
  /** the latest announcement sent to it, and when it acknowledged playing it */
  lastAnnouncementId: z.uuid().nullable(),
  lastAckedAt: z.string().nullable(),
  state: z.enum(SPEAKER_STATES),
})
export type SpeakerStatus = z.infer<typeof speakerStatusSchema>

/**
 * A speaker's state at `now`. Offline wins: a speaker that played and then fell silent cannot
 * play the next one. The screen re-runs this as time passes, so a speaker goes offline on screen
 * without any message (silence sends none).
 */
export function speakerState(
  speaker: Pick<SpeakerStatus, 'lastSeenAt' | 'reportIntervalS' | 'lastAnnouncementId' | 'lastAckedAt'>,
  now: Date,
): SpeakerState {
  const silentAfter = Math.max(speaker.reportIntervalS * 1000 * SILENT_INTERVALS, SILENT_MIN_MS)
  if (!speaker.lastSeenAt || now.getTime() - Date.parse(speaker.lastSeenAt) > silentAfter) return 'offline'
  return speaker.lastAnnouncementId && speaker.lastAckedAt ? 'played' : 'online'
}
