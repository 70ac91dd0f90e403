import { z } from 'zod'
import { checkIdNumber, ID_DOCUMENT_TYPES, normalizeIdNumber, PHONE_PATTERN } from '../id-document.ts'
import { HEALTH_COLOURS } from './gate.ts'
import { customIssue } from './common.ts'

/**
 * Tenant self-registration (云登记) and the landlord's review (云审核): shared by the public
 * phone page, the landlord's pages and the server.
 */

/** unconfirmed (phone not yet confirmed) → pending (landlord to review) → accepted | refused */
export const REGISTRATION_STATUSES = ['unconfirmed', 'pending', 'accepted', 'refused'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

/** The one-time code: 6 digits, valid 10 minutes, 5 tries. */
export const OTP_LENGTH = 6
export const OTP_VALIDITY_MS = 10 * 60 * 1000
export const OTP_MAX_ATTEMPTS = 5

/** Public registration limits: per network address, and per property (a poster on a busy wall). */
export const REGISTRATION_LIMIT_PER_ADDRESS = { max: 20, timeWindow: '10 minutes' }
export const REGISTRATION_LIMIT_PER_PROPERTY = { max: 60, timeWindow: '1 hour' }
export const CONFIRM_LIMIT_PER_ADDRESS = { max: 30, timeWindow: '10 minutes' }

/** Health codes the gate reads: ours (GL1:), EU DCC (HC1:), SMART Health Cards (shc:/). */
const HEALTH_CODE_PATTERN = /^(GL1:|HC1:|shc:\/)/i

/**
 * Whether a pasted or scanned text is shaped like a health code (the server verifies it).
 * @example looksLikeHealthCode('GL1:6BFOXN...') // true
 */
export function looksLikeHealthCode(text: string): boolean {
  return HEALTH_CODE_PATTERN.test(text.trim())
}

/** Expected arrival: from a month ago (already here) to a year ahead. */
function arrivalInWindow(value: string): boolean {
  const day = Date.parse(`${value}T00:00:00Z`)
  const now = Date.now()
  return day >= now - 31 * 86_400_000 && day <= now + 366 * 86_400_000
}

export const registrationInputSchema = z
  .object({
    /** The house code from the poster (the link carries it). */
    code: z.string().trim().min(1).max(4096),
    name: z.string().trim().min(1).max(50),
    idType: z.enum(ID_DOCUMENT_TYPES),
    idNumber: z.string().trim().min(1).max(40).transform(normalizeIdNumber),
    phone: z
      .string()
      .trim()
      .refine((phone) => PHONE_PATTERN.test(phone), customIssue('phone.format', 'mobile phone number')),
    origin: z.string().trim().min(1).max(100),
    employer: z.string().trim().max(100).optional(),
    expectedArrival: z.iso.date().refine(arrivalInWindow, customIssue('housing.arrival_date', 'arrival date out of range')),
    healthCode: z
      .string()
      .trim()
      .min(1)
      .max(4096)
      .refine(looksLikeHealthCode, customIssue('housing.health_code_format', 'not a health code'))
      .optional(),
    /**
     * The tenant says they have no health code here yet (a new arrival): they register without
     * one, and the health officer's colour gives them theirs. Said explicitly, so a tenant who
     * just forgot to scan is asked for the code rather than silently becoming a new arrival.
     */
    newArrival: z.boolean().optional(),
  })
  .superRefine(
    (value, ctx) => {
      if (!value.healthCode && !value.newArrival) {
        ctx.addIssue({
          code: 'custom',
          path: ['healthCode'],
          ...customIssue('housing.health_code_missing', 'scan your health code, or say you have none yet'),
        })
      }
    },
    { when: ({ value }) => typeof value === 'object' && value !== null },
  )
  .superRefine(
    (value, ctx) => {
      // The same rule as the people registry (GB 11643 for a resident ID), from id-document.ts.
      const problem = checkIdNumber(value.idType, normalizeIdNumber(value.idNumber))
      if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], ...customIssue(`id.${problem}`, `invalid ID number (${problem})`) })
    },
    {
      when: ({ value }) => {
        const v = value as { idType?: unknown; idNumber?: unknown }
        return (ID_DOCUMENT_TYPES as readonly unknown[]).includes(v?.idType) && typeof v?.idNumber === 'string'
      },
    },
  )
export type RegistrationInput = z.input<typeof registrationInputSchema>
export type RegistrationData = z.output<typeof registrationInputSchema>

export const houseCodeBodySchema = z.object({ code: z.string().trim().min(1).max(4096) })

/** What the public page shows once the code is verified: the property, already filled in. */
export const resolvedHouseSchema = z.object({
  propertyId: z.uuid(),
  address: z.string(),
  areaName: z.string(),
  /** Masked: 郑*福 */
  landlordName: z.string(),
  /** Whether the property takes registrations now (its code is issued, not suspended or revoked). */
  accepting: z.boolean(),
})
export type ResolvedHouse = z.infer<typeof resolvedHouseSchema>

export const submittedRegistrationSchema = z.object({
  registrationId: z.uuid(),
  phoneMasked: z.string(),
  otpExpiresAt: z.string(),
  /** true when this replaced an earlier submission for the same person and property. */
  updated: z.boolean(),
})
export type SubmittedRegistration = z.infer<typeof submittedRegistrationSchema>

export const otpBodySchema = z.object({
  otp: z
    .string()
    .trim()
    .refine((otp) => new RegExp(`^\\d{${OTP_LENGTH}}$`).test(otp), customIssue('otp.format', 'six digits')),
})

export const confirmedRegistrationSchema = z.object({ registrationId: z.uuid(), status: z.enum(REGISTRATION_STATUSES) })

/** A registration as the landlord reviews it: identity masked. */
export const registrationSchema = z.object({
  id: z.uuid(),
  propertyId: z.uuid(),
  status: z.enum(REGISTRATION_STATUSES),
  name: z.string(),
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  origin: z.string().nullable(),
  employer: z.string().nullable(),
  expectedArrival: z.string(),
  /** null: registered without a health code */
  healthCodeFormat: z.string().nullable(),
  /** Registered without one of our health codes (none, or another platform's). */
  newArrival: z.boolean(),
  healthColour: z.enum(HEALTH_COLOURS).nullable(),
  submissions: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  confirmedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewerName: z.string().nullable(),
  refuseReason: z.string().nullable(),
  personId: z.uuid().nullable(),
})
export type Registration = z.infer<typeof registrationSchema>

export const registrationListQuerySchema = z.object({ status: z.enum(REGISTRATION_STATUSES).optional() })

export const occupantSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endNote: z.string().nullable(),
  registrationId: z.uuid().nullable(),
})
export type Occupant = z.infer<typeof occupantSchema>

export const moveOutBodySchema = z.object({ note: z.string().trim().max(500).optional() })

/**
 * A self-registered new arrival waiting for the grid worker's check (待核实): the person the
 * registration put in the registry, with what they said about themselves. Identity masked.
 */
export const newArrivalSchema = z.object({
  personId: z.uuid(),
  name: z.string(),
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  areaName: z.string(),
  address: z.string().nullable(),
  origin: z.string().nullable(),
  employer: z.string().nullable(),
  expectedArrival: z.string().nullable(),
  /** The registration's own status: the landlord may not have reviewed it yet. */
  registrationStatus: z.enum(REGISTRATION_STATUSES).nullable(),
  /** Another platform's code shown at registration (HC1, shc), or null for none. */
  healthCodeFormat: z.string().nullable(),
  /** The health officer's colour; null until they set one (no code until then). */
  healthColour: z.enum(HEALTH_COLOURS).nullable(),
  pendingSince: z.string(),
})
export type NewArrival = z.infer<typeof newArrivalSchema>
