import { describe, expect, it } from 'vitest'
import { shippedWorkCalendar } from './calendar.service.ts'
import { chinaDate, WorkCalendar } from './work-calendar.ts'

describe(WorkCalendar.name, () => {
  const calendar = shippedWorkCalendar()

  describe('isWorkday', () => {
    it('follows the 2020 Spring Festival as extended for the epidemic', () => {
      expect(calendar.isWorkday('2020-01-19')).toBe(true) // Sunday, make-up workday
      expect(calendar.isWorkday('2020-01-23')).toBe(true) // Thursday before the holiday
      for (const day of ['2020-01-24', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02'])
        expect(calendar.isWorkday(day), day).toBe(false)
      // 1 Feb was a make-up Saturday in the 2019 notice; the extension made it a holiday.
      expect(calendar.isWorkday('2020-02-03')).toBe(true)
    })

    it('counts a make-up Saturday as a working day and a plain Saturday as none', () => {
      expect(calendar.isWorkday('2020-05-09')).toBe(true) // Saturday after Labour Day, 2020
      expect(calendar.isWorkday('2025-02-08')).toBe(true) // Saturday after the 2025 Spring Festival
      expect(calendar.isWorkday('2025-02-15')).toBe(false)
      expect(calendar.isWorkday('2026-02-28')).toBe(true)
    })

    it('counts weekdays only in a year without data', () => {
      expect(calendar.isWorkday('2031-01-01')).toBe(true) // a Wednesday: no data, so not a holiday
      expect(calendar.covers('2031-01-01', '2031-02-01')).toBe(false)
      expect(calendar.covers('2020-01-01', '2020-12-31')).toBe(true)
      // 2027 is provisional (statutory days only): used, but not counted as covered.
      expect(calendar.isWorkday('2027-02-08')).toBe(false)
      expect(calendar.covers('2027-01-01', '2027-01-31')).toBe(false)
    })
  })

  describe('addWorkdays', () => {
    it('jumps the whole 2020 Spring Festival holiday', () => {
      expect(calendar.addWorkdays('2020-01-22', 1)).toBe('2020-01-23')
      expect(calendar.addWorkdays('2020-01-23', 1)).toBe('2020-02-03')
      expect(calendar.addWorkdays('2020-01-22', 3)).toBe('2020-02-04')
    })

    it('lands on the make-up days around the 2025 Spring Festival', () => {
      // Friday 24 Jan: Saturday off, Sunday 26 Jan worked, Monday 27 worked, then 28 Jan – 4 Feb off.
      expect(calendar.addWorkdays('2025-01-24', 1)).toBe('2025-01-26')
      expect(calendar.addWorkdays('2025-01-24', 2)).toBe('2025-01-27')
      expect(calendar.addWorkdays('2025-01-24', 3)).toBe('2025-02-05')
      // Friday 7 Feb + 1 = make-up Saturday 8 Feb.
      expect(calendar.addWorkdays('2025-02-07', 1)).toBe('2025-02-08')
    })

    it('reaches across New Year with the next year’s data', () => {
      expect(calendar.addWorkdays('2025-12-31', 1)).toBe('2026-01-04') // 1–3 Jan off, Sunday 4 Jan worked
    })

    it('returns the date itself for zero days', () => {
      expect(calendar.addWorkdays('2020-02-01', 0)).toBe('2020-02-01')
    })
  })

  describe('workdaysBetween', () => {
    it('counts working days after the first date up to the last', () => {
      expect(calendar.workdaysBetween('2020-01-23', '2020-02-03')).toBe(1)
      expect(calendar.workdaysBetween('2020-01-17', '2020-01-23')).toBe(5) // Mon 20 – Thu 23, plus Sunday 19
      expect(calendar.workdaysBetween('2020-05-08', '2020-05-11')).toBe(2) // make-up Saturday 9 May + Monday
      expect(calendar.workdaysBetween('2020-02-03', '2020-02-03')).toBe(0)
      expect(calendar.workdaysBetween('2020-02-04', '2020-02-03')).toBe(0)
    })

    it('agrees with addWorkdays', () => {
      for (const [from, n] of [
        ['2020-01-20', 7],
        ['2025-01-20', 9],
        ['2026-02-10', 6],
      ] as const) {
        expect(calendar.workdaysBetween(from, calendar.addWorkdays(from, n))).toBe(n)
      }
    })
  })

  describe('chinaDate', () => {
    it('is the calendar date in Beijing, not in UTC', () => {
      expect(chinaDate(new Date('2020-01-23T15:59:59Z'))).toBe('2020-01-23')
      expect(chinaDate(new Date('2020-01-23T16:00:00Z'))).toBe('2020-01-24')
    })
  })
})
