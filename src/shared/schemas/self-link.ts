import { z } from 'zod'

/** A returnee's phone page (`/self/<token>`) as staff see it right after issuing it. */
export const selfLinkIssuedSchema = z.object({
  /** `/self/<token>`: the web builds the QR from it with usePublicLink. */
  selfServicePath: z.string(),
  /** The full link under PUBLIC_URL (what the text message carries). */
  selfServiceLink: z.string(),
})
export type SelfLinkIssued = z.infer<typeof selfLinkIssuedSchema>

/** Text the current link to the person: the path proves the sender holds the live link. */
export const selfLinkSmsInputSchema = z.object({
  path: z.string().regex(/^\/self\/[A-Za-z0-9_-]{32}$/),
})
export type SelfLinkSmsInput = z.infer<typeof selfLinkSmsInputSchema>

export const selfLinkSmsResultSchema = z.object({
  /** The number the text went to, masked (138****5678). */
  sentTo: z.string(),
})
export type SelfLinkSmsResult = z.infer<typeof selfLinkSmsResultSchema>
