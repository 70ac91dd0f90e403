import { parseCsv } from '../area/csv.ts'
import { ImportFormatError } from './housing.errors.ts'
import { isZip, readXlsx } from './xlsx.ts'
import { ZipTooLargeError } from '../../files/zip-reader.ts'

/**
 * Reads an uploaded table: an Excel workbook (.xlsx) or a CSV file. CSV from Excel's "CSV UTF-8"
 * is UTF-8 with a BOM; Excel's plain "CSV" on a Chinese system is GB18030, so text that is not
 * valid UTF-8 is read as GB18030.
 * @returns rows of cells, trimmed; trailing empty rows dropped
 * @throws ImportFormatError when the file is neither, or a workbook unpacks past XLSX_LIMITS
 */
export function readTable(bytes: Buffer): string[][] {
  let rows: string[][]
  if (isZip(bytes)) {
    try {
      rows = readXlsx(bytes)
    } catch (error) {
      if (error instanceof ZipTooLargeError) throw new ImportFormatError('the workbook unpacks to more than an import may hold')
      throw new ImportFormatError('not a readable .xlsx workbook')
    }
  } else {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      text = new TextDecoder('gb18030').decode(bytes)
    }
    if (text.includes('\u0000')) throw new ImportFormatError('binary file')
    rows = parseCsv(text)
  }
  const trimmed = rows.map((row) => row.map((cell) => cell.trim()))
  while (trimmed.length && trimmed[trimmed.length - 1]!.every((cell) => cell === '')) trimmed.pop()
  return trimmed
}

/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas. */
function csvField(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  // A cell starting with = + - @ runs as a formula in Excel: prefix it so it stays text.
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Writes rows as CSV with a BOM, so Excel opens the Chinese text as UTF-8. */
export function writeCsv(rows: (string | number | null)[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}
