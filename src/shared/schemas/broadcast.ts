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
    z.object({ deviceId: z.uuid(), serial: z.string(), label: z.string().nullable(), sentAt: z.string().nullable(), ackedAt: z.string().nullable() }),
  ),
})
export type Announcement = z.infer<typeof announcementSchema>
