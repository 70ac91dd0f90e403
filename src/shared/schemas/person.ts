import { z } from 'zod'
import { ID_DOCUMENT_TYPES, PHONE_PATTERN, checkIdNumber, normalizeIdNumber, type IdDocumentType } from '../id-document.ts'
import { customIssue, pageQuerySchema } from './common.ts'

export const PERSON_KINDS = ['resident', 'new_resident'] as const
export type PersonKind = (typeof PERSON_KINDS)[number]

const personFields = {
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
}

/** Checks the ID number against its document type (GB 11643 for a resident ID). */
function checkIdDocument(value: { idType: IdDocumentType; idNumber?: string }, ctx: z.RefinementCtx) {
  if (value.idNumber === undefined) return
  const problem = checkIdNumber(value.idType, normalizeIdNumber(value.idNumber))
  if (problem) {
    ctx.addIssue({ code: 'custom', path: ['idNumber'], ...customIssue(`id.${problem}`, `invalid ID number (${problem})`) })
  }
}

// Check the number even when other fields are wrong, so the form shows every problem at once.
const whenIdDocumentParsed = {
  when: ({ value }: { value: unknown }) => {
    const v = value as { idType?: unknown; idNumber?: unknown }
    return (ID_DOCUMENT_TYPES as readonly unknown[]).includes(v?.idType) && (v.idNumber === undefined || typeof v.idNumber === 'string')
  },
}

/** What a grid worker enters to register a resident or new resident. */
export const personInputSchema = z.object(personFields).superRefine(checkIdDocument, whenIdDocumentParsed)

/**
 * A change to a person: without idNumber or phone the stored ones are kept, so a role that
 * only sees masked values can still correct a name or an address.
 */
export const personUpdateSchema = z
  .object({ ...personFields, idNumber: personFields.idNumber.optional() })
  .superRefine(checkIdDocument, whenIdDocumentParsed)
export type PersonUpdateInput = z.input<typeof personUpdateSchema>
export type PersonUpdateData = z.output<typeof personUpdateSchema>

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
