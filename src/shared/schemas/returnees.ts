import { z } from 'zod'
import type { Role } from '../roles.ts'
import { ID_DOCUMENT_TYPES, PHONE_PATTERN, checkIdNumber, normalizeIdNumber } from '../id-document.ts'
import { customIssue } from './common.ts'

/** Observation lasts 14 days from arrival; the 14 days before return are recorded too. */
export const OBSERVATION_DAYS = 14

export const SYMPTOMS = ['cough', 'sore_throat', 'fatigue', 'short_breath', 'diarrhoea', 'loss_of_taste'] as const
export type Symptom = (typeof SYMPTOMS)[number]

const CST_OFFSET_MS = 8 * 3600 * 1000

/**
 * The calendar day of an instant in China Standard Time (UTC+8, no daylight saving), where
 * reports are due.
 * @example chinaDay(new Date('2020-03-04T17:00:00Z')) // '2020-03-05'
 */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** The hour of day (0–23) of an instant in China Standard Time. */
export function chinaHour(at: Date): number {
  return new Date(at.getTime() + CST_OFFSET_MS).getUTCHours()
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const temperature = z.number().min(34).max(43)

const personIdentity = z
  .object({
    name: z.string().trim().min(1).max(50),
    idType: z.enum(ID_DOCUMENT_TYPES),
    idNumber: z.string().trim().min(1).max(40).transform(normalizeIdNumber),
    phone: z
      .string()
      .trim()
      .refine((phone) => PHONE_PATTERN.test(phone), customIssue('phone.format', 'mobile phone number'))
      .optional(),
  })
  .superRefine((value, ctx) => {
    const problem = checkIdNumber(value.idType, value.idNumber)
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], ...customIssue(`id.${problem}`, `invalid ID number (${problem})`) })
  })

/** 三返人员登记表: who, where, from where, when, and the 14 days of temperatures before return. */
export const returneeInputSchema = z
  .object({
    /** An already registered person… */
    personId: z.uuid().optional(),
    /** …or the identity to find or register (a landlord does not browse the registry). */
    person: personIdentity.optional(),
    areaId: z.uuid(),
    address: z.string().trim().max(200).optional(),
    cameFrom: z.string().trim().min(1).max(100),
    arrivedOn: z.iso.date(),
    beforeReturn: z
      .array(z.object({ day: z.iso.date(), temperature }))
      .max(OBSERVATION_DAYS)
      .default([]),
    responsibleAccountId: z.uuid().optional(),
  })
  .refine((v) => (v.personId ? !v.person : !!v.person), customIssue('returnee.person', 'give personId or person'))
export type ReturneeInput = z.input<typeof returneeInputSchema>
export type ReturneeData = z.output<typeof returneeInputSchema>

/** A daily report by staff, the landlord or the person: day defaults to today (China time). */
export const dailyReportInputSchema = z.object({
  day: z.iso.date().optional(),
  temperature,
  symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length).default([]),
})
export type DailyReportInput = z.input<typeof dailyReportInputSchema>

export const returneeSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  areaId: z.uuid(),
  areaName: z.string(),
  address: z.string().nullable(),
  cameFrom: z.string(),
  arrivedOn: z.string(),
  observationEndsOn: z.string(),
  status: z.enum(['observing', 'completed', 'cancelled']),
  lastReportDay: z.string().nullable(),
  lastTemperature: z.number().nullable(),
  reportedToday: z.boolean(),
})
export type Returnee = z.infer<typeof returneeSchema>

export const reportSchema = z.object({
  phase: z.enum(['before', 'observation']),
  day: z.string(),
  temperature: z.number().nullable(),
  symptoms: z.array(z.string()),
  reportedBy: z.enum(['staff', 'landlord', 'self']),
  reportedAt: z.string(),
})
export type Report = z.infer<typeof reportSchema>

export const returneeDetailSchema = returneeSchema.extend({ reports: z.array(reportSchema) })
export type ReturneeDetail = z.infer<typeof returneeDetailSchema>

/** Registration answers with the person's phone-page link, shown once. */
export const returneeCreatedSchema = returneeDetailSchema.extend({ selfServicePath: z.string() })

export const returneeListQuerySchema = z.object({
  status: z.enum(['observing', 'completed', 'cancelled']).default('observing'),
  areaId: z.uuid().optional(),
})

/** What the person's phone page shows: first name character only, never the ID. */
export const selfServiceViewSchema = z.object({
  greetingName: z.string(),
  returnee: z.object({ observationEndsOn: z.string(), reportedToday: z.boolean() }).nullable(),
  isolation: z.object({ endsAt: z.string() }).nullable(),
  consultation: z.object({ status: z.string(), videoUrl: z.string().nullable() }).nullable(),
})
export type SelfServiceView = z.infer<typeof selfServiceViewSchema>

/** Roles that register returnees and enter their daily reports (landlords: their own returnees). */
export const ROLES_FOLLOWING_RETURNEES = [
  'admin',
  'grid_worker',
  'village_cadre',
  'landlord',
  'health_officer',
] as const satisfies readonly Role[]
