import { houseCodeLink } from '../../../shared/housing-link.ts'
import type { Poster } from '../../../shared/schemas/housing.ts'
import { POSTER_BATCH_MAX, type PosterBatch, type PosterBatchQuery } from '../../../shared/schemas/housing-posters.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { propertyFilterFor, requireProperty } from './access.ts'
import { NotAcceptingError } from './housing.errors.ts'
import * as repo from './property.repository.ts'
import { anyOf } from '../../db/any.ts'

/** The base phones reach (PUBLIC_URL, else the request's origin): the QR's link starts with it. */
export type PublicBase = string

/**
 * The poster of each property, with the landlords' numbers opened. Reading the numbers is
 * audited, once per landlord.
 */
async function postersOf(deps: Deps, actor: Actor, rows: repo.PropertyWithNames[], base: PublicBase): Promise<Poster[]> {
  const landlordIds = [...new Set(rows.map((r) => r.landlord_person_id))]
  const landlords = landlordIds.length
    ? await deps.db.selectFrom('person').select(['id', 'phone_enc', 'area_id']).where('id', '=', anyOf(landlordIds, 'uuid')).execute()
    : []
  if (landlords.length)
    await recordAudit(
      deps.db,
      actor,
      'read',
      'person',
      landlords.map((l) => ({ id: l.id, areaId: l.area_id })),
    )
  const phones = new Map(landlords.map((l) => [l.id, l.phone_enc ? deps.cipher.open(l.phone_enc) : null]))
  return rows.map((row) => ({
    propertyId: row.id,
    code: row.house_code!,
    link: houseCodeLink(base, row.house_code!),
    address: row.address,
    areaName: row.area_name,
    landlordName: row.landlord_name,
    landlordPhone: phones.get(row.landlord_person_id) ?? null,
    capacity: row.capacity,
    issuedAt: row.code_issued_at!.toISOString(),
    expiresAt: row.code_expires_at!.toISOString(),
  }))
}

/**
 * What the poster prints: the QR (the registration link around the signed code, under the
 * public base), the address and the landlord's contact.
 * @throws NotFoundError; NotAcceptingError when no valid code is issued
 */
export async function getPoster(deps: Deps, actor: Actor, id: string, base: PublicBase): Promise<Poster> {
  const row = await requireProperty(deps.db, actor, id)
  if (row.status !== 'code_issued' || !row.house_code || !row.code_issued_at || !row.code_expires_at) throw new NotAcceptingError()
  return (await postersOf(deps, actor, [row], base))[0]!
}

/**
 * A batch of posters to print at once: every property with a valid code under the area node
 * (a whole village), or the chosen ones; a landlord gets only their own. At most
 * POSTER_BATCH_MAX; `total` says how many matched.
 * @throws AREA_OUTSIDE_SCOPE for an area the actor does not see
 */
export async function listPosters(deps: Deps, actor: Actor, query: PosterBatchQuery, base: PublicBase): Promise<PosterBatch> {
  const filter: repo.PropertyFilter = await propertyFilterFor(deps.db, actor)
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  const ids = query.ids ? [...new Set(query.ids.toLowerCase().split(','))] : undefined
  const [rows, total] = await Promise.all([
    repo.listPosterProperties(deps.db, actor, filter, ids, POSTER_BATCH_MAX),
    repo.countPosterProperties(deps.db, actor, filter, ids),
  ])
  // A row whose code fields are missing cannot print; the lifecycle never leaves one, but skip it rather than print a broken QR.
  const printable = rows.filter((r) => r.house_code && r.code_issued_at && r.code_expires_at)
  return { items: await postersOf(deps, actor, printable, base), total }
}
