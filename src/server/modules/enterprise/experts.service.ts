import type { ExpertField } from '../../../shared/schemas/enterprise-problem.ts'
import type { Booking, Slot } from '../../../shared/schemas/enterprise-experts.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { isPathInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { notify } from '../notify/notify.service.ts'
import {
  BookingStateError,
  DuplicateSlotError,
  isUniqueViolation,
  NoSlotAvailableError,
  NotTeamMemberError,
  SlotPastError,
  SlotTakenError,
} from './enterprise.errors.ts'
import * as repo from './experts.repository.ts'
import { findProblem } from './problems.repository.ts'
import { requireEnterprise } from './registry.service.ts'
import { targetEnterpriseId } from './resumption.service.ts'
import { findMember } from './teams.repository.ts'
import { isStaff, viewerOf, type Viewer } from './viewer.ts'

/** How many free slots dispatch-by-field tries before giving up (each lost race moves to the next). */
const DISPATCH_ATTEMPTS = 20

type SlotFields = Pick<
  repo.SlotRow,
  'id' | 'team_id' | 'team_name' | 'field' | 'member_id' | 'expert_name' | 'expert_title' | 'starts_at' | 'ends_at' | 'mode'
> & { booked: unknown }

function slotRowToSlot(row: SlotFields): Slot {
  return {
    id: row.id,
    teamId: row.team_id,
    teamName: row.team_name,
    field: row.field,
    memberId: row.member_id,
    expertName: row.expert_name,
    expertTitle: row.expert_title,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    mode: row.mode,
    booked: Boolean(row.booked),
  }
}

function bookingRowToBooking(row: repo.BookingRow): Booking {
  return {
    id: row.id,
    slot: slotRowToSlot({ ...row, id: row.slot_id, booked: row.status !== 'cancelled' }),
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    problemId: row.problem_id,
    topic: row.topic,
    status: row.status,
    visitRecord: row.visit_record,
    visitedAt: row.visited_at?.toISOString() ?? null,
    bookedAt: row.booked_at.toISOString(),
  }
}

/**
 * Opens a slot in an expert's calendar: an expert for themself, staff for the experts of teams
 * in their area.
 * @throws NotTeamMemberError, DuplicateSlotError (the expert already has a slot starting then)
 */
export async function createSlot(
  deps: Deps,
  actor: Actor,
  input: { memberId: string; startsAt: string; endsAt: string; mode: 'visit' | 'remote' },
) {
  const viewer = await viewerOf(deps.db, actor)
  const member = await findMember(deps.db, actor, input.memberId)
  if (member?.role !== 'expert') throw new NotFoundError('expert')
  const own = member.account_id === viewer.accountId
  if (!own && !(isStaff(viewer) && isPathInScope(actor, member.area_path))) throw new NotTeamMemberError()
  try {
    const { id } = await repo.insertSlot(deps.db, {
      team_id: member.team_id,
      member_id: member.id,
      area_id: member.area_id,
      starts_at: new Date(input.startsAt),
      ends_at: new Date(input.endsAt),
      mode: input.mode,
    })
    return slotRowToSlot((await repo.findSlot(deps.db, actor, id))!)
  } catch (error) {
    if (isUniqueViolation(error, 'expert_slot_member_start_unique')) throw new DuplicateSlotError()
    throw error
  }
}

/** Slots offered to the caller's area, soonest first. */
export async function listSlots(deps: Deps, actor: Actor, filter: repo.SlotFilter): Promise<Slot[]> {
  const rows = await repo.listSlots(deps.db, actor, filter)
  return rows.map(slotRowToSlot)
}

async function insertBookingOnce(
  db: DbOrTrx,
  actor: Actor,
  slot: repo.SlotRow,
  enterprise: { id: string; area_id: string; name: string },
  input: { problemId?: string; topic: string },
  now: Date,
): Promise<string> {
  const { id } = await repo.insertBooking(db, {
    slot_id: slot.id,
    enterprise_id: enterprise.id,
    area_id: enterprise.area_id,
    problem_id: input.problemId ?? null,
    topic: input.topic,
    status: 'booked',
    booked_by: actor.account.id,
    booked_at: now,
  })
  if (slot.expert_account_id) {
    await notify(db, {
      areaId: enterprise.area_id,
      kind: 'expert_visit_booked',
      recipientAccountId: slot.expert_account_id,
      body: `${enterprise.name} 预约出诊 ${slot.starts_at.toISOString()}：${input.topic}`,
      now,
    })
  }
  await recordAudit(db, actor, 'create', 'expert_booking', [{ id, areaId: enterprise.area_id }])
  return id
}

/**
 * Books an on-site visit (预约出诊): a chosen slot, or, given a field, the earliest free slot of
 * the teams of that field serving the enterprise (dispatch by field and availability). The
 * database's unique index on live bookings per slot decides races: of two parallel bookings of
 * one slot exactly one commits, the other answers EXPERT_SLOT_TAKEN (a dispatch tries the next).
 * @throws SlotTakenError, SlotPastError, NoSlotAvailableError, NotFoundError
 */
export async function bookVisit(
  deps: Deps,
  actor: Actor,
  input: { slotId?: string; field?: ExpertField; enterpriseId?: string; problemId?: string; topic: string },
  now = new Date(),
): Promise<Booking> {
  const viewer = await viewerOf(deps.db, actor)
  if (!viewer.enterpriseId && !isStaff(viewer)) throw new ForbiddenError()
  const enterprise = await requireEnterprise(deps.db, viewer, targetEnterpriseId(viewer, input.enterpriseId))
  if (input.problemId) {
    const problem = await findProblem(deps.db, viewer, input.problemId)
    if (!problem || problem.enterprise_id !== enterprise.id) throw new NotFoundError('problem')
  }
  const serving = { areaPath: enterprise.area_path }
  const candidates = input.slotId
    ? [await repo.findSlot(deps.db, serving, input.slotId)]
    : await repo.listSlots(deps.db, serving, { field: input.field, available: true, from: now, limit: DISPATCH_ATTEMPTS })
  if (input.slotId && !candidates[0]) throw new NotFoundError('slot')
  for (const slot of candidates) {
    if (!slot) continue
    if (slot.starts_at <= now) {
      if (input.slotId) throw new SlotPastError()
      continue
    }
    try {
      // One transaction per attempt: on PostgreSQL a unique violation aborts its transaction.
      const id = await deps.db.transaction().execute((trx) => insertBookingOnce(trx, actor, slot, enterprise, input, now))
      return bookingRowToBooking((await repo.findBooking(deps.db, viewer, id))!)
    } catch (error) {
      if (!isUniqueViolation(error, 'expert_booking_one_per_slot')) throw error
      if (input.slotId) throw new SlotTakenError()
    }
  }
  throw new NoSlotAvailableError()
}

/** Bookings: an enterprise its own, an expert their visits, staff those in their area. */
export async function listBookings(deps: Deps, actor: Actor, query: { status?: Booking['status']; page: number; pageSize: number }) {
  const viewer = await viewerOf(deps.db, actor)
  const filter = { status: query.status, expertAccountId: viewer.role === 'expert' ? viewer.accountId : undefined }
  const rows = await repo.listBookings(deps.db, viewer, filter, query.pageSize + 1, (query.page - 1) * query.pageSize)
  const items = rows.slice(0, query.pageSize).map(bookingRowToBooking)
  return { items, total: (query.page - 1) * query.pageSize + rows.length, page: query.page, pageSize: query.pageSize }
}

async function requireBooking(deps: Deps, viewer: Viewer, id: string) {
  const row = await repo.findBooking(deps.db, viewer, id)
  if (!row) throw new NotFoundError('booking')
  return row
}

/**
 * Records the one-to-one on-site visit: the booked expert, or staff.
 * @throws NotTeamMemberError, BookingStateError when not (or no longer) booked
 */
export async function recordVisit(deps: Deps, actor: Actor, id: string, record: string, now = new Date()): Promise<Booking> {
  const viewer = await viewerOf(deps.db, actor)
  const row = await requireBooking(deps, viewer, id)
  if (row.expert_account_id !== viewer.accountId && !isStaff(viewer)) throw new NotTeamMemberError()
  const changed = await repo.updateBookingFromStatus(deps.db, actor, id, { status: 'visited', visit_record: record, visited_at: now })
  if (!changed) throw new BookingStateError()
  return bookingRowToBooking(await requireBooking(deps, viewer, id))
}

/** Cancels a booking (the enterprise or staff); the slot is free again. @throws BookingStateError */
export async function cancelBooking(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<Booking> {
  const viewer = await viewerOf(deps.db, actor)
  const row = await requireBooking(deps, viewer, id)
  if (viewer.enterpriseId !== row.enterprise_id && !isStaff(viewer)) throw new ForbiddenError()
  const changed = await repo.updateBookingFromStatus(deps.db, actor, id, { status: 'cancelled', cancelled_at: now })
  if (!changed) throw new BookingStateError()
  return bookingRowToBooking(await requireBooking(deps, viewer, id))
}
