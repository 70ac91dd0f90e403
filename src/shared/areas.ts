/** The administrative tree: city → district/county → street/town → village/community → grid. */
export const AREA_LEVELS = ['city', 'district', 'street', 'village', 'grid'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

/**
 * Codes are GB/T 2260 style: 6 digits of county-level division + 3 of street/town + 3 of
 * village = 12 digits (城乡统计用区划代码). Grids get 3 more digits under their village.
 */
export const AREA_CODE_LENGTH: Record<AreaLevel, number> = {
  city: 12,
  district: 12,
  street: 12,
  village: 12,
  grid: 15,
}

/**
 * Checks that a code has the shape its level expects: trailing zeros where the level ends.
 * @returns null when valid, else why not
 */
export function checkAreaCode(level: AreaLevel, code: string): string | null {
  const length = AREA_CODE_LENGTH[level]
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return `${length} digits`
  const significant: Record<AreaLevel, number> = { city: 4, district: 6, street: 9, village: 12, grid: 15 }
  const tail = code.slice(significant[level], 12)
  if (tail && /[^0]/.test(tail)) return `digits after position ${significant[level]} must be 0 for a ${level}`
  return null
}

/** The expected parent code prefix: a district 330382000000 lies in city 3303. */
export function areaCodePrefix(level: AreaLevel, code: string): string {
  const significant: Record<AreaLevel, number> = { city: 4, district: 6, street: 9, village: 12, grid: 15 }
  return code.slice(0, significant[level])
}
