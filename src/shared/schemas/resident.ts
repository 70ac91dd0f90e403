import { z } from 'zod'
import { PHONE_PATTERN } from '../id-document.ts'
import type { Role } from '../roles.ts'
import { customIssue } from './common.ts'
import { HEALTH_COLOURS } from './gate.ts'

/**
 * A resident's own codes on their phone (/me, 我的健康码 / 安居码): shared by the public page,
 * the server and the staff drawer that issues personal links.
 */

/** Where the page lives; a personal link is `<PUBLIC_URL>/me#<token>` (the token stays out of server logs). */
export const ME_PATH = '/me'

/** One-time codes: 6 digits, 10 minutes, 5 tries (as tenant registration). */
export const ME_OTP_LENGTH = 6
export const ME_OTP_VALIDITY_MS = 10 * 60 * 1000
export const ME_OTP_MAX_ATTEMPTS = 5
/** A phone stays signed in this long; every visit moves it on. */
export const ME_SESSION_DAYS = 180
/** The page asks for a fresh health code when the one it holds has less than this left. */
export const ME_REFRESH_BEFORE_MS = 2 * 3600 * 1000

/** Public limits: per network address (route config) and per phone number (keyed on its blind index). */
export const ME_OTP_LIMIT_PER_ADDRESS = { max: 10, timeWindow: '10 minutes' }
export const ME_OTP_LIMIT_PER_PHONE = { max: 5, timeWindow: '1 hour' }
export const ME_VERIFY_LIMIT_PER_ADDRESS = { max: 30, timeWindow: '10 minutes' }
export const ME_READ_LIMIT_PER_ADDRESS = { max: 120, timeWindow: '10 minutes' }

/** Staff who issue personal links (in their area). */
export const ROLES_ISSUING_ME_LINKS: readonly Role[] = ['admin', 'grid_worker', 'health_officer', 'village_cadre']

const phoneSchema = z
  .string()
  .trim()
  .refine((phone) => PHONE_PATTERN.test(phone), customIssue('phone.format', 'mobile phone number'))

export const meOtpRequestSchema = z.object({ phone: phoneSchema })
export type MeOtpRequest = z.infer<typeof meOtpRequestSchema>

export const meOtpVerifySchema = z.object({
  phone: phoneSchema,
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, customIssue('me.otp_format', 'six digits')),
})
export type MeOtpVerify = z.infer<typeof meOtpVerifySchema>

/** 32 base64url characters (24 random bytes). */
export const meLinkTokenSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{32}$/, customIssue('me.link_format', 'not a personal link')),
})

/** The same answer whether or not the phone is registered. */
export const meOtpSentSchema = z.object({ phoneMasked: z.string(), expiresAt: z.iso.datetime() })
export type MeOtpSent = z.infer<typeof meOtpSentSchema>

export const CONSENT_METHODS = ['phone_otp', 'personal_link'] as const

/** One person the phone holds: only what the gate shows (masked name), never ID or phone. */
export const mePersonSchema = z.object({
  personId: z.uuid(),
  maskedName: z.string(),
  consent: z.object({ method: z.enum(CONSENT_METHODS), at: z.iso.datetime() }),
  /** The colour the health authority set, and when; null before it has said. */
  colour: z.enum(HEALTH_COLOURS).nullable(),
  colourSetAt: z.iso.datetime().nullable(),
  /** Ids (cti) of the person's health codes that still open gates; the page renews a held code not in here. */
  liveCodeIds: z.array(z.string()),
  /** The house code of the property the person is an accepted occupant of. */
  house: z.object({ code: z.string(), address: z.string(), areaName: z.string(), expiresAt: z.iso.datetime() }).nullable(),
})
export type MePerson = z.infer<typeof mePersonSchema>

export const meViewSchema = z.object({ people: z.array(mePersonSchema), sessionExpiresAt: z.iso.datetime() })
export type MeView = z.infer<typeof meViewSchema>

export const meSignedInSchema = z.object({ added: z.number().int(), view: meViewSchema })
export type MeSignedIn = z.infer<typeof meSignedInSchema>

export const meHealthCodeSchema = z.object({
  personId: z.uuid(),
  codeId: z.string(),
  code: z.string(),
  colour: z.enum(HEALTH_COLOURS),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  colourSetAt: z.iso.datetime().nullable(),
})
export type MeHealthCode = z.infer<typeof meHealthCodeSchema>

export const mePersonParamsSchema = z.object({ personId: z.uuid() })

/** What staff get once, when they issue or re-issue a person's link. */
export const meLinkIssuedSchema = z.object({ link: z.string(), issuedAt: z.iso.datetime(), replaced: z.boolean() })
export type MeLinkIssued = z.infer<typeof meLinkIssuedSchema>
