import { randomUUID } from 'node:crypto'
import { normalizeIdNumber } from '../../../shared/id-document.ts'
import type { HealthStatusSource } from '../../../shared/schemas/codes.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import { INDEX_ID } from '../people/person.service.ts'
import {
  currentColours,
  findPeopleByIdIndexes,
  insertEvents,
  lockPeople,
  revokeHealthCodesOf,
  upsertColours,
} from './health-status.repository.ts'

export type { HealthStatusSource }

/** Who a batch of colour changes comes from; it goes into every history row. */
export interface ColourOrigin {
  source: HealthStatusSource
  accountId: string | null
  apiClientId?: string | null
  batchId?: string | null
  fileName?: string | null
}

/** One person's new colour; line and reason when an import row or an officer gave them. */
export interface ColourChange {
  personId: string
  colour: HealthColour
  line?: number
  reason?: string | null
}

/** How many people one statement handles: keeps each insert under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000

/**
 * Records colours from the health authority, each person once, inside the caller's transaction.
 * A changed colour writes a history row and revokes the person's unexpired health codes, so a
 * code printed while green stops opening gates once yellow. The same colour again changes nothing.
 * @returns the ids of people whose colour changed
 */
export async function applyHealthStatuses(trx: DbOrTrx, changes: ColourChange[], origin: ColourOrigin, now: Date): Promise<Set<string>> {
  const changed = new Set<string>()
  for (let start = 0; start < changes.length; start += CHUNK) {
    const chunk = changes.slice(start, start + CHUNK)
    const ids = chunk.map((c) => c.personId)
    await lockPeople(trx, ids)
    const before = await currentColours(trx, ids)
    const moving = chunk.filter((c) => before.get(c.personId) !== c.colour)
    if (!moving.length) continue
    await upsertColours(trx, moving, origin.source, origin.accountId, now)
    await insertEvents(
      trx,
      moving.map((c) => ({
        person_id: c.personId,
        from_colour: before.get(c.personId) ?? null,
        to_colour: c.colour,
        source: origin.source,
        account_id: origin.accountId,
        api_client_id: origin.apiClientId ?? null,
        batch_id: origin.batchId ?? null,
        file_name: origin.fileName ?? null,
        line: c.line ?? null,
        reason: c.reason ?? null,
        at: now,
      })),
    )
    await revokeHealthCodesOf(
      trx,
      moving.map((c) => c.personId),
      now,
    )
    for (const c of moving) changed.add(c.personId)
  }
  return changed
}

/**
 * A health officer sets one person's colour, with the reason the history keeps.
 * @returns whether the colour changed
 * @throws NotFoundError outside scope
 */
export async function setHealthStatus(
  deps: Deps,
  actor: Actor,
  personId: string,
  input: { colour: HealthColour; reason: string },
  now = new Date(),
) {
  return deps.db.transaction().execute(async (trx) => {
    const person = await findPersonById(trx, actor, personId)
    if (!person) throw new NotFoundError('person')
    const changed = await applyHealthStatuses(
      trx,
      [{ personId: person.id, colour: input.colour, reason: input.reason }],
      { source: 'officer', accountId: actor.account.id },
      now,
    )
    await recordAudit(trx, actor, 'update', 'health_status', [{ id: person.id, areaId: person.area_id }])
    return { changed: changed.size > 0 }
  })
}

/** A person identified by ID document, as a list or a push names them. */
export interface DocumentKey {
  idType: string
  idNumber: string
}

/**
 * Finds the people of a list in the scope by document type and blind index.
 * @returns for each key, the person (id, area) or undefined
 */
export async function resolvePeople(deps: Deps, db: DbOrTrx, scope: Scope, keys: DocumentKey[]) {
  const indexes = keys.map((k) => deps.cipher.blindIndex(INDEX_ID, normalizeIdNumber(k.idNumber)))
  const found = new Map<string, { id: string; area_id: string }>()
  for (let start = 0; start < indexes.length; start += 5000) {
    for (const p of await findPeopleByIdIndexes(db, scope, [...new Set(indexes.slice(start, start + 5000))]))
      found.set(`${p.id_type}|${p.id_number_index}`, p)
  }
  return keys.map((k, i) => found.get(`${k.idType}|${indexes[i]}`))
}

/**
 * An external health system pushes colours through its API client, in one transaction. A person
 * named twice takes the last colour. The history names the client.
 * @returns counts, and the indexes of items whose person is not in the client's area
 */
export async function pushHealthStatuses(
  deps: Deps,
  client: Scope & { clientId: string },
  items: (DocumentKey & { colour: HealthColour })[],
  now = new Date(),
) {
  return deps.db.transaction().execute(async (trx) => {
    const people = await resolvePeople(deps, trx, client, items)
    const notFound: number[] = []
    const last = new Map<string, ColourChange>()
    items.forEach((item, index) => {
      const person = people[index]
      if (person) last.set(person.id, { personId: person.id, colour: item.colour })
      else notFound.push(index)
    })
    const changed = await applyHealthStatuses(
      trx,
      [...last.values()],
      { source: 'api', accountId: null, apiClientId: client.clientId, batchId: randomUUID() },
      now,
    )
    return { updated: changed.size, unchanged: items.length - notFound.length - changed.size, notFound }
  })
}
