import { sql, type Insertable } from 'kysely'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, updateInScope, WHOLE_TREE, type Scope } from '../../db/scope.ts'
import type { ReturneeReportTable, ReturneeStatus, ReturneeTable } from './returnees.table.ts'

/** Returnees with person, area, and their latest observation report. */
function selectReturnees(db: DbOrTrx, scope: Scope) {
  return selectInScope(db, scope, 'returnee')
    .innerJoin('person', 'person.id', 'returnee.person_id')
    .innerJoin('area', 'area.id', 'returnee.area_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('returnee_report')
          .select(['returnee_report.day', 'returnee_report.temperature'])
          .whereRef('returnee_report.returnee_id', '=', 'returnee.id')
          .where('returnee_report.phase', '=', 'observation')
          .orderBy('returnee_report.day', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .selectAll('returnee')
    .select(['person.name as person_name', 'area.name as area_name', 'last.day as last_day', 'last.temperature as last_temperature'])
}
export type ReturneeListRow = Awaited<ReturnType<ReturnType<typeof selectReturnees>['execute']>>[number]

export function insertReturnee(db: DbOrTrx, row: Insertable<ReturneeTable>) {
  return db.insertInto('returnee').values(row).returning('id').executeTakeFirstOrThrow()
}

export function findReturnee(db: DbOrTrx, scope: Scope, id: string, registeredBy?: string) {
  let query = selectReturnees(db, scope).where('returnee.id', '=', id)
  if (registeredBy) query = query.where('returnee.registered_by', '=', registeredBy)
  return query.executeTakeFirst()
}

export function listReturnees(db: DbOrTrx, scope: Scope, filter: { status: ReturneeStatus; areaPath?: string; registeredBy?: string }) {
  let query = selectReturnees(db, scope).where('returnee.status', '=', filter.status)
  if (filter.areaPath) query = query.where('area.path', 'like', `${filter.areaPath}%`)
  if (filter.registeredBy) query = query.where('returnee.registered_by', '=', filter.registeredBy)
  return query.orderBy('returnee.arrived_on', 'desc').orderBy('returnee.id').limit(500).execute()
}

export function listReports(db: DbOrTrx, scope: Scope, returneeId: string) {
  return selectInScope(db, scope, 'returnee_report')
    .select(['phase', 'day', 'temperature', 'symptoms', 'reported_by', 'reported_at'])
    .where('returnee_report.returnee_id', '=', returneeId)
    .orderBy('returnee_report.phase')
    .orderBy('returnee_report.day')
    .execute()
}

/** Stores a day's report; a second report for the same day corrects the first. */
export function upsertReports(db: DbOrTrx, rows: Insertable<ReturneeReportTable>[]) {
  if (!rows.length) return Promise.resolve()
  return db
    .insertInto('returnee_report')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['returnee_id', 'phase', 'day']).doUpdateSet((eb) => ({
        temperature: eb.ref('excluded.temperature'),
        symptoms: eb.ref('excluded.symptoms'),
        reported_by: eb.ref('excluded.reported_by'),
        account_id: eb.ref('excluded.account_id'),
        reported_at: eb.ref('excluded.reported_at'),
      })),
    )
    .execute()
}

/**
 * Returnees under observation whose report for `day` is missing and who have had no
 * missed-report alert since that day's deadline (so the sweep, run every minute, raises one per day).
 */
export function findMissedReports(db: DbOrTrx, day: string, deadline: Date) {
  return selectInScope(db, WHOLE_TREE, 'returnee')
    .select(['returnee.id', 'returnee.person_id', 'returnee.area_id'])
    .where('returnee.status', '=', 'observing')
    .where('returnee.arrived_on', '<=', day)
    .where('returnee.observation_ends_on', '>=', day)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('returnee_report')
            .select(sql`1`.as('one'))
            .whereRef('returnee_report.returnee_id', '=', 'returnee.id')
            .where('returnee_report.phase', '=', 'observation')
            .where('returnee_report.day', '=', day),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alert')
            .select(sql`1`.as('one'))
            .whereRef('alert.person_id', '=', 'returnee.person_id')
            .where('alert.kind', '=', 'report_missed')
            .where('alert.last_seen_at', '>=', deadline),
        ),
      ),
    )
    .execute()
}

/** Ends the observation of everyone whose 14 days are over. */
export function completeObservations(db: DbOrTrx, today: string) {
  return updateInScope(db, WHOLE_TREE, 'returnee')
    .set({ status: 'completed' })
    .where('returnee.status', '=', 'observing')
    .where('returnee.observation_ends_on', '<', today)
    .executeTakeFirst()
}

export function setReturneeStatus(db: DbOrTrx, scope: Scope, id: string, status: ReturneeStatus) {
  return updateInScope(db, scope, 'returnee')
    .set({ status })
    .where('returnee.id', '=', id)
    .returning(['returnee.id', 'returnee.area_id'])
    .executeTakeFirst()
}
