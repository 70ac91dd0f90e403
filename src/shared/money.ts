/**
 * Money is whole fen (分) in the database, the API and the bank file; people read and type yuan.
 * Integer fen keep sums exact (0.1 + 0.2 yuan is 30 fen, not 0.30000000000000004 yuan).
 */

/** 1234567 → "12,345.67" (zh-CN and en group digits the same way). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** 650000 → "6,500"; 650050 → "6,500.50": wages and prices, where ".00" is noise. */
export function formatYuanShort(fen: number): string {
  return formatYuan(fen).replace(/\.00$/, '')
}

/** 1234567 → "12345.67": the bank file's plain decimal, no grouping. */
export function plainYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * A yuan amount as typed (number or text with at most 2 decimals) → fen; null when it is not one.
 * @example yuanToFen('12345.6') // 1234560
 */
export function yuanToFen(yuan: number | string): number | null {
  const text = typeof yuan === 'number' ? String(yuan) : yuan.trim().replace(/,/g, '')
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** 50_000_000_00 fen → "5,000万" style for dashboards: yuan in 万 (10k) with up to 2 decimals. */
export function formatWan(fen: number): string {
  const wan = fen / 100 / 10_000
  return `${Number.isInteger(wan) ? wan.toLocaleString('en-US') : wan.toLocaleString('en-US', { maximumFractionDigits: 2 })}`
}
