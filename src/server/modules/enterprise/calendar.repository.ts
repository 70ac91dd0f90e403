import type { DbOrTrx } from '../../db/database.ts'
import type { CalendarYear } from '../../../shared/schemas/enterprise-calendar.ts'

/** The loaded years among those asked for. */
export function findCalendarYears(db: DbOrTrx, years: number[]) {
  return db.selectFrom('work_calendar_year').selectAll().where('year', 'in', years).execute()
}

export function listCalendarYears(db: DbOrTrx) {
  return db
    .selectFrom('work_calendar_year')
    .selectAll('work_calendar_year')
    .select((eb) => [
      eb
        .selectFrom('work_calendar_day')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('work_calendar_day.year', '=', 'work_calendar_year.year')
        .where('work_calendar_day.kind', '=', 'holiday')
        .as('holidays'),
      eb
        .selectFrom('work_calendar_day')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('work_calendar_day.year', '=', 'work_calendar_year.year')
        .where('work_calendar_day.kind', '=', 'workday')
        .as('workdays'),
    ])
    .orderBy('year')
    .execute()
}

/** The special days of the given notice years (a notice may list a date of the neighbouring year). */
export function findCalendarDays(db: DbOrTrx, years: number[]) {
  return db.selectFrom('work_calendar_day').select(['year', 'day', 'kind', 'name']).where('year', 'in', years).orderBy('day').execute()
}

/**
 * Writes a year: shipped data only when the year is absent (several servers may start at once),
 * an import replaces what is there.
 * @returns whether the year was written
 */
export async function writeCalendarYear(
  trx: DbOrTrx,
  data: CalendarYear,
  source: 'shipped' | 'import',
  importedBy: string | null,
  now: Date,
): Promise<boolean> {
  const row = {
    year: data.year,
    source,
    provisional: data.provisional,
    notices: JSON.stringify(data.notices),
    imported_by: importedBy,
    imported_at: now,
  }
  if (source === 'shipped') {
    const inserted = await trx
      .insertInto('work_calendar_year')
      .values(row)
      .onConflict((oc) => oc.column('year').doNothing())
      .returning('year')
      .executeTakeFirst()
    if (!inserted) return false
  } else {
    await trx
      .insertInto('work_calendar_year')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('year')
          .doUpdateSet({ source, provisional: data.provisional, notices: row.notices, imported_by: importedBy, imported_at: now }),
      )
      .execute()
    await trx.deleteFrom('work_calendar_day').where('year', '=', data.year).execute()
  }
  await trx
    .insertInto('work_calendar_day')
    .values(data.days.map((d) => ({ year: data.year, day: d.date, kind: d.kind, name: d.name })))
    .execute()
  return true
}
