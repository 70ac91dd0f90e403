import { message } from '../../../shared/messages.ts'
import type { Locale } from '../../../shared/messages.ts'
import {
  signupNumber,
  type PublicRegion,
  type PublicRegionDetail,
  type SignupAnswer,
  type SignupData,
} from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { chinaDate } from '../enterprise/work-calendar.ts'
import { BusDepartedError, BusElsewhereError, BusFullError, PostingUnavailableError, RegionClosedError } from './recruitment.errors.ts'
import { findBus, selectSignups, takeSeat } from './signups.repository.ts'
import { seatOf } from './signups.service.ts'

/** Blind-index purpose of a worker's phone: the same digits hash differently from a person's phone. */
export const INDEX_SIGNUP_PHONE = 'recruitment.phone'

/**
 * The public side of a drive (no account): regions of running drives, their collection points,
 * buses with free seats and open jobs, and the worker's sign-up. Nothing personal is read back.
 */

/** Regions (with their team and its area path) whose drive runs today. */
function runningRegions(db: DbOrTrx, today: string) {
  return db
    .selectFrom('recruitment_region')
    .innerJoin('recruitment_team', 'recruitment_team.id', 'recruitment_region.team_id')
    .innerJoin('area', 'area.id', 'recruitment_team.area_id')
    .selectAll('recruitment_region')
    .select(['recruitment_team.name as team_name', 'area.path as area_path'])
    .where('recruitment_team.starts_on', '<=', today)
    .where((eb) => eb.or([eb('recruitment_team.ends_on', 'is', null), eb('recruitment_team.ends_on', '>=', today)]))
}

export async function listOpenRegions(deps: Deps, now = new Date()): Promise<{ items: PublicRegion[] }> {
  const rows = await runningRegions(deps.db, chinaDate(now))
    .orderBy('recruitment_region.province')
    .orderBy('recruitment_region.name')
    .execute()
  return { items: rows.map((r) => ({ id: r.id, name: r.name, province: r.province, teamName: r.team_name })) }
}

/** Open postings of enterprises within the drive's area (the district's enterprises). */
function openPostings(db: DbOrTrx, areaPath: string) {
  return db
    .selectFrom('job_posting')
    .innerJoin('enterprise', 'enterprise.id', 'job_posting.enterprise_id')
    .innerJoin('area', 'area.id', 'job_posting.area_id')
    .selectAll('job_posting')
    .select('enterprise.name as enterprise_name')
    .where('job_posting.state', '=', 'open')
    .where('area.path', 'like', `${areaPath}%`)
}

/** @throws NotFoundError when the region's drive is not running */
export async function regionDetail(deps: Deps, regionId: string, now = new Date()): Promise<PublicRegionDetail> {
  const region = await runningRegions(deps.db, chinaDate(now)).where('recruitment_region.id', '=', regionId).executeTakeFirst()
  if (!region) throw new NotFoundError('region')
  const points = await deps.db.selectFrom('collection_point').selectAll().where('region_id', '=', regionId).orderBy('meets_at').execute()
  const buses = points.length
    ? await deps.db
        .selectFrom('bus')
        .selectAll()
        .where(
          'point_id',
          'in',
          points.map((p) => p.id),
        )
        .where('departs_at', '>', now)
        .orderBy('departs_at')
        .execute()
    : []
  const postings = await openPostings(deps.db, region.area_path).orderBy('job_posting.created_at', 'desc').limit(100).execute()
  return {
    id: region.id,
    name: region.name,
    teamName: region.team_name,
    points: points.map((p) => ({
      id: p.id,
      name: p.name,
      address: p.address,
      meetsAt: p.meets_at.toISOString(),
      buses: buses
        .filter((b) => b.point_id === p.id)
        .map((b) => ({
          id: b.id,
          plate: b.plate,
          departsAt: b.departs_at.toISOString(),
          destination: b.destination,
          seatsFree: b.seats - b.seats_taken,
        })),
    })),
    postings: postings.map((p) => ({
      id: p.id,
      enterpriseName: p.enterprise_name,
      title: p.title,
      positions: p.positions,
      wageMinFen: Number(p.wage_min_fen),
      wageMaxFen: Number(p.wage_max_fen),
      location: p.location,
      requirements: p.requirements,
    })),
  }
}

/**
 * A worker signs up. One sign-up per phone per team: a second form with the same phone changes
 * nothing and is only told so (200), with nothing of the first sign-up (its number, job, bus,
 * departure or collection point): anyone may type someone else's phone number. A seat is taken
 * in the same transaction, so a full bus refuses the whole sign-up (409) and the worker can pick
 * another bus.
 * @throws RegionClosedError, PostingUnavailableError, BusElsewhereError, BusDepartedError, BusFullError
 */
export async function submitSignup(deps: Deps, input: SignupData, locale: Locale, now = new Date()): Promise<SignupAnswer> {
  const { db, cipher } = deps
  const region = await runningRegions(db, chinaDate(now)).where('recruitment_region.id', '=', input.regionId).executeTakeFirst()
  if (!region) throw new RegionClosedError()
  if (input.jobPostingId) {
    const posting = await openPostings(db, region.area_path).where('job_posting.id', '=', input.jobPostingId).executeTakeFirst()
    if (!posting) throw new PostingUnavailableError()
  }
  if (input.busId) {
    const bus = await findBus(db, input.busId)
    if (!bus || bus.region_id !== region.id) throw new BusElsewhereError()
    if (bus.departs_at <= now) throw new BusDepartedError()
  }
  const phoneIndex = cipher.blindIndex(INDEX_SIGNUP_PHONE, input.phone)
  const signupId = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('recruitment_signup')
      .values({
        team_id: region.team_id,
        region_id: region.id,
        area_id: region.area_id,
        name: input.name,
        phone_enc: cipher.seal(input.phone),
        phone_index: phoneIndex,
        job_posting_id: input.jobPostingId ?? null,
        job_wanted: input.jobWanted || null,
      })
      .onConflict((oc) => oc.constraint('recruitment_signup_team_phone_unique').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return null
    if (input.busId && !(await takeSeat(trx, input.busId, inserted.id, region.area_id))) throw new BusFullError()
    return inserted.id
  })
  if (!signupId) return { created: false, message: message('RECRUIT_SIGNED_UP_BEFORE', locale)! }
  const row = await selectSignups(db, { areaPath: '/', enterpriseId: null })
    .where('recruitment_signup.id', '=', signupId)
    .executeTakeFirstOrThrow()
  return {
    created: true,
    number: signupNumber(Number(row.serial)),
    teamName: row.team_name,
    regionName: row.region_name,
    jobTitle: row.job_title,
    seat: seatOf(row),
  }
}
