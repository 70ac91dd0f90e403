import { checkIdNumber, ID_DOCUMENT_TYPES, normalizeIdNumber, PHONE_PATTERN, type IdDocumentType } from '../../../shared/id-document.ts'
import { message, type Locale } from '../../../shared/messages.ts'
import type { ImportResult } from '../../../shared/schemas/housing.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { INDEX_ID, sealIdentity } from '../people/person.service.ts'
import { ImportFormatError } from './housing.errors.ts'
import { readTable } from './table-file.ts'
import { anyOf } from '../../db/any.ts'

/**
 * Bulk import of rental properties and their landlords from Excel or CSV, row by row: every
 * problem is reported with its line and column, and nothing is imported from a file with errors
 * unless the user asks for the valid rows. Imported properties wait for inspection (submitted).
 */

/** Accepted column names: the template's English keys or the Chinese headings villages use. */
const COLUMNS = {
  area_code: ['area_code', '区划代码'],
  address: ['address', '地址', '房屋地址'],
  rooms: ['rooms', '房间数'],
  beds: ['beds', '床位数'],
  capacity: ['capacity', '核定人数'],
  landlord_name: ['landlord_name', '房东姓名'],
  landlord_id_type: ['landlord_id_type', '证件类型'],
  landlord_id_number: ['landlord_id_number', '房东证件号码', '证件号码'],
  landlord_phone: ['landlord_phone', '房东手机号', '手机号'],
} as const
type Column = keyof typeof COLUMNS
const OPTIONAL: Column[] = ['landlord_id_type', 'landlord_phone']

/** The template's header row. */
export const IMPORT_TEMPLATE_HEADER = Object.keys(COLUMNS) as Column[]

interface Candidate {
  line: number
  areaId: string
  cityAreaId: string
  address: string
  rooms: number
  beds: number
  capacity: number
  landlordName: string
  idType: IdDocumentType
  idNumber: string
  idIndex: string
  phone: string | null
}

type RowError = ImportResult['errors'][number]

function headerMap(header: string[]): Map<Column, number> {
  const map = new Map<Column, number>()
  header.forEach((cell, index) => {
    const name = cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
    for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (aliases.includes(name) && !map.has(column)) map.set(column, index)
    }
  })
  const missing = IMPORT_TEMPLATE_HEADER.filter((c) => !OPTIONAL.includes(c) && !map.has(c))
  if (missing.length) throw new ImportFormatError(`missing columns: ${missing.join(', ')}`)
  return map
}

/**
 * Checks every row of a file and, unless told otherwise, imports them all or none.
 * @param options.validRowsOnly import the rows without errors even if others have errors
 * @param options.dryRun only check and report
 * @throws ImportFormatError when the file is not a table with the expected header
 */
export async function importProperties(
  deps: Deps,
  actor: Actor,
  file: Buffer,
  options: { validRowsOnly: boolean; dryRun: boolean; locale: Locale },
  now = new Date(),
): Promise<ImportResult> {
  const [header, ...body] = readTable(file)
  if (!header) throw new ImportFormatError('empty file')
  const columns = headerMap(header)
  const areas = await deps.db.selectFrom('area').select(['id', 'code', 'path']).where('path', 'like', `${actor.areaPath}%`).execute()
  const areaByCode = new Map(areas.map((a) => [a.code, a]))
  const cityCodes = [...new Set(areas.map((a) => a.path.split('/')[1]!))]
  const cities = cityCodes.length
    ? await deps.db.selectFrom('area').select(['id', 'code']).where('code', '=', anyOf(cityCodes, 'text')).execute()
    : []
  const cityByCode = new Map(cities.map((c) => [c.code, c.id]))

  const errors: RowError[] = []
  const fail = (line: number, field: Column, code: string) =>
    errors.push({ line, field, code, message: message(code, options.locale) ?? code })
  const candidates: Candidate[] = []
  const seen = new Set<string>()
  body.forEach((row, i) => {
    const line = i + 2
    if (row.every((cell) => cell === '')) return
    const cell = (column: Column) => (columns.has(column) ? (row[columns.get(column)!] ?? '').trim() : '')
    const before = errors.length
    const area = areaByCode.get(cell('area_code'))
    if (!cell('area_code')) fail(line, 'area_code', 'required')
    else if (!area) fail(line, 'area_code', 'housing.import_area')
    const address = cell('address').slice(0, 200)
    if (!address) fail(line, 'address', 'required')
    const numbers = (['rooms', 'beds', 'capacity'] as const).map((column) => {
      const value = Number(cell(column))
      if (!Number.isInteger(value) || value < 1 || value > 2000) fail(line, column, 'housing.import_number')
      return value
    })
    const landlordName = cell('landlord_name').slice(0, 50)
    if (!landlordName) fail(line, 'landlord_name', 'required')
    const idTypeText = cell('landlord_id_type') || 'resident_id'
    const idType = (ID_DOCUMENT_TYPES as readonly string[]).includes(idTypeText) ? (idTypeText as IdDocumentType) : null
    if (!idType) fail(line, 'landlord_id_type', 'id.format')
    const idNumber = normalizeIdNumber(cell('landlord_id_number'))
    if (!idNumber) fail(line, 'landlord_id_number', 'required')
    else if (idType) {
      const problem = checkIdNumber(idType, idNumber)
      if (problem) fail(line, 'landlord_id_number', `id.${problem}`)
    }
    const phone = cell('landlord_phone') || null
    if (phone && !PHONE_PATTERN.test(phone)) fail(line, 'landlord_phone', 'phone.format')
    const key = `${cell('area_code')}|${address}`
    if (address && seen.has(key)) fail(line, 'address', 'housing.import_duplicate')
    seen.add(key)
    if (errors.length > before || !area || !idType) return
    candidates.push({
      line,
      areaId: area.id,
      cityAreaId: cityByCode.get(area.path.split('/')[1]!)!,
      address,
      rooms: numbers[0]!,
      beds: numbers[1]!,
      capacity: numbers[2]!,
      landlordName,
      idType,
      idNumber,
      idIndex: deps.cipher.blindIndex(INDEX_ID, idNumber),
      phone,
    })
  })

  // Checks that need the database: the landlord's registered name, properties already there.
  const existingPeople = candidates.length
    ? await deps.db
        .selectFrom('person')
        .select(['id', 'name', 'city_area_id', 'id_type', 'id_number_index'])
        .where(
          'id_number_index',
          '=',
          anyOf(
            candidates.map((c) => c.idIndex),
            'text',
          ),
        )
        .execute()
    : []
  const personKey = (cityAreaId: string, idType: string, index: string) => `${cityAreaId}|${idType}|${index}`
  const people = new Map(existingPeople.map((p) => [personKey(p.city_area_id, p.id_type, p.id_number_index), p]))
  const existingProperties = candidates.length
    ? await deps.db
        .selectFrom('rental_property')
        .select(['area_id', 'address'])
        .where('area_id', '=', anyOf([...new Set(candidates.map((c) => c.areaId))], 'uuid'))
        .execute()
    : []
  const taken = new Set(existingProperties.map((p) => `${p.area_id}|${p.address}`))
  const valid = candidates.filter((c) => {
    const person = people.get(personKey(c.cityAreaId, c.idType, c.idIndex))
    if (person && person.name !== c.landlordName) fail(c.line, 'landlord_name', 'housing.import_landlord_name')
    else if (taken.has(`${c.areaId}|${c.address}`)) fail(c.line, 'address', 'housing.import_duplicate')
    else return true
    return false
  })
  errors.sort((a, b) => a.line - b.line)
  const rowsWithData = body.filter((row) => row.some((cell) => cell !== '')).length
  const report = (imported: number): ImportResult => ({ total: rowsWithData, imported, skipped: rowsWithData - imported, errors })
  if (options.dryRun || (errors.length && !options.validRowsOnly) || !valid.length) return report(0)

  await deps.db.transaction().execute(async (trx) => {
    const landlordIds = new Map<string, string>()
    for (const c of valid) {
      const key = personKey(c.cityAreaId, c.idType, c.idIndex)
      let personId = landlordIds.get(key) ?? people.get(key)?.id
      if (!personId) {
        const inserted = await trx
          .insertInto('person')
          .values({
            area_id: c.areaId,
            city_area_id: c.cityAreaId,
            name: c.landlordName,
            kind: 'resident',
            id_type: c.idType,
            ...sealIdentity(deps.cipher, c.idNumber, c.phone),
            is_landlord: true,
            created_by: actor.account.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        personId = inserted.id
        await recordAudit(trx, actor, 'import', 'person', [{ id: personId, areaId: c.areaId }])
      } else {
        await trx.updateTable('person').set({ is_landlord: true }).where('id', '=', personId).execute()
      }
      landlordIds.set(key, personId)
      const property = await trx
        .insertInto('rental_property')
        .values({
          area_id: c.areaId,
          landlord_person_id: personId,
          address: c.address,
          rooms: c.rooms,
          beds: c.beds,
          capacity: c.capacity,
          status: 'submitted',
          submitted_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('house_event')
        .values({
          property_id: property.id,
          area_id: c.areaId,
          account_id: actor.account.id,
          from_status: null,
          to_status: 'submitted',
          note: `import line ${c.line}`,
          at: now,
        })
        .execute()
      await recordAudit(trx, actor, 'import', 'rental_property', [{ id: property.id, areaId: c.areaId }])
    }
  })
  return report(valid.length)
}
