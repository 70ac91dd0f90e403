/**
 * Working days on the Chinese calendar: Monday to Friday, minus the public holidays, plus the
 * make-up workdays (调休上班, usually a weekend day next to a long holiday) that the State
 * Council publishes each year. Dates are 'YYYY-MM-DD' in China time (UTC+8, no daylight saving).
 */

const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000

/**
 * The calendar date in China of an instant.
 * @example chinaDate(new Date('2020-01-23T17:00:00Z')) // '2020-01-24' (01:00 in Beijing)
 */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** The day after (or n days after) a date. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

export interface CalendarDay {
  date: string
  kind: 'holiday' | 'workday'
}

/** A ceiling for the loops below: an SLA of years means a data error, not a long wait. */
const MAX_SPAN_DAYS = 3660

export class WorkCalendar {
  private readonly holidays = new Set<string>()
  private readonly workdays = new Set<string>()

  /**
   * @param days the holidays and make-up workdays of the loaded years
   * @param knownYears years whose official data is loaded; other years count weekdays only
   */
  constructor(
    days: readonly CalendarDay[],
    readonly knownYears: ReadonlySet<number> = new Set(),
  ) {
    for (const d of days) (d.kind === 'holiday' ? this.holidays : this.workdays).add(d.date)
  }

  /** Whether people work on this date: a make-up workday beats a weekend, a holiday beats a weekday. */
  isWorkday(day: string): boolean {
    if (this.workdays.has(day)) return true
    if (this.holidays.has(day)) return false
    const w = weekday(day)
    return w !== 0 && w !== 6
  }

  /**
   * The nth working day after a date (the date itself does not count).
   * @example addWorkdays('2020-01-23', 1) // '2020-02-03': the extended 2020 Spring Festival
   */
  addWorkdays(from: string, n: number): string {
    let day = from
    let left = n
    for (let guard = 0; left > 0; guard++) {
      if (guard > MAX_SPAN_DAYS) throw new Error('working-day span too long')
      day = addDays(day, 1)
      if (this.isWorkday(day)) left--
    }
    return day
  }

  /**
   * Working days in (from, to]: 0 when `to` is not after `from`.
   * @example workdaysBetween('2020-01-23', '2020-02-03') // 1
   */
  workdaysBetween(from: string, to: string): number {
    let count = 0
    let day = from
    for (let guard = 0; day < to; guard++) {
      if (guard > MAX_SPAN_DAYS) throw new Error('working-day span too long')
      day = addDays(day, 1)
      if (this.isWorkday(day)) count++
    }
    return count
  }

  /** Whether every year a span touches has official data (else weekdays are only a guess). */
  covers(from: string, to: string): boolean {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!this.knownYears.has(y)) return false
    return true
  }
}
