import { z } from 'zod'
import type { Role } from '../roles.ts'
import { customIssue, pageQuerySchema } from './common.ts'
import { PLATE_PATTERN } from './enterprise-resumption.ts'

/**
 * Recruitment drives (招工专班, PRODUCT.md §7): teams with quotas and target regions, job postings
 * of enterprises, collection points and return buses (返岗直通车), the workers' public sign-up,
 * and hires the enterprise confirms.
 */

/** Roles that run the drives: teams, collection points, buses, sign-ups. */
export const ROLES_MANAGING_RECRUITMENT: readonly Role[] = ['admin', 'recruiter']
/** Roles that read the drives and their progress. */
export const ROLES_READING_RECRUITMENT: readonly Role[] = ['admin', 'recruiter', 'leader']
/** Roles that see the module in the menu: the readers plus enterprises (postings, hires). */
export const ROLES_IN_RECRUITMENT_MODULE: readonly Role[] = ['admin', 'recruiter', 'leader', 'enterprise']

export const DEFAULT_QUOTA = 2000
export const MAX_BUS_SEATS = 80

/** A mainland mobile number as a worker types it: 11 digits starting 1[3-9]. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/

export const SIGNUP_STATES = ['signed_up', 'contacted', 'boarded', 'hired', 'withdrawn'] as const
export type SignupState = (typeof SIGNUP_STATES)[number]

/** What staff may move a sign-up to; `hired` only comes from the enterprise's confirmation. */
export const SIGNUP_TRANSITIONS: Record<SignupState, readonly SignupState[]> = {
  signed_up: ['contacted', 'boarded', 'withdrawn'],
  contacted: ['boarded', 'withdrawn'],
  boarded: ['contacted', 'withdrawn'],
  hired: [],
  withdrawn: ['signed_up'],
}

export const POSTING_STATES = ['open', 'closed'] as const
export type PostingState = (typeof POSTING_STATES)[number]

const text = (max: number) => z.string().trim().min(1).max(max)
const optionalText = (max: number) => z.string().trim().max(max).optional()
const day = z.iso.date()

export const regionInputSchema = z.object({
  province: text(20),
  city: text(30),
  county: optionalText(30),
  /** Display name, e.g. 江西省鹰潭市. */
  name: text(60),
})
export type RegionInput = z.input<typeof regionInputSchema>

export const teamInputSchema = z
  .object({
    name: text(60),
    areaId: z.uuid(),
    leaderName: text(30),
    /** Recruiter accounts of the team (their display names are listed with the names below). */
    memberAccountIds: z.array(z.uuid()).max(20).default([]),
    memberNames: z.array(text(30)).max(20).default([]),
    quota: z.number().int().min(1).max(1_000_000).default(DEFAULT_QUOTA),
    startsOn: day,
    endsOn: day.optional(),
    regions: z.array(regionInputSchema).max(50).default([]),
  })
  .refine((t) => !t.endsOn || t.endsOn >= t.startsOn, { path: ['endsOn'], ...customIssue('recruit.dates', 'ends before it starts') })
export type TeamInput = z.input<typeof teamInputSchema>
export type TeamData = z.output<typeof teamInputSchema>

export const regionSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  province: z.string(),
  city: z.string(),
  county: z.string().nullable(),
  name: z.string(),
})
export type Region = z.infer<typeof regionSchema>

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  leaderName: z.string(),
  members: z.array(z.object({ accountId: z.uuid().nullable(), name: z.string() })),
  quota: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  regions: z.array(regionSchema),
})
export type Team = z.infer<typeof teamSchema>
export const teamListSchema = z.object({ items: z.array(teamSchema) })

/** Wages are money: integer fen per month, like every amount in Gridline. */
const fen = z.number().int().min(0).max(100_000_000)

export const postingInputSchema = z
  .object({
    /** Staff post for an enterprise in their area; an enterprise account posts for itself. */
    enterpriseId: z.uuid().optional(),
    title: text(60),
    positions: z.number().int().min(1).max(100_000),
    wageMinFen: fen,
    wageMaxFen: fen,
    location: text(100),
    requirements: optionalText(500),
    state: z.enum(POSTING_STATES).default('open'),
  })
  .refine((p) => p.wageMaxFen >= p.wageMinFen, { path: ['wageMaxFen'], ...customIssue('recruit.wageRange', 'max below min') })
export type PostingInput = z.input<typeof postingInputSchema>
export type PostingData = z.output<typeof postingInputSchema>

export const postingSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  title: z.string(),
  positions: z.number(),
  wageMinFen: z.number(),
  wageMaxFen: z.number(),
  location: z.string(),
  requirements: z.string().nullable(),
  state: z.enum(POSTING_STATES),
  signups: z.number(),
  hires: z.number(),
  createdAt: z.string(),
})
export type Posting = z.infer<typeof postingSchema>
export const postingListSchema = z.object({ items: z.array(postingSchema) })

export const pointInputSchema = z.object({
  regionId: z.uuid(),
  name: text(60),
  address: text(120),
  meetsAt: z.iso.datetime({ offset: true }),
})
export type PointInput = z.input<typeof pointInputSchema>

export const busInputSchema = z.object({
  pointId: z.uuid(),
  plate: z
    .string()
    .trim()
    .transform((p) => p.toUpperCase().replace(/\s+/g, ''))
    .refine((p) => PLATE_PATTERN.test(p), customIssue('plate.format', 'plate number')),
  departsAt: z.iso.datetime({ offset: true }),
  seats: z.number().int().min(1).max(MAX_BUS_SEATS),
  destination: text(100),
})
export type BusInput = z.input<typeof busInputSchema>

export const busSchema = z.object({
  id: z.uuid(),
  pointId: z.uuid(),
  plate: z.string(),
  departsAt: z.string(),
  seats: z.number(),
  seatsTaken: z.number(),
  destination: z.string(),
})
export type Bus = z.infer<typeof busSchema>

export const pointSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  name: z.string(),
  address: z.string(),
  meetsAt: z.string(),
  buses: z.array(busSchema),
})
export type CollectionPoint = z.infer<typeof pointSchema>
export const pointListSchema = z.object({ items: z.array(pointSchema) })
export const pointListQuerySchema = z.object({ teamId: z.uuid().optional(), regionId: z.uuid().optional() })

/** The worker's public sign-up form. */
export const signupInputSchema = z.object({
  name: text(30),
  phone: z
    .string()
    .trim()
    .transform((p) => p.replace(/[\s-]/g, ''))
    .refine((p) => MOBILE_PATTERN.test(p), customIssue('phone.format', 'mobile phone number')),
  regionId: z.uuid(),
  jobPostingId: z.uuid().optional(),
  jobWanted: optionalText(100),
  busId: z.uuid().optional(),
})
export type SignupInput = z.input<typeof signupInputSchema>
export type SignupData = z.output<typeof signupInputSchema>

const seatSchema = z.object({
  busId: z.uuid(),
  plate: z.string(),
  departsAt: z.string(),
  destination: z.string(),
  pointName: z.string(),
  pointAddress: z.string(),
  meetsAt: z.string(),
})
export type Seat = z.infer<typeof seatSchema>

/** What the worker sees after signing up (201; no personal data echoed back). */
export const signupReceiptSchema = z.object({
  created: z.literal(true),
  number: z.string(),
  teamName: z.string(),
  regionName: z.string(),
  jobTitle: z.string().nullable(),
  seat: seatSchema.nullable(),
})
export type SignupReceipt = z.infer<typeof signupReceiptSchema>

/**
 * The answer when the phone had signed up with this team before (200): only that, nothing of the
 * first sign-up, since whoever types a phone number is not necessarily its owner.
 */
export const signupExistingSchema = z.object({
  created: z.literal(false),
  message: z.string(),
})
export type SignupExisting = z.infer<typeof signupExistingSchema>
export type SignupAnswer = SignupReceipt | SignupExisting

export const signupSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  teamId: z.uuid(),
  teamName: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  jobPostingId: z.uuid().nullable(),
  jobTitle: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  jobWanted: z.string().nullable(),
  state: z.enum(SIGNUP_STATES),
  seat: seatSchema.nullable(),
  hiredAt: z.string().nullable(),
  createdAt: z.string(),
})
export type Signup = z.infer<typeof signupSchema>
export const signupListSchema = z.object({ items: z.array(signupSchema), total: z.number(), page: z.number(), pageSize: z.number() })
export const signupListQuerySchema = pageQuerySchema.extend({
  teamId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  postingId: z.uuid().optional(),
  state: z.enum(SIGNUP_STATES).optional(),
  /** A sign-up number (ZG000123) or a name prefix. */
  q: z.string().trim().max(30).optional(),
})
export type SignupListQuery = z.infer<typeof signupListQuerySchema>

export const signupStateInputSchema = z.object({ state: z.enum(SIGNUP_STATES) })
export const seatInputSchema = z.object({ busId: z.uuid() })
export const matchInputSchema = z.object({ jobPostingId: z.uuid().nullable() })
export const revealedPhoneSchema = z.object({ phone: z.string() })

const counts = { signups: z.number(), seatsBooked: z.number(), boarded: z.number(), hires: z.number() }
export const recruitmentStatsSchema = z.object({
  teams: z.array(z.object({ id: z.uuid(), name: z.string(), areaId: z.uuid(), quota: z.number(), ...counts, percent: z.number() })),
  regions: z.array(z.object({ id: z.uuid(), teamId: z.uuid(), name: z.string(), signups: z.number(), hires: z.number() })),
  areas: z.array(
    z.object({ areaId: z.uuid(), areaName: z.string(), teams: z.number(), quota: z.number(), ...counts, percent: z.number() }),
  ),
})
export type RecruitmentStats = z.infer<typeof recruitmentStatsSchema>

/** Public: the regions of drives that are running, for the worker to pick. */
export const publicRegionListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), province: z.string(), teamName: z.string() })),
})
export type PublicRegion = z.infer<typeof publicRegionListSchema>['items'][number]

export const publicPostingSchema = z.object({
  id: z.uuid(),
  enterpriseName: z.string(),
  title: z.string(),
  positions: z.number(),
  wageMinFen: z.number(),
  wageMaxFen: z.number(),
  location: z.string(),
  requirements: z.string().nullable(),
})
export type PublicPosting = z.infer<typeof publicPostingSchema>

/** Public: one region with its collection points, buses that still have seats, and open jobs. */
export const publicRegionDetailSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  teamName: z.string(),
  points: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      address: z.string(),
      meetsAt: z.string(),
      buses: z.array(z.object({ id: z.uuid(), plate: z.string(), departsAt: z.string(), destination: z.string(), seatsFree: z.number() })),
    }),
  ),
  postings: z.array(publicPostingSchema),
})
export type PublicRegionDetail = z.infer<typeof publicRegionDetailSchema>

/** Sign-ups per address (the public form), like the other public forms. */
export const SIGNUP_LIMIT_PER_ADDRESS = { max: 20, timeWindow: '10 minutes' }

/** 'ZG000123': the number a worker quotes on the phone and at the bus. */
export function signupNumber(serial: number | string): string {
  return `ZG${String(serial).padStart(6, '0')}`
}
