import { z } from 'zod'
import { customIssue } from './common.ts'

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const

const calendarDaySchema = z.object({
  date: z.iso.date(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().trim().min(1).max(50),
})

/**
 * One year of the State Council's holiday arrangement (部分节假日安排): its public holidays and
 * make-up workdays (调休上班). The shipped files and the admin import have this shape; a CSV
 * import (`date,kind,name`) is turned into it first.
 */
export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Statutory days only, before the year's notice is published. */
    provisional: z.boolean().default(false),
    notices: z.array(z.string().trim().min(1).max(500)).max(10).default([]),
    days: z.array(calendarDaySchema).min(1).max(400),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>()
    value.days.forEach((day, i) => {
      const year = Number(day.date.slice(0, 4))
      // A notice may reach into the neighbouring year (New Year's Eve, early January make-up days).
      if (Math.abs(year - value.year) > 1) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], ...customIssue('calendar.dateOutsideYear', 'date far from the year') })
      }
      if (seen.has(day.date)) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], ...customIssue('calendar.duplicateDate', 'date given twice') })
      }
      seen.add(day.date)
      const weekday = new Date(`${day.date}T00:00:00Z`).getUTCDay()
      if (day.kind === 'workday' && weekday !== 0 && weekday !== 6) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', i, 'kind'],
          ...customIssue('calendar.workdayOnWeekday', 'a make-up workday is a weekend day'),
        })
      }
    })
  })
export type CalendarYear = z.output<typeof calendarYearSchema>

/** The admin import: the year as JSON days, or as CSV text with the header `date,kind,name`. */
export const calendarImportSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  provisional: z.boolean().default(false),
  notices: z.array(z.string().trim().min(1).max(500)).max(10).default([]),
  days: z.array(z.unknown()).optional(),
  csv: z.string().max(100_000).optional(),
})

export const calendarYearSummarySchema = z.object({
  year: z.number(),
  source: z.enum(['shipped', 'import']),
  provisional: z.boolean(),
  notices: z.array(z.string()),
  holidays: z.number(),
  workdays: z.number(),
  importedAt: z.string(),
})

export const calendarYearDetailSchema = calendarYearSummarySchema.extend({
  days: z.array(calendarDaySchema),
})
