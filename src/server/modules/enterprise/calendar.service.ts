import { calendarYearSchema, type CalendarYear } from '../../../shared/schemas/enterprise-calendar.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import { NotFoundError } from '../../errors.ts'
import { parseCsv } from '../area/csv.ts'
import type { Actor } from '../auth/actor.ts'
import y2020 from './calendar-data/2020.json' with { type: 'json' }
import y2025 from './calendar-data/2025.json' with { type: 'json' }
import y2026 from './calendar-data/2026.json' with { type: 'json' }
import y2027 from './calendar-data/2027.json' with { type: 'json' }
import { InvalidCalendarError } from './enterprise.errors.ts'
import * as repo from './calendar.repository.ts'
import { chinaDate, WorkCalendar } from './work-calendar.ts'

/**
 * The years shipped with Gridline, one file per State Council notice (sources in each file's
 * `notices`):
 * - 2020: 国办发明电〔2019〕16号 of 21 Nov 2019, and the epidemic extension 国办发明电〔2020〕1号
 *   (signed 26 Jan 2020, published 27 Jan): the Spring Festival holiday ran to Sunday 2 Feb and
 *   work resumed on 3 Feb. The make-up workdays were Sunday 19 Jan, Sunday 26 Apr, Saturday
 *   9 May, Sunday 28 Jun, Sunday 27 Sep and Saturday 10 Oct. Saturday 1 Feb had been a make-up
 *   workday in the 2019 notice; the extension made it a holiday, so it is one here.
 *   (Zhejiang's own rule that enterprises reopen no earlier than 9 Feb was a provincial
 *   measure, not a calendar change, and is not in this data.)
 * - 2025: notice of 12 Nov 2024 (国办发明电〔2024〕12号).
 * - 2026: notice of 4 Nov 2025.
 * - 2027: provisional, the statutory days of the 2024 revision of 全国年节及纪念日放假办法
 *   only; replace it through the admin import when the year's notice is published.
 * Years are updated without a release through the admin import (API or `calendar` routes).
 */
export const SHIPPED_YEARS: Record<number, unknown> = { 2020: y2020, 2025: y2025, 2026: y2026, 2027: y2027 }

/** The calendar of the shipped years alone, without the database (the demo seed, inside its transaction). */
export function shippedWorkCalendar(): WorkCalendar {
  const years = Object.values(SHIPPED_YEARS).map((y) => calendarYearSchema.parse(y))
  return new WorkCalendar(
    years.flatMap((y) => y.days),
    new Set(years.filter((y) => !y.provisional).map((y) => y.year)),
  )
}

/** How long this process keeps a loaded calendar: an import elsewhere shows within this time. */
const CACHE_MS = 60_000
let cache: { key: string; calendar: WorkCalendar; until: number } | undefined

/** Forgets the cached calendar (after an import on this server; tests). */
export function forgetWorkCalendar(): void {
  cache = undefined
}

/** Writes the shipped years the database does not have yet; an imported year is never overwritten. */
async function ensureShippedYears(db: Db, years: number[], now: Date): Promise<void> {
  const present = new Set((await repo.findCalendarYears(db, years)).map((r) => r.year))
  for (const year of years) {
    const shipped = SHIPPED_YEARS[year]
    if (present.has(year) || !shipped) continue
    await db.transaction().execute((trx) => repo.writeCalendarYear(trx, calendarYearSchema.parse(shipped), 'shipped', null, now))
  }
}

/**
 * The working-day calendar for the years around a span (one year either side, for deadlines
 * that cross New Year). Years without data count Monday to Friday as working days.
 * @param fromYear first year needed
 * @param toYear last year needed
 */
export async function loadWorkCalendar(db: Db, fromYear: number, toYear: number, now = new Date()): Promise<WorkCalendar> {
  const years: number[] = []
  for (let y = fromYear - 1; y <= toYear + 1; y++) years.push(y)
  const key = years.join(',')
  if (cache && cache.key === key && cache.until > now.getTime()) return cache.calendar
  await ensureShippedYears(db, years, now)
  const [rows, loaded] = await Promise.all([repo.findCalendarDays(db, years), repo.findCalendarYears(db, years)])
  // A date named by two notices (31 Dec in one, 1 Jan in the next): the later notice wins.
  const byDay = new Map<string, { date: string; kind: 'holiday' | 'workday' }>()
  for (const row of [...rows].sort((a, b) => a.year - b.year)) byDay.set(row.day, { date: row.day, kind: row.kind })
  const known = new Set(loaded.filter((r) => !r.provisional).map((r) => r.year))
  const calendar = new WorkCalendar([...byDay.values()], known)
  cache = { key, calendar, until: now.getTime() + CACHE_MS }
  return calendar
}

/**
 * The calendar covering every year given and the current one. A city board passes hundreds of
 * thousands of dates: the span is found in one pass, never by spreading them into Math.min (which
 * overflows the call stack).
 */
export async function loadWorkCalendarCovering(db: Db, years: Iterable<number>, now = new Date()): Promise<WorkCalendar> {
  let from = Number(chinaDate(now).slice(0, 4))
  let to = from
  for (const year of years) {
    if (year < from) from = year
    if (year > to) to = year
  }
  return loadWorkCalendar(db, from, to, now)
}

/** Turns `date,kind,name` CSV into days (kind: holiday/workday, or 休/班). */
function daysFromCsv(text: string): unknown[] {
  const records = parseCsv(text).filter((r) => r.some((cell) => cell.trim() !== ''))
  if (records[0]?.[0]?.trim().toLowerCase() === 'date') records.shift()
  const kinds: Record<string, string> = { 休: 'holiday', 班: 'workday' }
  return records.map(([date = '', kind = '', name = '']) => ({
    date: date.trim(),
    kind: kinds[kind.trim()] ?? kind.trim(),
    name: name.trim(),
  }))
}

/**
 * Replaces a year's holidays and make-up workdays (admin), e.g. when the State Council publishes
 * next year's arrangement in November.
 * @throws InvalidCalendarError with one field per bad day
 */
export async function importCalendarYear(
  db: Db,
  actor: Actor,
  input: { year: number; provisional: boolean; notices: string[]; days?: unknown[]; csv?: string },
  now = new Date(),
): Promise<CalendarYear> {
  const days = input.csv !== undefined ? daysFromCsv(input.csv) : (input.days ?? [])
  const parsed = calendarYearSchema.safeParse({ year: input.year, provisional: input.provisional, notices: input.notices, days })
  if (!parsed.success) {
    throw new InvalidCalendarError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        code: issue.code === 'custom' ? String(issue.params?.key ?? 'VALIDATION') : 'VALIDATION',
      })),
    )
  }
  await db.transaction().execute((trx) => repo.writeCalendarYear(trx, parsed.data, 'import', actor.account.id, now))
  forgetWorkCalendar()
  return parsed.data
}

/** Every loaded year with its counts; shipped years are loaded first if missing. */
export async function listCalendarYears(db: Db, now = new Date()) {
  await ensureShippedYears(db, Object.keys(SHIPPED_YEARS).map(Number), now)
  const rows = await repo.listCalendarYears(db)
  return rows.map((r) => ({
    year: r.year,
    source: r.source,
    provisional: r.provisional,
    notices: r.notices,
    holidays: Number(r.holidays),
    workdays: Number(r.workdays),
    importedAt: r.imported_at.toISOString(),
  }))
}

/** One year with its days. @throws NotFoundError for a year without data */
export async function getCalendarYear(db: DbOrTrx, year: number) {
  const [summary] = await repo.findCalendarYears(db, [year])
  if (!summary) throw new NotFoundError('calendar year')
  const days = await repo.findCalendarDays(db, [year])
  return {
    year,
    source: summary.source,
    provisional: summary.provisional,
    notices: summary.notices,
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
    importedAt: summary.imported_at.toISOString(),
    days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
  }
}
