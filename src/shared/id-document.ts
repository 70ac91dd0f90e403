/**
 * ID documents: the mainland resident ID (GB 11643-1999, with its ISO 7064 MOD 11-2 check
 * character) and the other documents people show at a gate. Shared by server, web and CLI.
 */

export const ID_DOCUMENT_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_id', 'other'] as const
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number]

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARACTERS = '10X98765432'

export type IdNumberProblem = 'format' | 'birth_date' | 'check_digit'

/**
 * Computes the GB 11643 check character of the first 17 digits.
 * @example residentIdCheckCharacter('11010519491231002') // 'X'
 */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

/**
 * Checks a mainland resident ID number.
 * @returns null when valid, else what is wrong with it
 */
export function checkResidentId(value: string): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'format'
  const year = Number(value.slice(6, 10))
  const month = Number(value.slice(10, 12))
  const day = Number(value.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > Date.now()
  ) {
    return 'birth_date'
  }
  return residentIdCheckCharacter(value.slice(0, 17)) === value[17] ? null : 'check_digit'
}

const OTHER_FORMATS: Record<Exclude<IdDocumentType, 'resident_id'>, RegExp> = {
  passport: /^[A-Z0-9]{5,17}$/,
  hk_macao_permit: /^[HM]\d{8,10}$/,
  taiwan_permit: /^\d{8}$|^[A-Z0-9]{8,10}$/,
  foreign_permanent_id: /^[A-Z]{3}\d{12}$|^9\d{17}$/,
  other: /^[A-Z0-9-]{3,30}$/,
}

/** Normalises what people type: trims, removes spaces, upper-cases the trailing x. */
export function normalizeIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

/**
 * Checks an ID number for its document type.
 * @returns null when valid, else the problem
 */
export function checkIdNumber(type: IdDocumentType, value: string): IdNumberProblem | null {
  if (type === 'resident_id') return checkResidentId(value)
  return OTHER_FORMATS[type].test(value) ? null : 'format'
}

/**
 * Masks an ID number for display: a resident ID keeps its 4-digit region prefix and last 4.
 * @example maskIdNumber('330382199001011234') // '3303**********1234'
 */
export function maskIdNumber(value: string): string {
  if (value.length >= 15) return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4)
  if (value.length <= 4) return '*'.repeat(value.length)
  return value.slice(0, 1) + '*'.repeat(value.length - 3) + value.slice(-2)
}

/** Mainland mobile numbers, with an optional +86. */
export const PHONE_PATTERN = /^(\+86)?1[3-9]\d{9}$/

/**
 * Masks a phone number: 138****1234.
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/^\+86/, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4)
}
