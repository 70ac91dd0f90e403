import { createHash, randomBytes } from 'node:crypto'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, WHOLE_TREE } from '../../db/scope.ts'

/** Where the person's phone page lives in the web UI. */
export const SELF_SERVICE_PATH = '/self/'

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * Creates the person's phone-page link for a returnee or an isolation order. Only the hash is
 * stored; the link is shown once to the landlord or grid worker who passes it on.
 * @returns the path of the page, e.g. '/self/Zq3…'
 */
export async function createSelfServiceLink(
  db: DbOrTrx,
  input: { personId: string; areaId: string; returneeId?: string; isolationOrderId?: string; expiresAt: Date },
): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  await db
    .insertInto('self_service_link')
    .values({
      token_hash: hashToken(token),
      person_id: input.personId,
      area_id: input.areaId,
      returnee_id: input.returneeId ?? null,
      isolation_order_id: input.isolationOrderId ?? null,
      expires_at: input.expiresAt,
    })
    .execute()
  return SELF_SERVICE_PATH + token
}

/** The token of a phone-page path (`/self/<token>`), or null when the path is not one. */
export function selfServiceToken(path: string): string | null {
  return path.startsWith(SELF_SERVICE_PATH) ? path.slice(SELF_SERVICE_PATH.length) : null
}

/**
 * Revokes every live link of a returnee (before a new one is issued): the old page then answers
 * 410 "replaced" instead of still taking reports from whoever holds the old link.
 * @returns how many links were revoked
 */
export async function revokeReturneeLinks(db: DbOrTrx, returneeId: string, now: Date): Promise<number> {
  const revoked = await db
    .updateTable('self_service_link')
    .set({ revoked_at: now })
    .where('returnee_id', '=', returneeId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(revoked.numUpdatedRows)
}

/** Whether this token is a live (not revoked, not expired) link of the returnee. */
export async function isLiveReturneeLink(db: DbOrTrx, returneeId: string, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('self_service_link')
    .select('token_hash')
    .where('token_hash', '=', hashToken(token))
    .where('returnee_id', '=', returneeId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row !== undefined
}

/** The link's person, area, returnee and order, while it has not expired; `revoked_at` says whether a newer one replaced it. */
export function findSelfServiceLink(db: DbOrTrx, token: string, now: Date) {
  return selectInScope(db, WHOLE_TREE, 'self_service_link')
    .innerJoin('person', 'person.id', 'self_service_link.person_id')
    .select([
      'self_service_link.person_id',
      'self_service_link.area_id',
      'self_service_link.returnee_id',
      'self_service_link.isolation_order_id',
      'self_service_link.revoked_at',
      'person.name as person_name',
    ])
    .where('self_service_link.token_hash', '=', hashToken(token))
    .where('self_service_link.expires_at', '>', now)
    .executeTakeFirst()
}
