/**
 * DEFLATE with a ceiling on what comes out. One DEFLATE byte can stand for about a thousand
 * (a 600 KB `HC1:` line once inflated to 1 GB), so every inflater in Gridline (the code verifier
 * in Node and on the scanner page, the XLSX reader) goes through here and stops at its limit
 * instead of discovering the size after the memory is gone.
 */
import { Inflate } from 'fflate'

/** Thrown when the inflated bytes would pass the limit; nothing past the limit was produced. */
export class InflateLimitError extends Error {
  override name = 'InflateLimitError'
  constructor(readonly limit: number) {
    super(`inflates to more than ${limit} bytes`)
  }
}

// The most DEFLATE can expand is about 1032:1, so each step of 1 KiB in yields at most about
// 1 MiB out before the running total is checked again.
const STEP = 1024

/**
 * Inflates raw DEFLATE, at most `limit` bytes out.
 * @throws {InflateLimitError} past the limit
 * @throws {Error} for a broken or truncated stream (fflate's message)
 */
export function inflateRawLimited(bytes: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = []
  let total = 0
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total > limit) throw new InflateLimitError(limit)
    if (chunk.length) chunks.push(chunk)
  })
  if (bytes.length === 0) throw new Error('unexpected EOF')
  for (let at = 0; at < bytes.length; at += STEP) inflater.push(bytes.subarray(at, at + STEP), at + STEP >= bytes.length)
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/**
 * Inflates a zlib stream (RFC 1950: two header bytes, DEFLATE, Adler-32), at most `limit` bytes
 * out. The header is checked here; the caller checks the Adler-32 trailer against the result.
 * @throws {InflateLimitError} past the limit
 * @throws {Error} for a bad header, a preset dictionary, or a broken stream
 */
export function unzlibLimited(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes.length < 6) throw new Error('stream too short')
  const cmf = bytes[0]!
  const flg = bytes[1]!
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new Error('invalid zlib header')
  if (flg & 0x20) throw new Error('preset dictionaries are not supported')
  return inflateRawLimited(bytes.subarray(2, bytes.length - 4), limit)
}
