import { z } from 'zod'
import type { Role } from '../roles.ts'
import { passwordSchema } from './auth.ts'
import { customIssue, pageQuerySchema } from './common.ts'

/**
 * House codes (安居码, PRODUCT.md §1): the application states, the three inspectors and their
 * checklists, and the shapes the API and the web forms share.
 */

/** draft → submitted → under_inspection → passed | returned → code_issued → suspended | revoked */
export const PROPERTY_STATUSES = [
  'draft',
  'submitted',
  'under_inspection',
  'passed',
  'returned',
  'code_issued',
  'suspended',
  'revoked',
] as const
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number]

/** Applications someone still has to act on (the home page's "pending applications"). */
export const PENDING_APPLICATION_STATUSES: readonly PropertyStatus[] = ['submitted', 'under_inspection', 'passed']

/** Properties with this many occupants or more are group rentals (群租房), listed per street. */
export const GROUP_RENTAL_MIN_OCCUPANTS = 30

/** The three on-site inspectors; the code is issued only when all three passed the same round. */
export const INSPECTOR_ROLES = ['village_cadre', 'grid_worker', 'fire_inspector'] as const satisfies readonly Role[]
export type InspectorRole = (typeof INSPECTOR_ROLES)[number]

export const CHECKLIST_ITEMS = ['fire_safety', 'escape_routes', 'capacity', 'electrical', 'registration'] as const
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]

/** What each inspector checks on site. */
export const CHECKLISTS: Record<InspectorRole, readonly ChecklistItem[]> = {
  village_cadre: ['capacity', 'registration', 'escape_routes'],
  grid_worker: ['registration', 'capacity', 'electrical'],
  fire_inspector: ['fire_safety', 'escape_routes', 'electrical'],
}

/** Who applies for properties: landlords for themselves, staff on a landlord's behalf. */
export const ROLES_APPLYING: readonly Role[] = ['landlord', 'admin', 'grid_worker', 'village_cadre']
/** Who manages house codes of an area: issue, suspend, revoke, import, landlord accounts. */
export const ROLES_MANAGING_HOUSING: readonly Role[] = ['admin', 'grid_worker', 'village_cadre']
/** Who sees the house-code pages of an area. */
export const ROLES_READING_HOUSING: readonly Role[] = ['admin', 'leader', 'grid_worker', 'village_cadre', 'fire_inspector', 'landlord']
/** Who reviews tenants' registrations (云审核): the landlord, or staff for them. */
export const ROLES_REVIEWING_TENANTS: readonly Role[] = ['landlord', 'admin', 'grid_worker']

export const FILE_KINDS = ['floor_plan', 'photo', 'document', 'inspection'] as const
export type FileKind = (typeof FILE_KINDS)[number]
/** Uploads: at most this size, and only these types (checked by their first bytes, not the name). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const

/** Most beds or occupants one property is registered for; also bounds the occupancy filter (an int4 column). */
export const MAX_PROPERTY_CAPACITY = 2000

export const propertyInputSchema = z.object({
  areaId: z.uuid(),
  address: z.string().trim().min(1).max(200),
  rooms: z.coerce.number().int().min(1).max(500),
  beds: z.coerce.number().int().min(1).max(MAX_PROPERTY_CAPACITY),
  capacity: z.coerce.number().int().min(1).max(MAX_PROPERTY_CAPACITY),
  /** Staff applying for a landlord name the landlord; a landlord applies for themselves. */
  landlordPersonId: z.uuid().optional(),
})
export type PropertyInput = z.input<typeof propertyInputSchema>
export type PropertyData = z.output<typeof propertyInputSchema>

export const propertySchema = z.object({
  id: z.uuid(),
  areaId: z.uuid(),
  areaName: z.string(),
  address: z.string(),
  rooms: z.number(),
  beds: z.number(),
  capacity: z.number(),
  occupants: z.number(),
  status: z.enum(PROPERTY_STATUSES),
  round: z.number(),
  landlordPersonId: z.uuid(),
  landlordName: z.string(),
  submittedAt: z.string().nullable(),
  codeIssuedAt: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Property = z.infer<typeof propertySchema>

export const propertyListQuerySchema = pageQuerySchema.extend({
  status: z.enum(PROPERTY_STATUSES).optional(),
  areaId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  minOccupants: z.coerce.number().int().min(0).max(MAX_PROPERTY_CAPACITY).optional(),
})
export type PropertyListQuery = z.infer<typeof propertyListQuerySchema>

/** Items whose failure must be shown by a photo (the fire inspector's evidence). */
export const ITEMS_FAILING_WITH_PHOTO: readonly ChecklistItem[] = ['fire_safety']

export const checklistEntrySchema = z
  .object({
    item: z.enum(CHECKLIST_ITEMS),
    /** null: not answered yet. The form starts there, so nothing passes by default. */
    passed: z.boolean().nullable(),
    note: z.string().trim().max(500).optional(),
    /** Photos of this item, uploaded beforehand (kind 'inspection'). */
    photoIds: z.array(z.uuid()).max(10).default([]),
  })
  .refine((entry) => entry.passed !== null, { path: ['passed'], ...customIssue('housing.item_unanswered', 'mark the item pass or fail') })
  // A failed item is returned to the landlord: it needs the reason.
  .refine((entry) => entry.passed !== false || !!entry.note, {
    path: ['note'],
    ...customIssue('housing.fail_needs_note', 'a failed item needs a note'),
  })
  .refine((entry) => entry.passed !== false || !ITEMS_FAILING_WITH_PHOTO.includes(entry.item) || entry.photoIds.length > 0, {
    path: ['photoIds'],
    ...customIssue('housing.fail_needs_photo', 'a failed fire-safety item needs a photo'),
  })

export const inspectionInputSchema = z.object({
  items: z.array(checklistEntrySchema).min(1).max(CHECKLIST_ITEMS.length),
  note: z.string().trim().max(1000).optional(),
  /** Photos of the whole inspection, uploaded beforehand (kind 'inspection'). */
  photoIds: z.array(z.uuid()).max(20).default([]),
})
export type InspectionInput = z.input<typeof inspectionInputSchema>

export const inspectionSchema = z.object({
  id: z.uuid(),
  round: z.number(),
  role: z.enum(INSPECTOR_ROLES),
  inspectorName: z.string().nullable(),
  passed: z.boolean(),
  items: z.array(
    z.object({ item: z.string(), passed: z.boolean(), note: z.string().nullable().optional(), photoIds: z.array(z.string()).optional() }),
  ),
  note: z.string().nullable(),
  createdAt: z.string(),
})

export const houseEventSchema = z.object({
  at: z.string(),
  fromStatus: z.enum(PROPERTY_STATUSES).nullable(),
  toStatus: z.enum(PROPERTY_STATUSES),
  accountName: z.string().nullable(),
  note: z.string().nullable(),
})

export const houseFileSchema = z.object({
  id: z.uuid(),
  kind: z.enum(FILE_KINDS),
  contentType: z.string(),
  sizeBytes: z.number(),
  originalName: z.string(),
  inspectionId: z.uuid().nullable(),
  createdAt: z.string(),
})

export const propertyDetailSchema = propertySchema.extend({
  inspections: z.array(inspectionSchema),
  events: z.array(houseEventSchema),
  files: z.array(houseFileSchema),
  /** Which inspector roles still have to sign off the current round. */
  awaitingRoles: z.array(z.enum(INSPECTOR_ROLES)),
})
export type PropertyDetail = z.infer<typeof propertyDetailSchema>

export const workItemSchema = propertySchema.extend({ waitingHours: z.number(), signedRoles: z.array(z.enum(INSPECTOR_ROLES)) })
export type WorkItem = z.infer<typeof workItemSchema>

export const reasonBodySchema = z.object({ reason: z.string().trim().min(1).max(500) })

/** What the poster prints and the share link carries. */
export const posterSchema = z.object({
  propertyId: z.uuid(),
  code: z.string(),
  /** The registration link around the code under PUBLIC_URL: what the QR holds. */
  link: z.string(),
  address: z.string(),
  areaName: z.string(),
  landlordName: z.string(),
  landlordPhone: z.string().nullable(),
  capacity: z.number(),
  issuedAt: z.string(),
  expiresAt: z.string(),
})
export type Poster = z.infer<typeof posterSchema>

export const groupRentalStreetSchema = z.object({
  streetId: z.uuid(),
  streetName: z.string(),
  properties: z.number(),
  occupants: z.number(),
  capacity: z.number(),
  items: z.array(
    z.object({
      id: z.uuid(),
      address: z.string(),
      areaName: z.string(),
      landlordName: z.string(),
      occupants: z.number(),
      capacity: z.number(),
      status: z.enum(PROPERTY_STATUSES),
    }),
  ),
})
export type GroupRentalStreet = z.infer<typeof groupRentalStreetSchema>

export const importQuerySchema = z.object({
  /** Import the rows without errors even when some rows have errors. */
  validRowsOnly: z.enum(['true', 'false']).default('false'),
  /** Check the file and report, without importing anything. */
  dryRun: z.enum(['true', 'false']).default('false'),
})

export const importResultSchema = z.object({
  total: z.number(),
  imported: z.number(),
  skipped: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), code: z.string(), message: z.string() })),
})
export type ImportResult = z.infer<typeof importResultSchema>

export const landlordAccountInputSchema = z.object({
  personId: z.uuid(),
  /** A landlord signs in with their mobile number. */
  username: z
    .string()
    .trim()
    .refine((value) => /^1[3-9]\d{9}$/.test(value), customIssue('phone.format', 'mobile phone number')),
  password: passwordSchema,
})

export const noticeSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})
export type Notice = z.infer<typeof noticeSchema>
