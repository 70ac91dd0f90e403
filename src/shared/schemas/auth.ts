import { z } from 'zod'
import { ROLES } from '../roles.ts'
import { customIssue } from './common.ts'

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
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
