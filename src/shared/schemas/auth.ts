import { z } from 'zod'
import { ROLES, type Role } from '../roles.ts'
import { customIssue } from './common.ts'

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  /** The authenticator code or a recovery code, for an account with a second factor. */
  code: z.string().trim().min(1).max(32).optional(),
})
export type LoginBody = z.infer<typeof loginBodySchema>

export const passwordSchema = z
  .string()
  .max(200)
  .refine((p) => p.length >= 10 && /[A-Za-z]/.test(p) && /\d/.test(p), customIssue('password.weak', 'weak password'))

export const createAccountBodySchema = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-zA-Z0-9_.-]+$/),
  displayName: z.string().trim().min(1).max(64),
  password: passwordSchema,
  role: z.enum(ROLES),
  areaId: z.uuid(),
})
export type CreateAccountBody = z.infer<typeof createAccountBodySchema>

export const sessionAccountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaId: z.uuid(),
  areaName: z.string(),
  areaLevel: z.string(),
  areaPath: z.string(),
})
export type SessionAccount = z.infer<typeof sessionAccountSchema>

/** One of your own open sessions (账号安全). The id is the stored hash, never the cookie token. */
export const ownSessionSchema = z.object({
  id: z.string(),
  /** e.g. 'Chrome 120', 'WeChat 8.0', or '' when the browser did not say */
  browser: z.string(),
  /** e.g. 'Windows', 'iPhone', 'Android 14' */
  os: z.string(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
})
export type OwnSession = z.infer<typeof ownSessionSchema>

export const sessionParamsSchema = z.object({ id: z.string().min(1).max(100) })

/** Roles that handle money or every account: they may add an authenticator-app code at sign-in. */
export const ROLES_WITH_TWO_FACTOR: readonly Role[] = ['admin', 'policy_officer']

export const twoFactorStatusSchema = z.object({
  /** this account's role may use a second factor */
  available: z.boolean(),
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
})
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>

export const twoFactorEnrolmentSchema = z.object({
  /** base32, for typing into an app that cannot scan */
  secret: z.string(),
  /** otpauth://totp/… shown as a QR code */
  otpauthUri: z.string(),
})
export type TwoFactorEnrolment = z.infer<typeof twoFactorEnrolmentSchema>

export const twoFactorCodeBodySchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, customIssue('twoFactor.codeFormat', 'six digits')),
})
export type TwoFactorCodeBody = z.infer<typeof twoFactorCodeBodySchema>

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) })
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>

/** An account the admin sees on the security page: whether it signs in with a second factor. */
export const accountTwoFactorSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  areaName: z.string(),
  enabledAt: z.string().nullable(),
})
export type AccountTwoFactor = z.infer<typeof accountTwoFactorSchema>
