import { z } from 'zod'

/** Attaches one of our message keys (see messages.ts) to a custom issue. */
export function customIssue(key: string, fallback: string) {
  return { message: fallback, params: { key } }
}

export const uuidSchema = z.uuid()
export const idParamsSchema = z.object({ id: z.uuid() })

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})

/** RFC 9457 problem details, with field-level errors for validation problems. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
})
export type Problem = z.infer<typeof problemSchema>
