import { createHash, randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import { AuthRequiredError, ForbiddenError } from '../../errors.ts'

/** What an external system may do with its token. */
export type ApiClientScope = 'health_status'

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * Registers an external system (a provincial health-code platform) for an area.
 * @returns the bearer token: shown once, only its hash is stored
 */
export async function createApiClient(
  db: Db,
  input: { name: string; areaId: string; scope: ApiClientScope },
): Promise<{ id: string; token: string }> {
  const token = `glk_${randomBytes(24).toString('base64url')}`
  const row = await db
    .insertInto('api_client')
    .values({ name: input.name, area_id: input.areaId, scope: input.scope, token_hash: hashToken(token) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, token }
}

/**
 * The scope of the API client behind `Authorization: Bearer …`.
 * @throws AuthRequiredError without a valid token; ForbiddenError for another scope
 */
export async function authenticateApiClient(db: Db, request: FastifyRequest, scope: ApiClientScope): Promise<Scope & { clientId: string }> {
  const header = request.headers.authorization ?? ''
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
  if (!token) throw new AuthRequiredError()
  const client = await db
    .selectFrom('api_client')
    .innerJoin('area', 'area.id', 'api_client.area_id')
    .select(['api_client.id', 'api_client.scope', 'area.path'])
    .where('api_client.token_hash', '=', hashToken(token))
    .where('api_client.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!client) throw new AuthRequiredError()
  if (client.scope !== scope) throw new ForbiddenError()
  return { areaPath: client.path, clientId: client.id }
}
