import type { DbOrTrx } from '../../db/database.ts'
import { currentHomeOf } from '../housing/index.ts'
import { findGridWorkerFor } from './isolation-orders.repository.ts'

/** Home isolation and centralised isolation last 14 days unless released earlier. */
export const ISOLATION_DAYS = 14

/**
 * Opens an isolation order for a person; when one is already open it is kept (a red code on a
 * person in home isolation upgrades the order to centralised).
 * @returns the open order's id and whether this call opened it
 */
export async function openIsolationOrder(
  db: DbOrTrx,
  input: {
    personId: string
    areaId: string
    kind: 'home' | 'centralised'
    source: 'gate' | 'manual'
    passageId?: string
    address?: string | null
    responsibleAccountId?: string | null
    now: Date
  },
): Promise<{ id: string; opened: boolean }> {
  const endsAt = new Date(input.now.getTime() + ISOLATION_DAYS * 24 * 3600 * 1000)
  const inserted = await db
    .insertInto('isolation_order')
    .values({
      person_id: input.personId,
      area_id: input.areaId,
      kind: input.kind,
      status: 'open',
      source: input.source,
      passage_id: input.passageId ?? null,
      address: input.address ?? null,
      starts_at: input.now,
      ends_at: endsAt,
      responsible_account_id: input.responsibleAccountId ?? null,
      released_at: null,
      release_note: null,
    })
    .onConflict((oc) => oc.column('person_id').where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { id: inserted.id, opened: true }
  const open = await db
    .selectFrom('isolation_order')
    .select(['id', 'kind'])
    .where('person_id', '=', input.personId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow()
  if (open.kind === 'home' && input.kind === 'centralised') {
    await db.updateTable('isolation_order').set({ kind: 'centralised' }).where('id', '=', open.id).execute()
  }
  return { id: open.id, opened: false }
}

/**
 * Where a person opened into isolation at the gate is isolated, and who answers for it: the
 * property of their open occupancy (else the address on their record) and the grid worker of
 * that property's grid (else of the person's own area), by the rule of findGridWorkerFor.
 */
export async function placeOfIsolation(
  db: DbOrTrx,
  person: { id: string; area_id: string; address: string | null },
): Promise<{ address: string | null; responsibleAccountId: string | null }> {
  const home = await currentHomeOf(db, person.id)
  const worker = await findGridWorkerFor(db, home?.area_id ?? person.area_id)
  return { address: home?.address ?? person.address, responsibleAccountId: worker?.id ?? null }
}
