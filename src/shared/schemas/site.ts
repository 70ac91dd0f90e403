import { z } from 'zod'

/** The site's public address, as the server was told (PUBLIC_URL) or as the request reached it. */
export const publicSiteSchema = z.object({
  publicUrl: z.string(),
  /** false when PUBLIC_URL is unset: links follow the address the browser used. */
  configured: z.boolean(),
})
export type PublicSite = z.infer<typeof publicSiteSchema>
