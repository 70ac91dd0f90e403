import { strFromU8, strToU8, zipSync } from 'fflate'
import { readZipEntries, type ZipLimits } from '../../files/zip-reader.ts'

/**
 * The smallest Excel (.xlsx, Office Open XML) this module needs: one sheet of text and numbers
 * out, the first sheet's cell values in. Villages keep their lists in Excel; a whole
 * spreadsheet library for that would be most of the server's dependencies by size.
 */

export type Cell = string | number | null

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" }

function escapeXml(text: string): string {
  // Control characters other than tab and newline are not allowed in XML 1.0.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);|&#(\d+);|&#x([0-9a-fA-F]+);/g, (entity, _name, dec, hex) => {
    if (dec) return String.fromCodePoint(Number(dec))
    if (hex) return String.fromCodePoint(parseInt(hex, 16))
    return XML_ENTITIES[entity] ?? entity
  })
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** AA → 26. */
function columnIndex(name: string): number {
  let n = 0
  for (const ch of name) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/**
 * Writes rows as a one-sheet workbook; the first row is bold-free plain text like the rest.
 * @example writeXlsx('出租房', [['地址', '在住'], ['蛎灰窑 1 号', 11]])
 */
export function writeXlsx(sheetName: string, rows: Cell[][]): Uint8Array {
  const sheetRows = rows
    .map((row, r) => {
      const cells = row
        .map((value, c) => {
          if (value === null || value === '') return ''
          const ref = `${columnName(c)}${r + 1}`
          if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`
        })
        .join('')
      return `<row r="${r + 1}">${cells}</row>`
    })
    .join('')
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets><sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/styles.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
    ),
  }
  return zipSync(files, { level: 6 })
}

/** Whether bytes start like a zip archive (an .xlsx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

function textOf(xml: string): string {
  // Rich text has several <t> runs; phonetic guides (<rPh>) are not part of the value.
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '')
  return [...withoutPhonetic.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('')
}

/**
 * What an uploaded workbook may inflate to. The largest import (20 000 rows) is a sheet of a
 * few MB of XML; a 5 MB upload of zeros would otherwise inflate to 5 GB on the request's thread.
 */
export const XLSX_LIMITS: ZipLimits = { maxEntries: 2000, maxEntryBytes: 32 * 1024 * 1024, maxTotalBytes: 48 * 1024 * 1024 }

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/
const SHARED_STRINGS = 'xl/sharedStrings.xml'

/**
 * Reads the first sheet's values as text, row by row (numbers as Excel stores them, dates as
 * serial numbers). Empty rows in the middle stay as empty arrays so line numbers match Excel's.
 * Only the shared strings and that sheet are inflated, each within XLSX_LIMITS.
 * @throws Error when the archive has no worksheet; ZipFormatError, ZipTooLargeError
 */
export function readXlsx(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS): string[][] {
  let sheetName: string | undefined
  // First the directory only, to find the lowest-numbered sheet without inflating any.
  readZipEntries(
    bytes,
    (name) => {
      const n = SHEET.exec(name)?.[1]
      if (n !== undefined && (sheetName === undefined || Number(n) < Number(SHEET.exec(sheetName)![1]))) sheetName = name
      return false
    },
    limits,
  )
  if (!sheetName) throw new Error('no worksheet in the workbook')
  const files = readZipEntries(bytes, (name) => name === sheetName || name === SHARED_STRINGS, limits)
  const sharedXml = files.get(SHARED_STRINGS)
  const shared = sharedXml ? [...strFromU8(sharedXml).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]!)) : []
  const sheet = strFromU8(files.get(sheetName)!)
  const rows: string[][] = []
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNumber = Number(rowMatch[1]!.match(/\br="(\d+)"/)?.[1] ?? rows.length + 1)
    while (rows.length < rowNumber - 1) rows.push([])
    const row: string[] = []
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cellMatch[1]!
      const inner = cellMatch[2] ?? ''
      const ref = attributes.match(/\br="([A-Z]+)\d+"/)?.[1]
      const index = ref ? columnIndex(ref) : row.length
      const type = attributes.match(/\bt="(\w+)"/)?.[1]
      const raw = inner.match(/<v>([\s\S]*?)<\/v>/)?.[1]
      let value = ''
      if (type === 's') value = shared[Number(raw)] ?? ''
      else if (type === 'inlineStr') value = textOf(inner)
      else if (raw !== undefined) value = unescapeXml(raw)
      while (row.length < index) row.push('')
      row[index] = value
    }
    rows.push(row)
  }
  return rows
}
