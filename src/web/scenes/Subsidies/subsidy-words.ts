import type { Locale } from '../../../shared/messages.ts'
import { formatYuan } from '../../../shared/money.ts'
import type { AmountInputDefinition, PeriodKind, PolicyVersionData } from '../../../shared/schemas/subsidies.ts'

/** Helpers that put subsidy numbers and rules into the words a district office uses. */

const CHINA_OFFSET_MS = 8 * 3600_000

/** Today in Beijing (YYYY-MM-DD), whatever the device's clock zone: windows and periods are China dates. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** "1,000,000.00 元" / "CNY 1,000,000.00". */
export function yuanText(fen: number, locale: Locale): string {
  return locale === 'en' ? `CNY ${formatYuan(fen)}` : `${formatYuan(fen)} 元`
}

/** Round amounts in 万元 read better in a rule ("最高 100 万元"); others in yuan. */
export function capText(fen: number, locale: Locale): string {
  if (fen % 1_000_000 === 0) {
    const wan = (fen / 1_000_000).toLocaleString('en-US')
    return locale === 'en' ? `CNY ${(fen / 100).toLocaleString('en-US')}` : `${wan} 万元`
  }
  return roundYuanText(fen, locale)
}

/** In a sentence, whole yuan read without ".00" ("每人补贴 500 元"). */
function roundYuanText(fen: number, locale: Locale): string {
  if (fen % 100 !== 0) return yuanText(fen, locale)
  const yuan = (fen / 100).toLocaleString('en-US')
  return locale === 'en' ? `CNY ${yuan}` : `${yuan} 元`
}

export function inputLabel(input: AmountInputDefinition | undefined, key: string, locale: Locale): string {
  if (!input) return key
  return locale === 'en' ? input.labelEn : input.labelZh
}

/** "已付利息（元）" → "已付利息": a label's unit belongs on the form, not in a sentence. */
export function withoutUnit(label: string): string {
  return label.replace(/\s*[（(][^（）()]*[）)]\s*$/, '')
}

/** The amount formula and cap as one sentence: "按已付贷款利息的 50% 补贴，最高 100 万元". */
export function amountRuleInWords(version: Pick<PolicyVersionData, 'formula' | 'inputs' | 'capFen'>, locale: Locale): string {
  const { formula, inputs, capFen } = version
  const en = locale === 'en'
  let text: string
  if (formula.kind === 'fixed') {
    text = en ? `A fixed ${capText(formula.fen, locale)}` : `定额补贴 ${capText(formula.fen, locale)}`
  } else {
    const label = withoutUnit(
      inputLabel(
        inputs.find((i) => i.key === formula.input),
        formula.input,
        locale,
      ),
    )
    if (formula.kind === 'share') {
      const percent = `${Number((formula.rate * 100).toFixed(2))}%`
      text = en ? `${percent} of ${lowerFirst(label)}` : `按${label}的 ${percent} 补贴`
    } else {
      text = en
        ? `${roundYuanText(formula.fenPerUnit, locale)} for each of ${lowerFirst(label)}`
        : `按${label}每个补贴 ${roundYuanText(formula.fenPerUnit, locale)}`
    }
  }
  if (capFen !== null) text += en ? `, at most ${capText(capFen, locale)}` : `，最高 ${capText(capFen, locale)}`
  return text
}

function lowerFirst(text: string): string {
  return text ? text[0]!.toLowerCase() + text.slice(1) : text
}

export interface PeriodOption {
  value: string
  label: string
}

/** "2026 年第 4 季度" / "2026 Q4" and the like. */
export function periodLabel(period: string, locale: Locale): string {
  const en = locale === 'en'
  if (period === 'once') return en ? 'One-off' : '一次性'
  let m = /^(\d{4})-Q([1-4])$/.exec(period)
  if (m) return en ? `${m[1]} Q${m[2]}` : `${m[1]} 年第 ${m[2]} 季度`
  m = /^(\d{4})-(\d{2})$/.exec(period)
  if (m) return en ? `${m[1]}-${m[2]}` : `${m[1]} 年 ${Number(m[2])} 月`
  return en ? period : `${period} 年`
}

/**
 * The periods an enterprise may apply for: the current one and the past ones that overlap the
 * policy's window, newest first (interest paid last quarter is claimed this quarter).
 */
export function periodOptions(kind: PeriodKind, opensOn: string, closesOn: string, today: string, locale: Locale): PeriodOption[] {
  if (kind === 'once') return [{ value: 'once', label: periodLabel('once', locale) }]
  const last = today < closesOn ? today : closesOn
  const keys: string[] = []
  const [y0, m0] = [Number(opensOn.slice(0, 4)), Number(opensOn.slice(5, 7))]
  const [y1, m1] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))]
  if (kind === 'year') {
    for (let y = y1; y >= y0; y--) keys.push(String(y))
  } else if (kind === 'quarter') {
    // Count quarters as y * 4 + (q - 1) so stepping back over a new year is plain subtraction.
    const first = y0 * 4 + Math.ceil(m0 / 3) - 1
    for (let i = y1 * 4 + Math.ceil(m1 / 3) - 1; i >= first; i--) keys.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`)
  } else {
    const first = y0 * 12 + m0 - 1
    for (let i = y1 * 12 + m1 - 1; i >= first; i--) keys.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`)
  }
  // A long window would give dozens of months: two years back is plenty to choose from.
  return keys.slice(0, 24).map((value) => ({ value, label: periodLabel(value, locale) }))
}

/** A key that survives retries; randomUUID needs a secure context, a LAN address over http is not one. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A chosen file as base64 (what the attachment schema carries). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '')
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

/** Yuan typed in a form → fen; undefined when empty. */
export function fenFromYuan(yuan: number | null | undefined): number | undefined {
  return yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100)
}

/** Thousands separators while typing yuan ("50,000,000.00"); the parser takes them out again. */
export const yuanInputFormat = {
  formatter: (value: string | number | undefined) =>
    value === undefined || value === '' ? '' : `${value}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  parser: (text: string | undefined) => (text ?? '').replace(/,/g, ''),
}
