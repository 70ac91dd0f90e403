import { z } from 'zod'

/** Registering another province's health-code platform (admin). The secret is write-only. */
export const healthPlatformBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** GB/T 2260 codes of the regions it issues for */
  regionCodes: z
    .array(z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code'))
    .min(1)
    .max(50),
  codePrefix: z
    .string()
    .trim()
    .min(2)
    .max(20)
    .regex(/^[A-Za-z0-9]+:$/, 'letters and digits ending with a colon')
    .optional(),
  endpoint: z.url({ protocol: /^https?$/ }),
  appId: z.string().trim().min(1).max(100),
  secret: z.string().min(16).max(200),
  timeoutMs: z.number().int().min(200).max(5000).default(3000),
  cacheSeconds: z.number().int().min(0).max(600).default(60),
  signingScheme: z.enum(['hmac-sha256-v1']).default('hmac-sha256-v1'),
})
export type HealthPlatformBody = z.infer<typeof healthPlatformBodySchema>

export const healthPlatformSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  regionCodes: z.array(z.string()),
  codePrefix: z.string().nullable(),
  endpoint: z.string(),
  appId: z.string(),
  timeoutMs: z.number(),
  cacheSeconds: z.number(),
  signingScheme: z.string(),
  enabled: z.boolean(),
})
export type HealthPlatform = z.infer<typeof healthPlatformSchema>

/** The body of a 验码 request another platform sends us (national interface shape). */
export const nationalVerifyRequestSchema = z.object({
  code: z.string().trim().min(1).max(4096),
  verifierRegion: z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code'),
  scene: z.string().max(200).default(''),
})
