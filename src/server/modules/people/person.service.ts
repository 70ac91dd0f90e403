import { maskIdNumber, maskPhone, normalizeIdNumber, PHONE_PATTERN } from '../../../shared/id-document.ts'
import type { Person, PersonData, PersonListQuery, PersonUpdateData } from '../../../shared/schemas/person.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { DuplicatePersonError, IdNumberNeededError } from './person.errors.ts'
import * as repo from './person.repository.ts'
import type { PersonRow } from './person.table.ts'

const ENTITY = 'person'

/** Blind-index purposes: the same digits as an ID and as a phone hash differently. */
export const INDEX_ID = 'person.id_number'
export const INDEX_PHONE = 'person.phone'

function phoneDigits(phone: string): string {
  return phone.replace(/^\+86/, '')
}

/** Maps a row to what the API shows: identity masked. */
export function personRowToPerson(row: PersonRow & { area_name: string }, cipher: FieldCipher): Person {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    idType: row.id_type,
    idNumberMasked: maskIdNumber(cipher.open(row.id_number_enc)),
    phoneMasked: row.phone_enc ? maskPhone(cipher.open(row.phone_enc)) : null,
    origin: row.origin,
    employer: row.employer,
    address: row.address,
    stayedOverHoliday: row.stayed_over_holiday,
    isLandlord: row.is_landlord,
    areaId: row.area_id,
    areaName: row.area_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** The sealed columns and their blind indexes for an ID number and an optional phone. */
export function sealIdentity(cipher: FieldCipher, idNumber: string, phone: string | undefined | null) {
  return {
    id_number_enc: cipher.seal(idNumber),
    id_number_index: cipher.blindIndex(INDEX_ID, idNumber),
    phone_enc: phone ? cipher.seal(phoneDigits(phone)) : null,
    phone_index: phone ? cipher.blindIndex(INDEX_PHONE, phoneDigits(phone)) : null,
  }
}

/** The sealed columns for what the update gives; stored values stay when not given. */
function resealChanged(cipher: FieldCipher, existing: PersonRow, input: PersonUpdateData) {
  const idNumber = input.idNumber ?? cipher.open(existing.id_number_enc)
  const phone = input.phone ?? (existing.phone_enc ? cipher.open(existing.phone_enc) : null)
  return sealIdentity(cipher, idNumber, phone)
}

function isDuplicateIdError(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === 'person_city_id_unique' || !!e.message?.includes('person_city_id_unique'))
}

/**
 * Registers a resident or new resident in an area within the actor's scope.
 * @throws DuplicatePersonError when the ID number is registered in the same city
 */
export async function createPerson(deps: Deps, actor: Actor, input: PersonData): Promise<Person> {
  const { db, cipher } = deps
  try {
    return await db.transaction().execute(async (trx) => {
      const area = await requireAreaInScope(trx, actor, input.areaId)
      const { id } = await repo.insertPerson(trx, {
        area_id: area.id,
        city_area_id: area.cityAreaId,
        name: input.name,
        kind: input.kind,
        id_type: input.idType,
        ...sealIdentity(cipher, input.idNumber, input.phone),
        origin: input.origin ?? null,
        employer: input.employer ?? null,
        address: input.address ?? null,
        stayed_over_holiday: input.stayedOverHoliday,
        is_landlord: input.isLandlord,
        created_by: actor.account.id,
      })
      await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: area.id }])
      const row = await repo.findPersonById(trx, actor, id)
      return personRowToPerson(row!, cipher)
    })
  } catch (error) {
    if (isDuplicateIdError(error)) throw new DuplicatePersonError()
    throw error
  }
}

/**
 * Changes a person's record; the new area must also be within scope. An absent ID number or
 * phone keeps the stored one.
 * @throws NotFoundError outside scope; DuplicatePersonError
 */
export async function updatePerson(deps: Deps, actor: Actor, id: string, input: PersonUpdateData): Promise<Person> {
  const { db, cipher } = deps
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await repo.findPersonById(trx, actor, id)
      if (!existing) throw new NotFoundError(ENTITY)
      // A new document type needs its number: the stored one belongs to the old type.
      if (input.idNumber === undefined && input.idType !== existing.id_type) throw new IdNumberNeededError()
      const area = await requireAreaInScope(trx, actor, input.areaId)
      await repo.updatePerson(trx, actor, id, {
        area_id: area.id,
        city_area_id: area.cityAreaId,
        name: input.name,
        kind: input.kind,
        id_type: input.idType,
        ...resealChanged(cipher, existing, input),
        origin: input.origin ?? null,
        employer: input.employer ?? null,
        address: input.address ?? null,
        stayed_over_holiday: input.stayedOverHoliday,
        is_landlord: input.isLandlord,
        updated_at: new Date(),
      })
      await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: area.id }])
      return personRowToPerson((await repo.findPersonById(trx, actor, id))!, cipher)
    })
  } catch (error) {
    if (isDuplicateIdError(error)) throw new DuplicatePersonError()
    throw error
  }
}

/** Reads one person (masked); the read is audited. @throws NotFoundError outside scope */
export async function getPerson(deps: Deps, actor: Actor, id: string): Promise<Person> {
  const row = await repo.findPersonById(deps.db, actor, id)
  if (!row) throw new NotFoundError(ENTITY)
  await recordAudit(deps.db, actor, 'read', ENTITY, [{ id: row.id, areaId: row.area_id }])
  return personRowToPerson(row, deps.cipher)
}

/** The full ID number and phone, for roles that need them; audited as a reveal. */
export async function revealIdentity(deps: Deps, actor: Actor, id: string) {
  const row = await repo.findPersonById(deps.db, actor, id)
  if (!row) throw new NotFoundError(ENTITY)
  await recordAudit(deps.db, actor, 'reveal', ENTITY, [{ id: row.id, areaId: row.area_id }])
  return {
    idType: row.id_type,
    idNumber: deps.cipher.open(row.id_number_enc),
    phone: row.phone_enc ? deps.cipher.open(row.phone_enc) : null,
  }
}

/** Finds a person by ID document through the blind index. @throws NotFoundError */
export async function lookupPerson(deps: Deps, actor: Actor, idType: string, idNumber: string): Promise<Person> {
  const index = deps.cipher.blindIndex(INDEX_ID, normalizeIdNumber(idNumber))
  const row = await repo.findPersonByIdIndex(deps.db, actor, idType, index)
  if (!row) throw new NotFoundError(ENTITY)
  await recordAudit(deps.db, actor, 'read', ENTITY, [{ id: row.id, areaId: row.area_id }])
  return personRowToPerson(row, deps.cipher)
}

/**
 * Lists people in scope. A query that looks like an ID number or phone is matched exactly
 * through the blind index; anything else is a name prefix. The page is audited as one row naming everyone listed.
 */
export async function listPeople(deps: Deps, actor: Actor, query: PersonListQuery) {
  const { db, cipher } = deps
  const filter: repo.PersonFilter = { kind: query.kind }
  if (query.areaId) {
    const area = await requireAreaInScope(db, actor, query.areaId)
    filter.areaPath = area.path
  }
  if (query.q) {
    const q = normalizeIdNumber(query.q)
    if (/^[0-9X]{15,18}$/.test(q) || /^[A-Z0-9]{8,17}$/.test(q) || PHONE_PATTERN.test(q)) {
      filter.identityIndexes = [cipher.blindIndex(INDEX_ID, q), cipher.blindIndex(INDEX_PHONE, phoneDigits(q))]
    } else {
      filter.namePrefix = query.q
    }
  }
  const [rows, total] = await Promise.all([
    repo.listPeople(db, actor, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countPeople(db, actor, filter),
  ])
  // one summary row for the page; the search text itself is kept out (queryShape)
  await recordAudit(
    db,
    actor,
    'list',
    ENTITY,
    rows.map((r) => ({ id: r.id, areaId: r.area_id })),
    { query },
  )
  return { items: rows.map((r) => personRowToPerson(r, cipher)), total, page: query.page, pageSize: query.pageSize }
}

/** Removes a person (retention purge or a registration made in error). @throws NotFoundError */
export async function deletePerson(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.deletePerson(trx, actor, id)
    if (!row) throw new NotFoundError(ENTITY)
    await recordAudit(trx, actor, 'delete', ENTITY, [{ id, areaId: row.area_id }])
  })
}
