import type { SignupListQuery } from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx, Trx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'

/**
 * Sign-ups the viewer may see, with everything a list row shows: team, region, posting, hire
 * and seat (bus + collection point). Staff read through their area scope; an enterprise only
 * the sign-ups matched to its own postings.
 */
export function selectSignups(db: DbOrTrx, viewer: Scope & { enterpriseId: string | null }) {
  const base = viewer.enterpriseId ? db.selectFrom('recruitment_signup') : selectInScope(db, viewer, 'recruitment_signup')
  let query = base
    .innerJoin('recruitment_team', 'recruitment_team.id', 'recruitment_signup.team_id')
    .innerJoin('recruitment_region', 'recruitment_region.id', 'recruitment_signup.region_id')
    .leftJoin('job_posting', 'job_posting.id', 'recruitment_signup.job_posting_id')
    .leftJoin('enterprise', 'enterprise.id', 'job_posting.enterprise_id')
    .leftJoin('recruitment_hire', 'recruitment_hire.signup_id', 'recruitment_signup.id')
    .leftJoin('bus_seat', 'bus_seat.signup_id', 'recruitment_signup.id')
    .leftJoin('bus', 'bus.id', 'bus_seat.bus_id')
    .leftJoin('collection_point', 'collection_point.id', 'bus.point_id')
    .selectAll('recruitment_signup')
    .select([
      'recruitment_team.name as team_name',
      'recruitment_region.name as region_name',
      'job_posting.title as job_title',
      'job_posting.enterprise_id as posting_enterprise_id',
      'enterprise.name as enterprise_name',
      'recruitment_hire.confirmed_at as hired_at',
      'bus.id as bus_id',
      'bus.plate as bus_plate',
      'bus.departs_at as bus_departs_at',
      'bus.destination as bus_destination',
      'collection_point.name as point_name',
      'collection_point.address as point_address',
      'collection_point.meets_at as point_meets_at',
    ])
  if (viewer.enterpriseId) query = query.where('job_posting.enterprise_id', '=', viewer.enterpriseId)
  return query
}

export type SignupListRow = Awaited<ReturnType<ReturnType<typeof selectSignups>['execute']>>[number]

/** Applies the list filters; `q` is a sign-up number (ZG000123 or 123) or a name prefix. */
export function filterSignups<Q extends ReturnType<typeof selectSignups>>(query: Q, filter: Omit<SignupListQuery, 'page' | 'pageSize'>): Q {
  let q = query
  if (filter.teamId) q = q.where('recruitment_signup.team_id', '=', filter.teamId) as Q
  if (filter.regionId) q = q.where('recruitment_signup.region_id', '=', filter.regionId) as Q
  if (filter.postingId) q = q.where('recruitment_signup.job_posting_id', '=', filter.postingId) as Q
  if (filter.state) q = q.where('recruitment_signup.state', '=', filter.state) as Q
  if (filter.q) {
    const serial = /^(ZG)?0*(\d{1,12})$/i.exec(filter.q)
    q = (
      serial
        ? q.where('recruitment_signup.serial', '=', serial[2]!)
        : q.where('recruitment_signup.name', 'like', `${filter.q.replace(/[%_\\]/g, '\\$&')}%`)
    ) as Q
  }
  return q
}

/**
 * Takes one seat: the conditional UPDATE is the guard. Parallel bookings queue on the bus row
 * and each re-checks `seats_taken < seats` after the one before commits, so a bus never
 * overbooks; the CHECK constraint would refuse it anyway.
 * @returns false when the bus is full
 */
export async function takeSeat(trx: Trx, busId: string, signupId: string, areaId: string): Promise<boolean> {
  const result = await trx
    .updateTable('bus')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
    .where('id', '=', busId)
    .whereRef('seats_taken', '<', 'seats')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return false
  await trx.insertInto('bus_seat').values({ bus_id: busId, signup_id: signupId, area_id: areaId }).execute()
  return true
}

/** Frees the sign-up's seat, if it has one. @returns the bus it was on */
export async function freeSeat(trx: Trx, signupId: string): Promise<string | null> {
  const seat = await trx.deleteFrom('bus_seat').where('signup_id', '=', signupId).returning('bus_id').executeTakeFirst()
  if (!seat) return null
  await trx
    .updateTable('bus')
    .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
    .where('id', '=', seat.bus_id)
    .execute()
  return seat.bus_id
}

/** A bus with the region it leaves from. */
export function findBus(db: DbOrTrx, busId: string) {
  return db
    .selectFrom('bus')
    .innerJoin('collection_point', 'collection_point.id', 'bus.point_id')
    .selectAll('bus')
    .select('collection_point.region_id')
    .where('bus.id', '=', busId)
    .executeTakeFirst()
}
