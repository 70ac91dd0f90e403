import { normalizeIdNumber } from '../../../shared/id-document.ts'
import { healthStatusPushItemSchema } from '../../../shared/schemas/codes.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { parseCsv } from '../area/csv.ts'
import { findPersonById, findPersonByIdIndex } from '../people/person.repository.ts'
import { INDEX_ID } from '../people/person.service.ts'

export type HealthStatusSource = 'officer' | 'import' | 'api'

/**
 * Records a person's colour from the health authority. A changed colour revokes the person's
 * unexpired health codes, so a code printed while green stops opening gates once yellow.
 * @returns whether the colour changed
 */
export async function applyHealthStatus(
  trx: DbOrTrx,
  person: { id: string; area_id: string },
  colour: HealthColour,
  source: HealthStatusSource,
  accountId: string | null,
  now: Date,
): Promise<boolean> {
  const previous = await trx.selectFrom('health_status').select('colour').where('person_id', '=', person.id).executeTakeFirst()
  if (previous?.colour === colour) return false
  await trx
    .insertInto('health_status')
    .values({ person_id: person.id, colour, source, updated_at: now, updated_by: accountId })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ colour, source, updated_at: now, updated_by: accountId }))
    .execute()
  await trx
    .updateTable('issued_code')
    .set({ revoked_at: now, revoke_reason: 'STATUS_CHANGED' })
    .where('person_id', '=', person.id)
    .where('kind', '=', 'health')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
  return true
}

/** A health officer sets one person's colour in the UI. @throws NotFoundError outside scope */
export async function setHealthStatus(deps: Deps, actor: Actor, personId: string, colour: HealthColour, now = new Date()) {
  await deps.db.transaction().execute(async (trx) => {
    const person = await findPersonById(trx, actor, personId)
    if (!person) throw new NotFoundError('person')
    await applyHealthStatus(trx, person, colour, 'officer', actor.account.id, now)
    await recordAudit(trx, actor, 'update', 'health_status', [{ id: person.id, areaId: person.area_id }])
  })
}

/** The current colour of a person in scope, or null when the authority has not said. */
export async function healthStatusOf(db: DbOrTrx, scope: Scope, personId: string) {
  const person = await findPersonById(db, scope, personId)
  if (!person) throw new NotFoundError('person')
  return (await db.selectFrom('health_status').selectAll().where('person_id', '=', personId).executeTakeFirst()) ?? null
}

interface StatusItem {
  idType: string
  idNumber: string
  colour: HealthColour
}

/**
 * Applies a batch of statuses identified by ID document, in one transaction.
 * @returns counts, and the indexes of items whose person is not in the scope
 */
async function applyBatch(deps: Deps, scope: Scope, items: StatusItem[], source: HealthStatusSource, accountId: string | null, now: Date) {
  const notFound: number[] = []
  let updated = 0
  let unchanged = 0
  await deps.db.transaction().execute(async (trx) => {
    for (const [index, item] of items.entries()) {
      const blind = deps.cipher.blindIndex(INDEX_ID, normalizeIdNumber(item.idNumber))
      const person = await findPersonByIdIndex(trx, scope, item.idType, blind)
      if (!person) {
        notFound.push(index)
        continue
      }
      if (await applyHealthStatus(trx, person, item.colour, source, accountId, now)) updated++
      else unchanged++
    }
  })
  return { updated, unchanged, notFound }
}

/** An external health system pushes statuses through its API client. */
export function pushHealthStatuses(deps: Deps, scope: Scope, items: StatusItem[], now = new Date()) {
  return applyBatch(deps, scope, items, 'api', null, now)
}

/**
 * Imports statuses from CSV (id_type,id_number,colour). All or nothing: a bad row or an unknown
 * person and nothing changes; the report names each line.
 */
export async function importHealthStatusCsv(deps: Deps, actor: Actor, text: string, now = new Date()) {
  const records = parseCsv(text)
  const header = records.shift()?.map((h) => h.trim().toLowerCase()) ?? []
  const expected = ['id_type', 'id_number', 'colour']
  if (expected.some((h) => !header.includes(h))) {
    return { imported: 0, errors: [{ line: 1, field: 'header', message: `expected columns ${expected.join(',')}` }] }
  }
  const errors: { line: number; field: string; message: string }[] = []
  const items: (StatusItem & { line: number })[] = []
  records.forEach((record, i) => {
    if (record.every((cell) => cell.trim() === '')) return
    const cell = (name: string) => (record[header.indexOf(name)] ?? '').trim()
    const parsed = healthStatusPushItemSchema.safeParse({ idType: cell('id_type'), idNumber: cell('id_number'), colour: cell('colour') })
    if (parsed.success) items.push({ ...parsed.data, line: i + 2 })
    else for (const issue of parsed.error.issues) errors.push({ line: i + 2, field: issue.path.join('.'), message: issue.message })
  })
  if (errors.length) return { imported: 0, errors }
  // Check every person exists before changing anything.
  for (const item of items) {
    const blind = deps.cipher.blindIndex(INDEX_ID, normalizeIdNumber(item.idNumber))
    if (!(await findPersonByIdIndex(deps.db, actor, item.idType, blind))) {
      errors.push({ line: item.line, field: 'id_number', message: 'no such person in your area' })
    }
  }
  if (errors.length) return { imported: 0, errors }
  const result = await applyBatch(deps, actor, items, 'import', actor.account.id, now)
  await recordAudit(deps.db, actor, 'import', 'health_status', [{ id: null, areaId: actor.account.areaId }])
  return { imported: result.updated + result.unchanged, errors: [] }
}
