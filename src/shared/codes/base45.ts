/**
 * Base45 (RFC 9285), the text form of DCC and Gridline codes. Its alphabet is exactly the QR
 * alphanumeric set, so a code fills a QR in the dense alphanumeric mode.
 *
 * Written here rather than taken from npm: the packages found either skip the range check
 * (accepting "GGW", which is 65536 + …, as two bytes) or mis-encode subarrays; see DECISIONS.md.
 */

/** The 45 characters in value order. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

const VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < BASE45_ALPHABET.length; i++) VALUES[BASE45_ALPHABET.charCodeAt(i)] = i

/** Thrown for text that is not base45. */
export class Base45Error extends Error {
  override name = 'Base45Error'
}

/**
 * Encodes bytes: each pair becomes three characters (little end first), a last odd byte two.
 * @example encodeBase45(new TextEncoder().encode('AB')) // 'BB8'
 */
export function encodeBase45(bytes: Uint8Array): string {
  let out = ''
  const pairs = bytes.length - (bytes.length % 2)
  for (let i = 0; i < pairs; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!
    const c = n % 45
    n = (n - c) / 45
    const d = n % 45
    out += BASE45_ALPHABET[c]! + BASE45_ALPHABET[d]! + BASE45_ALPHABET[(n - d) / 45]!
  }
  if (pairs < bytes.length) {
    const n = bytes[pairs]!
    out += BASE45_ALPHABET[n % 45]! + BASE45_ALPHABET[Math.floor(n / 45)]!
  }
  return out
}

function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index)
  const value = code < 128 ? VALUES[code]! : -1
  if (value < 0) throw new Base45Error(`character ${JSON.stringify(text[index])} at ${index} is not base45`)
  return value
}

/**
 * Decodes base45 text.
 * @throws {Base45Error} for a character outside the alphabet, a length of 3n+1, or a group
 *   whose value does not fit its bytes (> 65535 for three characters, > 255 for two)
 * @example decodeBase45('BB8') // Uint8Array [0x41, 0x42]
 */
export function decodeBase45(text: string): Uint8Array {
  const rest = text.length % 3
  if (rest === 1) throw new Base45Error(`length ${text.length} leaves one character over`)
  const out = new Uint8Array(((text.length - rest) / 3) * 2 + (rest ? 1 : 0))
  let o = 0
  const whole = text.length - rest
  for (let i = 0; i < whole; i += 3) {
    const n = valueAt(text, i) + valueAt(text, i + 1) * 45 + valueAt(text, i + 2) * 2025
    if (n > 0xffff) throw new Base45Error(`group at ${i} is ${n}, more than two bytes`)
    out[o++] = n >> 8
    out[o++] = n & 0xff
  }
  if (rest) {
    const n = valueAt(text, whole) + valueAt(text, whole + 1) * 45
    if (n > 0xff) throw new Base45Error(`last group is ${n}, more than one byte`)
    out[o] = n
  }
  return out
}
