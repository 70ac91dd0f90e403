import { randomUUID } from 'node:crypto'
import { checkIdNumber, ID_DOCUMENT_TYPES, normalizeIdNumber, type IdDocumentType } from '../../../shared/id-document.ts'
import { message, type Locale } from '../../../shared/messages.ts'
import type { HealthImportReport } from '../../../shared/schemas/codes.ts'
import { HEALTH_COLOURS, type HealthColour } from '../../../shared/schemas/gate.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { readTable } from '../housing/index.ts'
import { HealthImportFormatError, HealthImportTooLargeError } from './codes.errors.ts'
import { applyHealthStatuses, resolvePeople, type ColourChange } from './health-status.service.ts'

/**
 * Bulk colour changes from a health office's list (CSV or Excel). All or nothing per file: every
 * row is checked first (format, the person in the officer's area, no one twice), and one error
 * anywhere leaves every colour as it was; the report names each line and column.
 */

/** Accepted column names: the template's keys or the Chinese headings a health office uses. */
const COLUMNS = {
  id_type: ['id_type', '证件类型'],
  id_number: ['id_number', '证件号码', '身份证号', '身份证号码'],
  colour: ['colour', 'color', '颜色', '健康码颜色', '赋码颜色'],
  reason: ['reason', '原因', '调整原因', '备注'],
} as const
type Column = keyof typeof COLUMNS

/** The template's header and an example row. */
export const HEALTH_IMPORT_TEMPLATE = [
  ['证件类型', '证件号码', '颜色', '原因'],
  ['居民身份证', '330382199001010015', '黄', '密接者，居家观察 14 天'],
]

/** The largest list one file may carry: the whole file is one transaction. */
export const HEALTH_IMPORT_MAX_ROWS = 20_000

const COLOUR_WORDS: Record<string, HealthColour> = {
  绿: 'green',
  绿码: 'green',
  绿色: 'green',
  黄: 'yellow',
  黄码: 'yellow',
  黄色: 'yellow',
  红: 'red',
  红码: 'red',
  红色: 'red',
}

/** Document names on Chinese lists, besides the type keys themselves. */
const ID_TYPE_WORDS: Record<string, IdDocumentType> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  护照: 'passport',
  港澳居民来往内地通行证: 'hk_macao_permit',
  港澳通行证: 'hk_macao_permit',
  回乡证: 'hk_macao_permit',
  台湾居民来往大陆通行证: 'taiwan_permit',
  台胞证: 'taiwan_permit',
  外国人永久居留身份证: 'foreign_permanent_id',
  其他: 'other',
  其他证件: 'other',
}

function readColour(text: string): HealthColour | null {
  const word = text.trim().toLowerCase()
  if ((HEALTH_COLOURS as readonly string[]).includes(word)) return word as HealthColour
  return COLOUR_WORDS[word] ?? null
}

function readIdType(text: string): IdDocumentType | null {
  if (!text) return 'resident_id'
  if ((ID_DOCUMENT_TYPES as readonly string[]).includes(text)) return text as IdDocumentType
  return ID_TYPE_WORDS[text] ?? null
}

function headerMap(header: string[]): Map<Column, number> {
  const map = new Map<Column, number>()
  header.forEach((cell, index) => {
    const name = cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
    for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if ((aliases as readonly string[]).includes(name) && !map.has(column)) map.set(column, index)
    }
  })
  const missing = (['id_number', 'colour'] as const).filter((c) => !map.has(c))
  if (missing.length) throw new HealthImportFormatError(missing)
  return map
}

interface Row {
  line: number
  idType: IdDocumentType
  idNumber: string
  colour: HealthColour
  reason: string | null
}

/**
 * Checks a colour list and, when every row is right (and not a dry run), applies it in one
 * transaction; each change's history names the file and line.
 * @throws HealthImportFormatError when the file is not a table with the needed columns
 */
export async function importHealthStatuses(
  deps: Deps,
  actor: Actor,
  file: Buffer,
  options: { fileName: string | null; dryRun: boolean; locale: Locale },
  now = new Date(),
): Promise<HealthImportReport> {
  const [header, ...body] = readTable(file)
  if (!header) throw new HealthImportFormatError(['id_number', 'colour'])
  const columns = headerMap(header)
  const filled = body.map((row, i) => ({ row, line: i + 2 })).filter(({ row }) => row.some((cell) => cell !== ''))
  if (filled.length > HEALTH_IMPORT_MAX_ROWS) throw new HealthImportTooLargeError(HEALTH_IMPORT_MAX_ROWS)

  const errors: HealthImportReport['errors'] = []
  const fail = (line: number, field: Column, code: string) =>
    errors.push({ line, field, code, message: message(code, options.locale) ?? code })
  const rows: Row[] = []
  for (const { row, line } of filled) {
    const cell = (column: Column) => (columns.has(column) ? (row[columns.get(column)!] ?? '').trim() : '')
    const before = errors.length
    const idType = readIdType(cell('id_type'))
    if (!idType) fail(line, 'id_type', 'codes.import_id_type')
    const idNumber = normalizeIdNumber(cell('id_number'))
    if (!idNumber) fail(line, 'id_number', 'required')
    else if (idType) {
      const problem = checkIdNumber(idType, idNumber)
      if (problem) fail(line, 'id_number', `id.${problem}`)
    }
    const colour = readColour(cell('colour'))
    if (!cell('colour')) fail(line, 'colour', 'required')
    else if (!colour) fail(line, 'colour', 'codes.import_colour')
    const reason = cell('reason').slice(0, 200) || null
    if (errors.length === before) rows.push({ line, idType: idType!, idNumber, colour: colour!, reason })
  }

  // The people, in the officer's area; each once per file (two lines for one person is a mistake, not an order).
  const people = await resolvePeople(deps, deps.db, actor, rows)
  const changes: ColourChange[] = []
  const seen = new Map<string, number>()
  rows.forEach((row, i) => {
    const person = people[i]
    if (!person) {
      fail(row.line, 'id_number', 'codes.import_unknown_person')
      return
    }
    if (seen.has(person.id)) {
      fail(row.line, 'id_number', 'codes.import_duplicate')
      return
    }
    seen.set(person.id, row.line)
    changes.push({ personId: person.id, colour: row.colour, line: row.line, reason: row.reason })
  })
  errors.sort((a, b) => a.line - b.line)
  const report = (applied: number, changed: number): HealthImportReport => ({ total: filled.length, applied, changed, errors })
  if (errors.length || options.dryRun || !changes.length) return report(0, 0)

  const changed = await deps.db.transaction().execute(async (trx) => {
    const origin = { source: 'import' as const, accountId: actor.account.id, batchId: randomUUID(), fileName: options.fileName }
    const result = await applyHealthStatuses(trx, changes, origin, now)
    await recordAudit(trx, actor, 'import', 'health_status', [{ id: null, areaId: actor.account.areaId }])
    return result
  })
  return report(changes.length, changed.size)
}
