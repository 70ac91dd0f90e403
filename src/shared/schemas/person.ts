import { z } from 'zod'
import {
  ID_DOCUMENT_TYPES,
  PHONE_PATTERN,
  checkIdNumber,
  normalizeIdNumber,
} from '../id-document.ts'
import { customIssue, pageQuerySchema } from './common.ts'

export const PERSON_KINDS = ['resident', 'new_resident'] as const
export type PersonKind = (typeof PERSON_KINDS)[number]

/** What a grid worker enters for a resident or new resident. */
export const personInputSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    kind: z.enum(PERSON_KINDS),
    idType: z.enum(ID_DOCUMENT_TYPES),
    idNumber: z.string().trim().min(1).max(40).transform(normalizeIdNumber),
    phone: z
      .string()
      .trim()
      .refine((phone) => PHONE_PATTERN.test(phone), customIssue('phone.format', 'mobile phone number'))
      .optional(),
    origin: z.string().trim().max(100).optional(),
    employer: z.string().trim().max(100).optional(),
    address: z.string().trim().max(200).optional(),
    stayedOverHoliday: z.boolean().default(false),
    isLandlord: z.boolean().default(false),
    areaId: z.uuid(),
  })
  .superRefine(
    (value, ctx) => {
      const problem = checkIdNumber(value.idType, normalizeIdNumber(value.idNumber))
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], ...customIssue(`id.${problem}`, `invalid ID number (${problem})`) })
      }
    },
    {
      // Check the number even when other fields are wrong, so the form shows every problem at once.
      when: ({ value }) => {
        const v = value as { idType?: unknown; idNumber?: unknown }
        return typeof v?.idNumber === 'string' && (ID_DOCUMENT_TYPES as readonly unknown[]).includes(v.idType)
      },
    },
  )
export type PersonInput = z.input<typeof personInputSchema>
export type PersonData = z.output<typeof personInputSchema>

/** A person as the API shows them: identity masked unless revealed. */
export const personSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PERSON_KINDS),
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  origin: z.string().nullable(),
  employer: z.string().nullable(),
  address: z.string().nullable(),
  stayedOverHoliday: z.boolean(),
  isLandlord: z.boolean(),
  areaId: z.uuid(),
  areaName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Person = z.infer<typeof personSchema>

export const personListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(50).optional(),
  kind: z.enum(PERSON_KINDS).optional(),
  areaId: z.uuid().optional(),
})
export type PersonListQuery = z.infer<typeof personListQuerySchema>

export const personListSchema = z.object({
  items: z.array(personSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

export const personIdentitySchema = z.object({
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumber: z.string(),
  phone: z.string().nullable(),
})
