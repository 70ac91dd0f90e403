import { z } from 'zod'
import { AREA_LEVELS, checkAreaCode } from '../areas.ts'
import { customIssue } from './common.ts'

export const areaSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  code: z.string(),
  name: z.string(),
  level: z.enum(AREA_LEVELS),
  path: z.string(),
})
export type Area = z.infer<typeof areaSchema>

export const createAreaBodySchema = z
  .object({
    parentCode: z
      .string()
      .regex(/^\d{12,15}$/)
      .nullable(),
    code: z.string().regex(/^\d{12,15}$/),
    name: z.string().trim().min(1).max(100),
    level: z.enum(AREA_LEVELS),
  })
  .superRefine((value, ctx) => {
    const problem = checkAreaCode(value.level, value.code)
    if (problem) ctx.addIssue({ code: 'custom', path: ['code'], ...customIssue('area.code', problem) })
  })
export type CreateAreaBody = z.infer<typeof createAreaBodySchema>

/** One CSV row of an area import: code,name,level,parent_code */
export const areaCsvRowSchema = createAreaBodySchema

export const areaChildrenQuerySchema = z.object({ parentId: z.uuid().optional() })
