import type { z } from 'zod'
import type { landlordAccountInputSchema, Notice } from '../../../shared/schemas/housing.ts'
import { hashPassword } from '../../crypto/password.ts'
import { selectInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import { LandlordRequiredError } from './housing.errors.ts'
import * as repo from './property.repository.ts'

/**
 * Landlord accounts (signed in with their mobile number) and the notices they receive: tenants
 * waiting for review, escort calls from the gate, their applications' outcomes.
 */

/**
 * Opens a landlord account for a person of the actor's area and links it to that person, who is
 * marked as a landlord.
 * @throws LandlordRequiredError (HOUSING_LANDLORD_NOT_FOUND) outside the scope; a taken username is a 409
 */
export async function createLandlordAccount(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof landlordAccountInputSchema>,
): Promise<{ id: string }> {
  const person = await findPersonById(deps.db, actor, input.personId)
  if (!person) throw new LandlordRequiredError('HOUSING_LANDLORD_NOT_FOUND')
  const passwordHash = await hashPassword(input.password)
  return deps.db.transaction().execute(async (trx) => {
    const account = await trx
      .insertInto('account')
      .values({
        username: input.username,
        display_name: `房东 ${person.name}`,
        password_hash: passwordHash,
        role: 'landlord',
        area_id: person.area_id,
        person_id: person.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx.updateTable('person').set({ is_landlord: true }).where('id', '=', person.id).execute()
    await recordAudit(trx, actor, 'create', 'account', [{ id: account.id, areaId: person.area_id }])
    return account
  })
}

function noticeRowToNotice(row: { id: string; kind: string; body: string; created_at: Date; read_at: Date | null }): Notice {
  return { id: row.id, kind: row.kind, body: row.body, createdAt: row.created_at.toISOString(), readAt: row.read_at?.toISOString() ?? null }
}

/** The notices addressed to the actor's account, or to the landlord person it acts for; newest first. */
export async function listMyNotices(deps: Deps, actor: Actor, limit = 100): Promise<Notice[]> {
  const personId = await repo.personOfAccount(deps.db, actor.account.id)
  const rows = await selectInScope(deps.db, actor, 'notification')
    .select(['notification.id', 'notification.kind', 'notification.body', 'notification.created_at', 'notification.read_at'])
    .where((eb) => {
      const mine = [eb('notification.recipient_account_id', '=', actor.account.id)]
      if (personId) mine.push(eb('notification.recipient_person_id', '=', personId))
      return eb.or(mine)
    })
    .orderBy('notification.created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map(noticeRowToNotice)
}

/** Marks the actor's notices read. */
export async function markNoticesRead(deps: Deps, actor: Actor, now = new Date()): Promise<void> {
  const personId = await repo.personOfAccount(deps.db, actor.account.id)
  await deps.db
    .updateTable('notification')
    .set({ read_at: now })
    .where('read_at', 'is', null)
    .where((eb) =>
      eb.or([eb('recipient_account_id', '=', actor.account.id), ...(personId ? [eb('recipient_person_id', '=', personId)] : [])]),
    )
    .execute()
}

/**
 * The platform outbox of the actor's area, newest first: with the embedded notifier this is
 * where one-time codes and other text messages wait (admins only).
 */
export async function listOutbox(deps: Deps, actor: Actor, limit: number): Promise<(Notice & { areaName: string })[]> {
  const rows = await selectInScope(deps.db, actor, 'notification')
    .innerJoin('area', 'area.id', 'notification.area_id')
    .select([
      'notification.id',
      'notification.kind',
      'notification.body',
      'notification.created_at',
      'notification.read_at',
      'area.name as area_name',
    ])
    .orderBy('notification.created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...noticeRowToNotice(r), areaName: r.area_name }))
}
