import { plainYuan } from '../../../shared/money.ts'

/**
 * The two files exchanged with the bank (layout documented in docs/SUBSIDIES.md). Pure: no
 * database, no clock, so the same rows always give the same bytes and the parser can be tested
 * line by line. UTF-8 without BOM, CRLF line ends, a header row, RFC 4180 quoting.
 */

export const PAYMENT_FILE_COLUMNS = [
  'instruction_id',
  'batch_number',
  'application_number',
  'payee_account_name',
  'payee_bank_name',
  'payee_account_no',
  'amount',
  'currency',
  'purpose',
] as const

export const RESULT_FILE_COLUMNS = ['instruction_id', 'status', 'bank_reference', 'failure_reason', 'settled_at'] as const
export type ResultColumn = (typeof RESULT_FILE_COLUMNS)[number]

/** One payment instruction: a subsidy_payment row with its application's payee. */
export interface PaymentLine {
  instructionId: string
  batchNumber: string
  applicationNumber: string
  payeeAccountName: string
  payeeBankName: string
  payeeAccountNo: string
  amountFen: number
  /** Policy code and title, e.g. "OH-2020-01 战“疫”专项贷款贴息". */
  purpose: string
}

/**
 * One field, quoted when RFC 4180 needs it (comma, quote, line break) or when leading or
 * trailing spaces would otherwise be trimmed by the reader. Quotes inside are doubled.
 * @example csvField('温州市"瓯海"眼镜,有限公司') // '"温州市""瓯海""眼镜,有限公司"'
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`
}

/**
 * The payment file of a batch. Rows are ordered by application number (then instruction id), so
 * the order the rows come in does not change the bytes.
 */
export function writePaymentFile(lines: readonly PaymentLine[]): string {
  const sorted = [...lines].sort((a, b) => compare(a.applicationNumber, b.applicationNumber) || compare(a.instructionId, b.instructionId))
  let out = csvRecord(PAYMENT_FILE_COLUMNS)
  for (const l of sorted) {
    out += csvRecord([
      l.instructionId,
      l.batchNumber,
      l.applicationNumber,
      l.payeeAccountName,
      l.payeeBankName,
      l.payeeAccountNo,
      plainYuan(l.amountFen),
      'CNY',
      l.purpose,
    ])
  }
  return out
}

/** Code-unit order, not locale order: the same in every runtime. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------------------------------------------------------------------------------------------
// Reading: a CSV record reader that remembers on which line each record starts.

export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted field may span lines). */
  line: number
  fields: string[]
  /** A quote in the middle of a field, text after a closing quote, or a quote never closed. */
  malformed: boolean
}

export interface BankFileError {
  line: number
  /** A result-file column, or `file` for the line as a whole. */
  field: string
  /** A key of shared/messages.ts. */
  code: string
}

/**
 * Splits CSV text into records: an optional UTF-8 BOM, CRLF, LF or CR line ends, quoted fields
 * with doubled quotes and line breaks. Blank lines are skipped but still counted.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false
  let afterQuote = false
  let malformed = false
  const endRecord = () => {
    fields.push(field)
    if (malformed || fields.some((f) => f.trim() !== '')) records.push({ line: start, fields, malformed })
    fields = []
    field = ''
    afterQuote = false
    malformed = false
  }
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
        afterQuote = true
      } else {
        if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) line++
        field += ch
      }
    } else if (ch === '"') {
      // A quote opens a field only at its start.
      if (field === '' && !afterQuote) quoted = true
      else malformed = true
    } else if (ch === ',') {
      fields.push(field)
      field = ''
      afterQuote = false
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && s[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else {
      if (afterQuote) malformed = true
      field += ch
    }
  }
  if (quoted) malformed = true
  if (field !== '' || fields.length || afterQuote || malformed) endRecord()
  return records
}

// ---------------------------------------------------------------------------------------------
// The bank's result file.

export type BankResultStatus = 'SUCCESS' | 'FAILED'

export interface BankResultLine {
  line: number
  instructionId: string
  status: BankResultStatus
  bankReference: string | null
  failureReason: string | null
  /** When the bank settled the payment; null when the file leaves it empty (import time is used). */
  settledAt: Date | null
}

export interface ParsedResultFile {
  lines: BankResultLine[]
  errors: BankFileError[]
  /** Data records read, good or bad (the header not counted). */
  rows: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_REFERENCE = 100
const MAX_REASON = 500

/**
 * Reads the bank's settlement time. With an offset or Z: as given. Without: China time
 * (UTC+8), which is what a Chinese bank writes. A bare date means 00:00 China time.
 * @example parseSettledAt('2020-03-02 15:30') // 2020-03-02T07:30:00.000Z
 */
export function parseSettledAt(text: string): Date | null {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', sec = '00', zone] = m
  if (zone && m[4] === undefined) return null
  const offset = !zone ? '+08:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${offset}`)
  if (Number.isNaN(date.getTime())) return null
  // Date accepts 2020-02-30 as 1 March: check the day survived.
  const local = new Date(date.getTime() + (offset === 'Z' ? 0 : offsetMinutes(offset) * 60_000)).toISOString()
  return local.slice(0, 10) === `${y}-${mo}-${d}` && Number(h) < 24 && Number(mi) < 60 && Number(sec) < 60 ? date : null
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
}

/**
 * Parses and checks the bank's result file line by line. A bad line becomes an error naming its
 * line and column and is left out; good lines are returned for the service to match against the
 * batch. Columns are found by their header name, so a bank that reorders them is still read.
 */
export function parseResultFile(text: string): ParsedResultFile {
  const records = readCsvRecords(text)
  const header = records.shift()
  const lines: BankResultLine[] = []
  const errors: BankFileError[] = []
  if (!header) return { lines, errors: [{ line: 1, field: 'file', code: 'subsidy.bank.empty' }], rows: 0 }
  const index = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]))
  const missing = RESULT_FILE_COLUMNS.filter((c) => !index.has(c))
  if (header.malformed || missing.length) {
    const fields = header.malformed ? ['file'] : missing
    return {
      lines,
      errors: fields.map((field) => ({
        line: header.line,
        field,
        code: header.malformed ? 'subsidy.bank.quote' : 'subsidy.bank.missingColumn',
      })),
      rows: records.length,
    }
  }
  const seen = new Set<string>()
  for (const record of records) {
    if (record.malformed) {
      errors.push({ line: record.line, field: 'file', code: 'subsidy.bank.quote' })
      continue
    }
    const get = (column: ResultColumn) => (record.fields[index.get(column)!] ?? '').trim()
    const fail = (field: ResultColumn, code: string) => errors.push({ line: record.line, field, code })
    const before = errors.length
    const instructionId = get('instruction_id').toLowerCase()
    const status = get('status').toUpperCase()
    const reference = get('bank_reference')
    const reason = get('failure_reason')
    const settledText = get('settled_at')
    if (!UUID.test(instructionId)) fail('instruction_id', 'subsidy.bank.instructionId')
    else if (seen.has(instructionId)) fail('instruction_id', 'subsidy.bank.duplicateLine')
    if (status !== 'SUCCESS' && status !== 'FAILED') fail('status', 'subsidy.bank.status')
    if (status === 'SUCCESS' && !reference) fail('bank_reference', 'subsidy.bank.referenceMissing')
    if (reference.length > MAX_REFERENCE) fail('bank_reference', 'subsidy.bank.tooLong')
    if (reason.length > MAX_REASON) fail('failure_reason', 'subsidy.bank.tooLong')
    const settledAt = settledText ? parseSettledAt(settledText) : null
    if (settledText && !settledAt) fail('settled_at', 'subsidy.bank.settledAt')
    if (UUID.test(instructionId)) seen.add(instructionId)
    if (errors.length > before) continue
    lines.push({
      line: record.line,
      instructionId,
      status: status as BankResultStatus,
      bankReference: reference || null,
      failureReason: reason || null,
      settledAt,
    })
  }
  return { lines, errors, rows: records.length }
}

/** Writes a result file (tests, the demo's "bank" and docs examples): the bank's side of the exchange. */
export function writeResultFile(
  lines: readonly {
    instructionId: string
    status: BankResultStatus
    bankReference?: string | null
    failureReason?: string | null
    settledAt?: string | null
  }[],
): string {
  let out = csvRecord(RESULT_FILE_COLUMNS)
  for (const l of lines) out += csvRecord([l.instructionId, l.status, l.bankReference ?? '', l.failureReason ?? '', l.settledAt ?? ''])
  return out
}
