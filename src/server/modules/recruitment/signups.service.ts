import { maskPhone } from '../../../shared/id-document.ts'
import {
  signupNumber,
  SIGNUP_TRANSITIONS,
  type Seat,
  type Signup,
  type SignupListQuery,
  type SignupState,
} from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx, Trx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import {
  BusDepartedError,
  BusElsewhereError,
  BusFullError,
  PostingUnavailableError,
  SignupTransitionError,
  SignupWithdrawnError,
} from './recruitment.errors.ts'
import { filterSignups, findBus, freeSeat, selectSignups, takeSeat, type SignupListRow } from './signups.repository.ts'
import { recruitmentViewerOf, requireManager } from './viewer.ts'

const ENTITY = 'recruitment_signup'

/** Staff act through their area scope only (the routes let only staff reach these writes). */
function staffOf(actor: Actor) {
  return { areaPath: actor.areaPath, enterpriseId: null }
}

/** The seat part of a list row, or null without one. */
export function seatOf(row: SignupListRow): Seat | null {
  if (!row.bus_id) return null
  return {
    busId: row.bus_id,
    plate: row.bus_plate!,
    departsAt: row.bus_departs_at!.toISOString(),
    destination: row.bus_destination!,
    pointName: row.point_name!,
    pointAddress: row.point_address!,
    meetsAt: row.point_meets_at!.toISOString(),
  }
}

/** A row as the API shows it: the phone masked (138****1234). */
export function signupRowToSignup(row: SignupListRow, cipher: FieldCipher): Signup {
  return {
    id: row.id,
    number: signupNumber(Number(row.serial)),
    name: row.name,
    phoneMasked: maskPhone(cipher.open(row.phone_enc)),
    teamId: row.team_id,
    teamName: row.team_name,
    regionId: row.region_id,
    regionName: row.region_name,
    jobPostingId: row.job_posting_id,
    jobTitle: row.job_title,
    enterpriseName: row.enterprise_name,
    jobWanted: row.job_wanted,
    state: row.state,
    seat: seatOf(row),
    hiredAt: row.hired_at ? row.hired_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  }
}

/** Lists sign-ups, newest first; every listed worker is audited as read. */
export async function listSignups(deps: Deps, actor: Actor, query: SignupListQuery) {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  const filtered = filterSignups(selectSignups(deps.db, viewer), query)
  const [rows, count] = await Promise.all([
    filtered
      .orderBy('recruitment_signup.created_at', 'desc')
      .orderBy('recruitment_signup.serial', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filterSignups(selectSignups(deps.db, viewer), query)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  if (rows.length)
    await recordAudit(
      deps.db,
      actor,
      'list',
      ENTITY,
      rows.map((r) => ({ id: r.id, areaId: r.area_id })),
      { query },
    )
  return { items: rows.map((r) => signupRowToSignup(r, deps.cipher)), total: Number(count.n), page: query.page, pageSize: query.pageSize }
}

async function findSignup(db: DbOrTrx, viewer: Scope & { enterpriseId: string | null }, id: string): Promise<SignupListRow> {
  const row = await selectSignups(db, viewer).where('recruitment_signup.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('sign-up')
  return row
}

/** One sign-up (audited as read). */
export async function getSignup(deps: Deps, actor: Actor, id: string): Promise<Signup> {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  const row = await findSignup(deps.db, viewer, id)
  await recordAudit(deps.db, actor, 'read', ENTITY, [{ id: row.id, areaId: row.area_id }])
  return signupRowToSignup(row, deps.cipher)
}

/** The full phone, for calling the worker: recruiters and admins only, audited as a reveal. */
export async function revealPhone(deps: Deps, actor: Actor, id: string): Promise<{ phone: string }> {
  requireManager(actor)
  const row = await findSignup(deps.db, staffOf(actor), id)
  await recordAudit(deps.db, actor, 'reveal', ENTITY, [{ id: row.id, areaId: row.area_id }])
  return { phone: deps.cipher.open(row.phone_enc) }
}

async function reread(deps: Deps, actor: Actor, id: string) {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  return signupRowToSignup(await findSignup(deps.db, viewer, id), deps.cipher)
}

/**
 * Locks the sign-up until the transaction ends, then reads it as the viewer sees it. Every write
 * on a sign-up (state, seat, match, hire) queues on this lock, so each checks what the one before
 * it left behind, not what it read before waiting (read committed: the read after the lock sees
 * the latest commit).
 * @throws NotFoundError when the sign-up is not (or no longer) the viewer's
 */
async function lockSignup(trx: Trx, viewer: Scope & { enterpriseId: string | null }, id: string): Promise<SignupListRow> {
  await trx.selectFrom('recruitment_signup').select('id').where('id', '=', id).forUpdate().execute()
  return findSignup(trx, viewer, id)
}

/**
 * Moves a sign-up along signed_up → contacted → boarded (or withdrawn); withdrawing frees its seat.
 * @throws SignupTransitionError for a move the pipeline does not allow (hired comes from the enterprise)
 */
export async function changeState(deps: Deps, actor: Actor, id: string, state: SignupState): Promise<Signup> {
  requireManager(actor)
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockSignup(trx, staffOf(actor), id)
    if (row.state === state) return
    if (!SIGNUP_TRANSITIONS[row.state].includes(state)) throw new SignupTransitionError()
    if (state === 'withdrawn') await freeSeat(trx, id)
    await trx.updateTable('recruitment_signup').set({ state, updated_at: new Date() }).where('id', '=', id).execute()
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: row.area_id }])
  })
  return reread(deps, actor, id)
}

/**
 * Gives the sign-up a seat on a bus of its region, or moves it there (the old seat is freed in
 * the same transaction). The same bus again changes nothing.
 * @throws BusElsewhereError, BusDepartedError, BusFullError (409), SignupWithdrawnError
 */
export async function assignSeat(deps: Deps, actor: Actor, id: string, busId: string, now = new Date()): Promise<Signup> {
  requireManager(actor)
  await deps.db.transaction().execute(async (trx) => {
    const signup = await lockSignup(trx, staffOf(actor), id)
    if (signup.state === 'withdrawn') throw new SignupWithdrawnError()
    const bus = await findBus(trx, busId)
    if (!bus || bus.region_id !== signup.region_id) throw new BusElsewhereError()
    if (signup.bus_id === busId) return
    if (bus.departs_at <= now) throw new BusDepartedError()
    await freeSeat(trx, id)
    if (!(await takeSeat(trx, busId, id, signup.area_id))) throw new BusFullError()
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: signup.area_id }])
  })
  return reread(deps, actor, id)
}

/** Cancels the sign-up's seat: the bus has one more free seat. */
export async function cancelSeat(deps: Deps, actor: Actor, id: string): Promise<Signup> {
  requireManager(actor)
  await deps.db.transaction().execute(async (trx) => {
    const signup = await lockSignup(trx, staffOf(actor), id)
    if (await freeSeat(trx, id)) await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: signup.area_id }])
  })
  return reread(deps, actor, id)
}

/**
 * Matches a sign-up to a posting (or clears it), so the enterprise can confirm the hire. Locked
 * like every sign-up write: a match can never land after a hire and leave the sign-up pointing at
 * another posting than its hire.
 * @throws PostingUnavailableError for a closed posting or one outside the team's area,
 *   SignupTransitionError (409) once the sign-up is hired
 */
export async function matchPosting(deps: Deps, actor: Actor, id: string, postingId: string | null): Promise<Signup> {
  requireManager(actor)
  await deps.db.transaction().execute(async (trx) => {
    const signup = await lockSignup(trx, staffOf(actor), id)
    if (signup.state === 'hired') throw new SignupTransitionError()
    if (signup.job_posting_id === postingId) return
    if (postingId) {
      const team = await trx
        .selectFrom('recruitment_team')
        .innerJoin('area', 'area.id', 'recruitment_team.area_id')
        .select('area.path')
        .where('recruitment_team.id', '=', signup.team_id)
        .executeTakeFirstOrThrow()
      const posting = await trx
        .selectFrom('job_posting')
        .innerJoin('area', 'area.id', 'job_posting.area_id')
        .select('job_posting.id')
        .where('job_posting.id', '=', postingId)
        .where('job_posting.state', '=', 'open')
        .where('area.path', 'like', `${team.path}%`)
        .executeTakeFirst()
      if (!posting) throw new PostingUnavailableError()
    }
    await trx.updateTable('recruitment_signup').set({ job_posting_id: postingId, updated_at: new Date() }).where('id', '=', id).execute()
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: signup.area_id }])
  })
  return reread(deps, actor, id)
}

/**
 * The enterprise confirms it hired the worker of a sign-up matched to one of its postings. One
 * hire per sign-up: confirming again answers the same hire. The checks run after the sign-up is
 * locked, so a withdrawal or a re-match that committed meanwhile is seen.
 * @throws NotFoundError for a sign-up not (or no longer) matched to this enterprise's postings, SignupWithdrawnError
 */
export async function confirmHire(deps: Deps, actor: Actor, id: string): Promise<Signup> {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  if (!viewer.enterpriseId) throw new ForbiddenError()
  await deps.db.transaction().execute(async (trx) => {
    const signup = await lockSignup(trx, viewer, id)
    if (signup.state === 'withdrawn') throw new SignupWithdrawnError()
    if (signup.state === 'hired') return
    await trx
      .insertInto('recruitment_hire')
      .values({
        signup_id: id,
        job_posting_id: signup.job_posting_id!,
        enterprise_id: viewer.enterpriseId!,
        area_id: signup.area_id,
        confirmed_by: actor.account.id,
      })
      .onConflict((oc) => oc.constraint('recruitment_hire_one_per_signup').doNothing())
      .execute()
    await trx.updateTable('recruitment_signup').set({ state: 'hired', updated_at: new Date() }).where('id', '=', id).execute()
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: signup.area_id }])
  })
  return reread(deps, actor, id)
}
