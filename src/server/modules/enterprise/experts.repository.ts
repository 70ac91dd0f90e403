import type { Insertable } from 'kysely'
import type { ExpertField } from '../../../shared/schemas/enterprise-problem.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, selectServingScope, updateInScope, type Scope } from '../../db/scope.ts'
import type { ExpertBookingTable, ExpertConsultationTable, ExpertSlotTable } from './enterprise.table.ts'
import { selectForViewer, type Viewer } from './viewer.ts'
import { anyOf } from '../../db/any.ts'

/** Slots offered to the scope's area (teams at its node or above), with whether each is taken. */
function selectSlots(db: DbOrTrx, scope: Scope) {
  return selectServingScope(db, scope, 'expert_slot')
    .innerJoin('service_team as team', 'team.id', 'expert_slot.team_id')
    .innerJoin('service_team_member as member', 'member.id', 'expert_slot.member_id')
    .selectAll('expert_slot')
    .select([
      'team.name as team_name',
      'team.field',
      'member.name as expert_name',
      'member.title as expert_title',
      'member.account_id as expert_account_id',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('expert_booking as b')
            .select('b.id')
            .whereRef('b.slot_id', '=', 'expert_slot.id')
            .where('b.status', '<>', 'cancelled'),
        )
        .as('booked'),
    )
}
export type SlotRow = NonNullable<Awaited<ReturnType<typeof findSlot>>>

export function findSlot(db: DbOrTrx, scope: Scope, id: string) {
  return selectSlots(db, scope).where('expert_slot.id', '=', id).executeTakeFirst()
}

export interface SlotFilter {
  field?: ExpertField
  teamId?: string
  available?: boolean
  from?: Date
  to?: Date
  limit?: number
}

export function listSlots(db: DbOrTrx, scope: Scope, filter: SlotFilter) {
  let query = selectSlots(db, scope)
  if (filter.field) query = query.where('team.field', '=', filter.field)
  if (filter.teamId) query = query.where('expert_slot.team_id', '=', filter.teamId)
  if (filter.from) query = query.where('expert_slot.starts_at', '>=', filter.from)
  if (filter.to) query = query.where('expert_slot.starts_at', '<', filter.to)
  if (filter.available !== undefined) {
    query = query.where((eb) => {
      const taken = eb.exists(
        eb
          .selectFrom('expert_booking as b')
          .select('b.id')
          .whereRef('b.slot_id', '=', 'expert_slot.id')
          .where('b.status', '<>', 'cancelled'),
      )
      return filter.available ? eb.not(taken) : taken
    })
  }
  return query
    .orderBy('expert_slot.starts_at')
    .orderBy('expert_slot.id')
    .limit(filter.limit ?? 500)
    .execute()
}

export function insertSlot(db: DbOrTrx, row: Insertable<ExpertSlotTable>) {
  return db.insertInto('expert_slot').values(row).returning('id').executeTakeFirstOrThrow()
}

/** Fails with a unique violation (expert_booking_one_per_slot) when the slot is taken. */
export function insertBooking(db: DbOrTrx, row: Insertable<ExpertBookingTable>) {
  return db.insertInto('expert_booking').values(row).returning('id').executeTakeFirstOrThrow()
}

function selectBookings(db: DbOrTrx, viewer: Viewer) {
  return selectForViewer(db, viewer, 'expert_booking')
    .innerJoin('expert_slot as slot', 'slot.id', 'expert_booking.slot_id')
    .innerJoin('service_team as team', 'team.id', 'slot.team_id')
    .innerJoin('service_team_member as member', 'member.id', 'slot.member_id')
    .innerJoin('enterprise', 'enterprise.id', 'expert_booking.enterprise_id')
    .selectAll('expert_booking')
    .select([
      'slot.team_id',
      'slot.member_id',
      'slot.starts_at',
      'slot.ends_at',
      'slot.mode',
      'team.name as team_name',
      'team.field',
      'member.name as expert_name',
      'member.title as expert_title',
      'member.account_id as expert_account_id',
      'enterprise.name as enterprise_name',
    ])
}
export type BookingRow = NonNullable<Awaited<ReturnType<typeof findBooking>>>

export function findBooking(db: DbOrTrx, viewer: Viewer, id: string) {
  return selectBookings(db, viewer).where('expert_booking.id', '=', id).executeTakeFirst()
}

/** Bookings in the viewer's reach; `expertAccountId` narrows to one expert's visits. */
export function listBookings(
  db: DbOrTrx,
  viewer: Viewer,
  filter: { status?: ExpertBookingTable['status']; expertAccountId?: string },
  limit: number,
  offset: number,
) {
  let query = selectBookings(db, viewer)
  if (filter.status) query = query.where('expert_booking.status', '=', filter.status)
  if (filter.expertAccountId) query = query.where('member.account_id', '=', filter.expertAccountId)
  return query.orderBy('slot.starts_at', 'desc').orderBy('expert_booking.id').limit(limit).offset(offset).execute()
}

/** Moves a booking on from the status read (booked → visited or cancelled); 0 when it changed meanwhile. */
export async function updateBookingFromStatus(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  changes: { status: 'visited' | 'cancelled'; visit_record?: string; visited_at?: Date; cancelled_at?: Date },
): Promise<number> {
  const result = await updateInScope(db, scope, 'expert_booking')
    .set(changes)
    .where('expert_booking.id', '=', id)
    .where('expert_booking.status', '=', 'booked')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export function insertConsultation(db: DbOrTrx, row: Insertable<ExpertConsultationTable>) {
  return db.insertInto('expert_consultation').values(row).returning('id').executeTakeFirstOrThrow()
}

function selectConsultations(db: DbOrTrx, viewer: Viewer) {
  return selectForViewer(db, viewer, 'expert_consultation')
    .innerJoin('enterprise', 'enterprise.id', 'expert_consultation.enterprise_id')
    .selectAll('expert_consultation')
    .select('enterprise.name as enterprise_name')
}
export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>

export function findConsultation(db: DbOrTrx, viewer: Viewer, id: string) {
  return selectConsultations(db, viewer).where('expert_consultation.id', '=', id).executeTakeFirst()
}

export function listConsultations(db: DbOrTrx, viewer: Viewer, limit: number) {
  return selectConsultations(db, viewer).orderBy('expert_consultation.scheduled_at', 'desc').limit(limit).execute()
}

/** The experts of some consultations, with their team. */
export function listConsultationMembers(db: DbOrTrx, consultationIds: string[]) {
  if (!consultationIds.length) return Promise.resolve([])
  return db
    .selectFrom('expert_consultation_member as cm')
    .innerJoin('service_team_member as m', 'm.id', 'cm.member_id')
    .innerJoin('service_team as t', 't.id', 'm.team_id')
    .select(['cm.consultation_id', 'm.id', 'm.name', 'm.title', 'm.account_id', 't.name as team_name'])
    .where('cm.consultation_id', '=', anyOf(consultationIds, 'uuid'))
    .execute()
}

export function listPanelActions(db: DbOrTrx, consultationIds: string[]) {
  if (!consultationIds.length) return Promise.resolve([])
  return db
    .selectFrom('expert_panel_action as a')
    .leftJoin('account', 'account.id', 'a.owner_account_id')
    .select(['a.id', 'a.consultation_id', 'a.description', 'a.due_on', 'account.display_name as owner_name'])
    .where('a.consultation_id', '=', anyOf(consultationIds, 'uuid'))
    .orderBy('a.id')
    .execute()
}

/** Concludes a consultation still scheduled; 0 when someone concluded it meanwhile. */
export async function concludeConsultation(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  changes: { notes: string | null; conclusion: string; concluded_by: string; concluded_at: Date },
): Promise<number> {
  const result = await updateInScope(db, scope, 'expert_consultation')
    .set({ ...changes, status: 'concluded' })
    .where('expert_consultation.id', '=', id)
    .where('expert_consultation.status', '=', 'scheduled')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Whether the enterprise's bookings in scope exist (for tests and the portal's counters). */
export function countBookingsOfSlot(db: DbOrTrx, scope: Scope, slotId: string) {
  return selectInScope(db, scope, 'expert_booking')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('expert_booking.slot_id', '=', slotId)
    .where('expert_booking.status', '<>', 'cancelled')
    .executeTakeFirstOrThrow()
}
