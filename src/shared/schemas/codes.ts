import { z } from 'zod'
import { ID_DOCUMENT_TYPES } from '../id-document.ts'
import { HEALTH_COLOURS } from './gate.ts'

export const setHealthStatusBodySchema = z.object({
  colour: z.enum(HEALTH_COLOURS),
})

/** One person's status as an external health system pushes it (identified by ID document). */
export const healthStatusPushItemSchema = z.object({
  idType: z.enum(ID_DOCUMENT_TYPES),
  idNumber: z.string().trim().min(1).max(40),
  colour: z.enum(HEALTH_COLOURS),
})
export const healthStatusPushBodySchema = z.object({
  items: z.array(healthStatusPushItemSchema).min(1).max(5000),
})

export const healthStatusPushResultSchema = z.object({
  updated: z.number(),
  unchanged: z.number(),
  notFound: z.array(z.number()).describe('indexes of items whose person is not registered in the client’s area'),
})

export const issuedHealthCodeSchema = z.object({
  code: z.string(),
  colour: z.enum(HEALTH_COLOURS),
  issuedAt: z.string(),
  expiresAt: z.string(),
})

export const importReportSchema = z.object({
  imported: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
})
