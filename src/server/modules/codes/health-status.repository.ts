import { sql } from 'kysely'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { HealthStatusEventTable } from './codes.table.ts'
import type { Insertable } from 'kysely'

/** SQL of colours and their history. Arrays go in as one parameter (= ANY), so a 20,000-row file stays one query. */

/** People in scope with one of these ID blind indexes (any document type: the caller matches the type). */
export function findPeopleByIdIndexes(db: DbOrTrx, scope: Scope, indexes: string[]) {
  return selectInScope(db, scope, 'person')
    .select(['person.id', 'person.area_id', 'person.id_type', 'person.id_number_index'])
    .where(sql<boolean>`person.id_number_index = ANY(${indexes}::text[])`)
    .execute()
}

/**
 * Locks the people whose colour is about to change, in id order (two writers never wait on each
 * other crosswise), so the colour read next is the one the change replaces.
 */
export async function lockPeople(trx: DbOrTrx, personIds: string[]): Promise<void> {
  await trx.selectFrom('person').select('id').where(sql<boolean>`id = ANY(${personIds}::uuid[])`).orderBy('id').forNoKeyUpdate().execute()
}

export async function currentColours(db: DbOrTrx, personIds: string[]): Promise<Map<string, HealthColour>> {
  const rows = await db
    .selectFrom('health_status')
    .select(['person_id', 'colour'])
    .where(sql<boolean>`person_id = ANY(${personIds}::uuid[])`)
    .execute()
  return new Map(rows.map((r) => [r.person_id, r.colour]))
}

/** Writes the new colours (one row per person; the caller passes each person once). */
export async function upsertColours(
  trx: DbOrTrx,
  rows: { personId: string; colour: HealthColour }[],
  source: HealthStatusEventTable['source'],
  accountId: string | null,
  now: Date,
): Promise<void> {
  if (!rows.length) return
  await trx
    .insertInto('health_status')
    .values(rows.map((r) => ({ person_id: r.personId, colour: r.colour, source, updated_at: now, updated_by: accountId })))
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet((eb) => ({
        colour: eb.ref('excluded.colour'),
        source: eb.ref('excluded.source'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_by: eb.ref('excluded.updated_by'),
      })),
    )
    .execute()
}

export async function insertEvents(trx: DbOrTrx, rows: Insertable<HealthStatusEventTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('health_status_event').values(rows).execute()
}

/** Revokes the unexpired health codes of people whose colour changed: a green code stops opening gates once yellow. */
export async function revokeHealthCodesOf(trx: DbOrTrx, personIds: string[], now: Date): Promise<void> {
  if (!personIds.length) return
  await trx
    .updateTable('issued_code')
    .set({ revoked_at: now, revoke_reason: 'STATUS_CHANGED' })
    .where(sql<boolean>`person_id = ANY(${personIds}::uuid[])`)
    .where('kind', '=', 'health')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
}

/** A person's colour changes, newest first, with the names of who made them. */
export function listEvents(db: DbOrTrx, personId: string, limit: number) {
  return db
    .selectFrom('health_status_event as e')
    .leftJoin('account', 'account.id', 'e.account_id')
    .leftJoin('api_client', 'api_client.id', 'e.api_client_id')
    .select([
      'e.id',
      'e.at',
      'e.from_colour',
      'e.to_colour',
      'e.source',
      'e.file_name',
      'e.line',
      'e.reason',
      'account.display_name',
      'api_client.name as client_name',
    ])
    .where('e.person_id', '=', personId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id')
    .limit(limit)
    .execute()
}

/** A person's health codes, newest first, with who revoked one by hand. */
export function listHealthCodes(db: DbOrTrx, personId: string, limit: number) {
  return db
    .selectFrom('issued_code')
    .leftJoin('account', 'account.id', 'issued_code.revoked_by')
    .select([
      'issued_code.cti',
      'issued_code.colour',
      'issued_code.issued_at',
      'issued_code.expires_at',
      'issued_code.revoked_at',
      'issued_code.revoke_reason',
      'account.display_name as revoked_by_name',
    ])
    .where('issued_code.person_id', '=', personId)
    .where('issued_code.kind', '=', 'health')
    .orderBy('issued_code.issued_at', 'desc')
    .limit(limit)
    .execute()
}
