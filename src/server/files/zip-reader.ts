import { inflateRawLimited, InflateLimitError } from '../../shared/bounded-inflate.ts'

/** What one archive may hold before it is refused; checked against the directory before any inflating. */
export interface ZipLimits {
  /** Entries listed in the central directory. */
  maxEntries: number
  /** Inflated bytes of one entry read. */
  maxEntryBytes: number
  /** Inflated bytes of all entries read together. */
  maxTotalBytes: number
}

/** The archive is not a zip this reader takes (broken, ZIP64, encrypted, another method). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError'
}

/** The archive says, or turns out, to hold more than its limits allow. */
export class ZipTooLargeError extends Error {
  override name = 'ZipTooLargeError'
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/**
 * Reads the entries `wanted` picks from a zip archive (an .xlsx), within `limits`. Sizes the
 * directory declares are checked before anything is inflated; a declared size that lies is
 * caught while inflating, since each entry inflates under its own cap (fflate's unzipSync
 * allocates whatever the directory declares and inflates without a ceiling).
 * @throws ZipFormatError, ZipTooLargeError
 */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => view.getUint16(at, true)
  const u32 = (at: number) => view.getUint32(at, true)
  let end = bytes.length - 22
  // The end record is followed by a comment of at most 65535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 0xffff)
  while (end >= stop && u32(end) !== EOCD) end--
  if (end < stop) throw new ZipFormatError('no end of central directory')
  const count = u16(end + 10)
  let at = u32(end + 16)
  if (count === 0xffff || at === 0xffffffff) throw new ZipFormatError('ZIP64 archives are not read')
  if (count > limits.maxEntries) throw new ZipTooLargeError(`${count} entries`)

  const entries: { name: string; method: number; flags: number; compressedSize: number; size: number; localAt: number }[] = []
  let declaredTotal = 0
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL) throw new ZipFormatError('broken central directory')
    const nameLength = u16(at + 28)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    const entry = {
      name,
      flags: u16(at + 8),
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localAt: u32(at + 42),
    }
    at += 46 + nameLength + u16(at + 30) + u16(at + 32)
    if (!wanted(name)) continue
    if (entry.size > limits.maxEntryBytes) throw new ZipTooLargeError(`${name} declares ${entry.size} bytes`)
    declaredTotal += entry.size
    if (declaredTotal > limits.maxTotalBytes) throw new ZipTooLargeError(`entries declare ${declaredTotal} bytes`)
    entries.push(entry)
  }

  const files = new Map<string, Uint8Array>()
  let total = 0
  for (const entry of entries) {
    if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted`)
    const local = entry.localAt
    if (local + 30 > bytes.length || u32(local) !== LOCAL) throw new ZipFormatError(`${entry.name}: broken local header`)
    const start = local + 30 + u16(local + 26) + u16(local + 28)
    const data = bytes.subarray(start, start + entry.compressedSize)
    if (start + entry.compressedSize > bytes.length) throw new ZipFormatError(`${entry.name}: cut short`)
    const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total)
    let content: Uint8Array
    if (entry.method === 0) content = data
    else if (entry.method === 8) {
      try {
        content = inflateRawLimited(data, cap)
      } catch (error) {
        if (error instanceof InflateLimitError) throw new ZipTooLargeError(`${entry.name} inflates past ${cap} bytes`)
        throw new ZipFormatError(`${entry.name}: ${(error as Error).message}`)
      }
    } else throw new ZipFormatError(`${entry.name}: compression method ${entry.method}`)
    if (content.length > cap) throw new ZipTooLargeError(`${entry.name} holds more than ${cap} bytes`)
    total += content.length
    files.set(entry.name, content)
  }
  return files
}
