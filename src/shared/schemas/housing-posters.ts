import { z } from 'zod'
import { posterSchema } from './housing.ts'

/** The most posters one batch prints: a large village, and a page a browser still renders. */
export const POSTER_BATCH_MAX = 300

const UUID_LIST = /^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/

/** Which posters to print: every property with a valid code under an area node, or the chosen ones. */
export const posterBatchQuerySchema = z.object({
  areaId: z.uuid().optional(),
  /** Comma-separated property ids (the rows ticked in the table). */
  ids: z
    .string()
    .regex(UUID_LIST)
    .refine((v) => v.split(',').length <= POSTER_BATCH_MAX, { message: `at most ${POSTER_BATCH_MAX}` })
    .optional(),
})
export type PosterBatchQuery = z.infer<typeof posterBatchQuerySchema>

export const posterBatchSchema = z.object({
  items: z.array(posterSchema),
  /** Properties matched; more than items.length when the batch was cut at POSTER_BATCH_MAX. */
  total: z.number(),
})
export type PosterBatch = z.infer<typeof posterBatchSchema>
