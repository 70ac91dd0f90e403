import { localizeIssues } from '../../../shared/localize-issues.ts'
import { maskPhone } from '../../../shared/id-document.ts'
import { message, type Locale } from '../../../shared/messages.ts'
import {
  ENTERPRISE_CSV_COLUMNS,
  enterpriseInputSchema,
  INDUSTRIES,
  INDUSTRY_NAMES_ZH,
  type EnterpriseData,
  type EnterpriseListQuery,
  type ImportReport,
} from '../../../shared/schemas/enterprise.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { parseCsv } from '../area/csv.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import * as repo from './registry.repository.ts'
import { createEnterprise } from './registry.service.ts'
import { requireStaff, viewerOf } from './viewer.ts'
import { anyOf } from '../../db/any.ts'

type Column = (typeof ENTERPRISE_CSV_COLUMNS)[number]

/** Schema field → the CSV column it comes from, so errors name what the user sees in the file. */
const COLUMN_OF: Record<string, Column> = {
  name: 'name',
  creditCode: 'credit_code',
  industry: 'industry',
  aboveScale: 'above_scale',
  staffLocal: 'staff_local',
  staffOtherProvince: 'staff_other_province',
  address: 'address',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  areaId: 'area_code',
  ownerAccountId: 'liaison_username',
}

/** Stands in for an unknown area code so the schema still reports the row's other problems; never stored. */
const NO_AREA_ID = '00000000-0000-4000-8000-000000000000'

const YES = new Set(['是', 'y', 'yes', 'true', '1', '规上'])
const NO = new Set(['否', 'n', 'no', 'false', '0', '规下', ''])
const INDUSTRY_BY_NAME = new Map<string, string>(
  INDUSTRIES.flatMap((key) => [
    [key, key],
    [INDUSTRY_NAMES_ZH[key], key],
  ]),
)

interface RowError {
  line: number
  field: string
  code: string
}

/**
 * Imports enterprises from CSV (Excel "CSV UTF-8" works; the header names the columns, in any
 * order). Every row is checked with the registry's own schema; the report names each bad row
 * and column. With mode `all` nothing is imported unless every row is valid; with `valid` the
 * valid rows are imported. Either way the import is one transaction.
 */
export async function importEnterprisesCsv(
  deps: Deps,
  actor: Actor,
  input: { csv: string; mode: 'all' | 'valid'; dryRun: boolean },
  locale: Locale,
): Promise<ImportReport> {
  const viewer = await viewerOf(deps.db, actor)
  requireStaff(viewer)
  const records = parseCsv(input.csv).filter((r) => r.some((cell) => cell.trim() !== ''))
  const header = records.shift()?.map((h) => h.trim().toLowerCase()) ?? []
  const required: Column[] = ['name', 'credit_code', 'industry', 'area_code']
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length) {
    const errors = [{ line: 1, field: missing.join(','), code: 'import.header', message: message('import.header', locale)! }]
    return { rows: records.length, valid: 0, imported: 0, errors }
  }
  const cell = (r: string[], c: Column) => (header.includes(c) ? (r[header.indexOf(c)] ?? '').trim() : '')

  const areas = await repo.findAreasByCode(deps.db, actor, [...new Set(records.map((r) => cell(r, 'area_code')).filter(Boolean))])
  const areaByCode = new Map(areas.map((a) => [a.code, a]))
  const liaisonCache = new Map<string, Awaited<ReturnType<typeof repo.findServingLiaisons>>>()
  const errors: (RowError & { message: string })[] = []
  const valid: { line: number; data: EnterpriseData }[] = []
  const seenCodes = new Map<string, number>()

  for (const [i, r] of records.entries()) {
    const line = i + 2
    const rowErrors: RowError[] = []
    const area = areaByCode.get(cell(r, 'area_code'))
    if (!area) rowErrors.push({ line, field: 'area_code', code: 'import.unknownArea' })
    let ownerAccountId: string | undefined
    const username = cell(r, 'liaison_username')
    if (username && area) {
      if (!liaisonCache.has(area.path)) liaisonCache.set(area.path, await repo.findServingLiaisons(deps.db, area.path))
      ownerAccountId = liaisonCache.get(area.path)!.find((l) => l.username === username)?.id
      if (!ownerAccountId) rowErrors.push({ line, field: 'liaison_username', code: 'import.unknownLiaison' })
    } else if (!username && viewer.role !== 'liaison') {
      rowErrors.push({ line, field: 'liaison_username', code: 'ENTERPRISE_NO_OWNER' })
    }
    const aboveScale = cell(r, 'above_scale').toLowerCase()
    if (!YES.has(aboveScale) && !NO.has(aboveScale)) rowErrors.push({ line, field: 'above_scale', code: 'import.yesNo' })
    const count = (c: Column) => {
      const text = cell(r, c)
      if (text === '') return 0
      if (!/^\d{1,7}$/.test(text)) rowErrors.push({ line, field: c, code: 'import.number' })
      return Number(text)
    }
    const parsed = enterpriseInputSchema.safeParse({
      name: cell(r, 'name'),
      creditCode: cell(r, 'credit_code'),
      industry: INDUSTRY_BY_NAME.get(cell(r, 'industry')) ?? cell(r, 'industry'),
      aboveScale: YES.has(aboveScale),
      staffLocal: count('staff_local'),
      staffOtherProvince: count('staff_other_province'),
      address: cell(r, 'address') || undefined,
      contactName: cell(r, 'contact_name') || undefined,
      // A masked phone (an exported file imported again) means "keep none", not an error.
      contactPhone: cell(r, 'contact_phone').includes('*') ? undefined : cell(r, 'contact_phone') || undefined,
      areaId: area?.id ?? NO_AREA_ID,
      ownerAccountId,
    })
    if (!parsed.success) {
      for (const issue of localizeIssues(parsed.error.issues, locale)) {
        const column = COLUMN_OF[issue.field.split('.')[0]!] ?? issue.field
        if (!rowErrors.some((e) => e.field === column)) errors.push({ line, field: column, code: issue.code, message: issue.message })
      }
    } else {
      const earlier = seenCodes.get(parsed.data.creditCode)
      if (earlier) rowErrors.push({ line, field: 'credit_code', code: 'import.duplicateInFile' })
      else seenCodes.set(parsed.data.creditCode, line)
    }
    errors.push(...rowErrors.map((e) => ({ ...e, message: message(e.code, locale) ?? e.code })))
    if (parsed.success && !rowErrors.length) valid.push({ line, data: parsed.data })
  }

  // Codes registered before: one query for the whole file.
  const registered = await repo.findRegisteredCreditCodes(
    deps.db,
    valid.map((v) => v.data.creditCode),
  )
  const fresh = valid.filter((v) => {
    if (!registered.has(v.data.creditCode)) return true
    errors.push({
      line: v.line,
      field: 'credit_code',
      code: 'ENTERPRISE_DUPLICATE_CREDIT_CODE',
      message: message('ENTERPRISE_DUPLICATE_CREDIT_CODE', locale)!,
    })
    return false
  })
  errors.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field))
  const report = { rows: records.length, valid: fresh.length, imported: 0, errors }
  if (input.dryRun || !fresh.length || (errors.length && input.mode === 'all')) return report

  await deps.db.transaction().execute(async (trx) => {
    for (const row of fresh) await createEnterprise(deps, actor, row.data, trx)
    await recordAudit(trx, actor, 'import', 'enterprise', [{ id: null, areaId: actor.account.areaId }])
  })
  return { ...report, imported: fresh.length }
}

/** One CSV field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for Excel. */
function csvField(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value)
  if (/^[=+\-@]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The enterprises in scope as CSV with a BOM (Excel opens it as UTF-8), in the import layout plus
 * area name, liaison and resumption date. The contact phone stays masked. Audited as an export.
 */
export async function exportEnterprisesCsv(
  deps: Deps,
  actor: Actor,
  query: Pick<EnterpriseListQuery, 'q' | 'industry' | 'areaId' | 'resumed'>,
) {
  const viewer = await viewerOf(deps.db, actor)
  requireStaff(viewer)
  const filter: repo.EnterpriseFilter = {
    q: query.q,
    industry: query.industry,
    resumed: query.resumed ? query.resumed === 'yes' : undefined,
  }
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  const rows = await repo.listEnterprises(deps.db, viewer, filter, 100_000, 0)
  const areaIds = [...new Set(rows.map((r) => r.area_id))]
  const codes = areaIds.length
    ? await deps.db.selectFrom('area').select(['id', 'code']).where('id', '=', anyOf(areaIds, 'uuid')).execute()
    : []
  const codeOf = new Map(codes.map((c) => [c.id, c.code]))
  const header = [...ENTERPRISE_CSV_COLUMNS, 'area_name', 'resumed_at']
  const lines = rows.map((r) =>
    [
      r.name,
      r.credit_code,
      INDUSTRY_NAMES_ZH[r.industry],
      r.above_scale ? '是' : '否',
      r.staff_local,
      r.staff_other_province,
      r.address,
      r.contact_name,
      r.contact_phone_enc ? maskPhone(deps.cipher.open(r.contact_phone_enc)) : null,
      codeOf.get(r.area_id) ?? '',
      r.owner_username,
      r.area_name,
      r.resumed_at ? r.resumed_at.toISOString().slice(0, 10) : null,
    ]
      .map(csvField)
      .join(','),
  )
  await recordAudit(deps.db, actor, 'export', 'enterprise', [{ id: null, areaId: actor.account.areaId }])
  return `\ufeff${[header.join(','), ...lines].join('\r\n')}\r\n`
}
