/**
 * zlib (RFC 1950) and raw DEFLATE through fflate, pure JS, so the scanner page inflates
 * offline without a native module.
 */
import { inflateRawLimited, InflateLimitError, unzlibLimited } from '../bounded-inflate.ts'
import { CodeError } from './result.ts'

/**
 * The most a code may inflate to. A Gridline code is one stored block of a few hundred bytes;
 * a DCC or SMART Health Card is a few KB of CBOR or JSON. Anything larger is no health code.
 */
export const MAX_INFLATED_CODE_BYTES = 64 * 1024

function inflateFailure(kind: string, error: unknown): CodeError {
  if (error instanceof InflateLimitError) return new CodeError('TOO_LARGE', `${kind}: ${error.message}`)
  return new CodeError('BAD_COMPRESSION', `${kind}: ${(error as Error).message}`)
}

/** Adler-32 of the inflated bytes, as the zlib trailer carries it. */
function adler32(bytes: Uint8Array): number {
  let a = 1
  let b = 0
  // 5552 is the longest run before the sums can overflow 2^32 (zlib's NMAX).
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length)
    for (let i = start; i < end; i++) {
      a += bytes[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

/**
 * Inflates a zlib stream and checks its Adler-32 trailer. fflate skips that check, and without
 * it a changed trailer byte would go unnoticed.
 * @throws {CodeError} `BAD_COMPRESSION` for a bad header, broken stream or wrong checksum,
 *   `TOO_LARGE` past MAX_INFLATED_CODE_BYTES
 */
export function inflateZlib(bytes: Uint8Array): Uint8Array {
  const n = bytes.length
  if (n < 6) throw new CodeError('BAD_COMPRESSION', 'zlib: stream too short')
  let out: Uint8Array
  try {
    out = unzlibLimited(bytes, MAX_INFLATED_CODE_BYTES)
  } catch (error) {
    throw inflateFailure('zlib', error)
  }
  const trailer = ((bytes[n - 4]! << 24) | (bytes[n - 3]! << 16) | (bytes[n - 2]! << 8) | bytes[n - 1]!) >>> 0
  if (trailer !== adler32(out)) throw new CodeError('BAD_COMPRESSION', 'zlib: Adler-32 checksum mismatch')
  return out
}

// A zlib header for "deflate, 32K window, fastest level" (0x78 0x01) and a final stored block.
const STORED_HEAD = [0x78, 0x01, 0x01]
const MAX_STORED = 0xffff

/**
 * Wraps bytes in zlib as one stored (uncompressed) block: the canonical form of Gridline codes.
 * Their COSE is mostly signature, key id and random code id, which deflate cannot shrink (level 9
 * falls back to a stored block anyway); writing the block ourselves makes the encoding unique,
 * so no byte of a code can change without the reader noticing.
 * @throws {RangeError} above 65535 bytes (one stored block)
 */
export function zlibStore(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_STORED) throw new RangeError('too long for one stored block')
  const n = bytes.length
  const out = new Uint8Array(n + 11)
  out.set(STORED_HEAD, 0)
  out.set([n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff], 3)
  out.set(bytes, 7)
  const sum = adler32(bytes)
  out.set([sum >>> 24, (sum >> 16) & 0xff, (sum >> 8) & 0xff, sum & 0xff], n + 7)
  return out
}

/**
 * Reads a stream written by `zlibStore`, refusing every other encoding of the same bytes
 * (other header, padding bits, NLEN, more blocks), which generic inflaters accept or ignore.
 * @returns a view of the stored bytes
 * @throws {CodeError} `BAD_COMPRESSION` for anything else
 */
export function unzlibStored(bytes: Uint8Array): Uint8Array {
  const n = bytes.length - 11
  if (n < 0 || bytes[0] !== STORED_HEAD[0] || bytes[1] !== STORED_HEAD[1] || bytes[2] !== STORED_HEAD[2]) {
    throw new CodeError('BAD_COMPRESSION', 'not a canonical zlib stored block')
  }
  if ((bytes[3]! | (bytes[4]! << 8)) !== n || (bytes[5]! | (bytes[6]! << 8)) !== (~n & 0xffff)) {
    throw new CodeError('BAD_COMPRESSION', 'zlib stored block length does not match')
  }
  const data = bytes.subarray(7, 7 + n)
  const trailer = ((bytes[n + 7]! << 24) | (bytes[n + 8]! << 16) | (bytes[n + 9]! << 8) | bytes[n + 10]!) >>> 0
  if (trailer !== adler32(data)) throw new CodeError('BAD_COMPRESSION', 'zlib: Adler-32 checksum mismatch')
  return data
}

/**
 * Inflates raw DEFLATE (SMART Health Cards' `zip: "DEF"`; no header, no checksum).
 * @throws {CodeError} `BAD_COMPRESSION` for a broken stream, `TOO_LARGE` past MAX_INFLATED_CODE_BYTES
 */
export function inflateRaw(bytes: Uint8Array): Uint8Array {
  try {
    return inflateRawLimited(bytes, MAX_INFLATED_CODE_BYTES)
  } catch (error) {
    throw inflateFailure('deflate', error)
  }
}
