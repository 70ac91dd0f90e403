/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters =
 * registration authority (1) + organisation type (1) + administrative division (6 digits)
 * + organisation identifier (9) + check character (1). Characters come from a 31-character
 * alphabet without I, O, S, V and Z, so they cannot be misread as digits.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weight of each of the first 17 positions: 3^i mod 31 (GB 32100-2015, 4.2). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type CreditCodeProblem = 'format' | 'check'

/** Upper case without spaces: codes are often typed in lower case or copied with a space. */
export function normalizeCreditCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

/**
 * The check character for the first 17 characters.
 * @example creditCodeCheckCharacter('91350100M000100Y4') // '3'
 * @throws Error when a character is outside the alphabet
 */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? '')
    if (value < 0) throw new Error('not a credit code character')
    sum += value * WEIGHTS[i]!
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!
}

/**
 * Checks a normalised code.
 * @returns null when valid; 'format' for a wrong length, character or division code; 'check' for a wrong check character
 */
export function checkCreditCode(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'format'
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'format'
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'format'
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check'
}
