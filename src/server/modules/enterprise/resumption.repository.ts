import type { Insertable } from 'kysely'
import type { ResumptionStatus } from '../../../shared/schemas/enterprise-resumption.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { updateInScope, type Scope } from '../../db/scope.ts'
import type { ResumptionApplicationTable } from './enterprise.table.ts'
import { selectForViewer, type Viewer } from './viewer.ts'

function selectApplications(db: DbOrTrx, viewer: Viewer) {
  return selectForViewer(db, viewer, 'resumption_application')
    .innerJoin('enterprise', 'enterprise.id', 'resumption_application.enterprise_id')
    .innerJoin('area', 'area.id', 'resumption_application.area_id')
    .leftJoin('account as decider', 'decider.id', 'resumption_application.decided_by')
    .selectAll('resumption_application')
    .select([
      'enterprise.name as enterprise_name',
      'enterprise.above_scale',
      'area.name as area_name',
      'decider.display_name as decided_by_name',
    ])
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>

export function findApplication(db: DbOrTrx, viewer: Viewer, id: string) {
  return selectApplications(db, viewer).where('resumption_application.id', '=', id).executeTakeFirst()
}

export interface ApplicationFilter {
  status?: ResumptionStatus
  enterpriseId?: string
}

function filtered(db: DbOrTrx, viewer: Viewer, filter: ApplicationFilter) {
  let query = selectApplications(db, viewer)
  if (filter.status) query = query.where('resumption_application.status', '=', filter.status)
  if (filter.enterpriseId) query = query.where('resumption_application.enterprise_id', '=', filter.enterpriseId)
  return query
}

/** Pending first (the office's queue), then newest. */
export function listApplications(db: DbOrTrx, viewer: Viewer, filter: ApplicationFilter, limit: number, offset: number) {
  return filtered(db, viewer, filter)
    .orderBy((eb) => eb.case().when('resumption_application.status', '=', 'submitted').then(0).else(1).end())
    .orderBy('resumption_application.submitted_at', 'desc')
    .orderBy('resumption_application.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countApplications(db: DbOrTrx, viewer: Viewer, filter: ApplicationFilter): Promise<number> {
  const row = await filtered(db, viewer, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertApplication(db: DbOrTrx, row: Insertable<ResumptionApplicationTable>) {
  return db.insertInto('resumption_application').values(row).returning('id').executeTakeFirstOrThrow()
}

/**
 * Decides a pending application; only a row still `submitted` changes, so of two officers
 * deciding at once exactly one wins.
 * @returns the number of rows changed (0 or 1)
 */
export async function decideApplication(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  decision: { status: 'approved' | 'returned'; decided_by: string; decided_at: Date; decision_note: string | null },
): Promise<number> {
  const result = await updateInScope(db, scope, 'resumption_application')
    .set(decision)
    .where('resumption_application.id', '=', id)
    .where('resumption_application.status', '=', 'submitted')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Marks the enterprise resumed at its first approval. */
export function markResumed(db: DbOrTrx, scope: Scope, enterpriseId: string, at: Date) {
  return updateInScope(db, scope, 'enterprise')
    .set({ resumed_at: at, updated_at: at })
    .where('enterprise.id', '=', enterpriseId)
    .where('enterprise.resumed_at', 'is', null)
    .execute()
}
