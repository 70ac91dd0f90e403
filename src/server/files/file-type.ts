import { FILE_EXTENSIONS, IMAGE_TYPES, type FileType } from '../../shared/file-types.ts'
import { readZipEntries } from './zip-reader.ts'

// Listing names reads the directory only; nothing is inflated.
const LISTING_LIMITS = { maxEntries: 10_000, maxEntryBytes: Number.MAX_SAFE_INTEGER, maxTotalBytes: Number.MAX_SAFE_INTEGER }

function zipKind(bytes: Uint8Array): FileType | null {
  const names = new Set<string>()
  try {
    readZipEntries(
      bytes,
      (name) => {
        names.add(name)
        return false
      },
      LISTING_LIMITS,
    )
  } catch {
    return null
  }
  if (names.has('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (names.has('OFD.xml')) return 'application/ofd'
  return null
}

/**
 * The real type of a file from its bytes: JPEG, PNG, WebP and PDF by their magic numbers, an
 * XLSX workbook or an OFD document by the names in its zip directory.
 * @returns null for anything else (HTML, SVG, scripts, other archives…)
 */
export function sniffFileType(bytes: Uint8Array): FileType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a)
    return 'image/png'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (ascii(0, 5) === '%PDF-') return 'application/pdf'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return zipKind(bytes)
  return null
}

/**
 * The name a download carries: the uploader's name without folders, control characters or its
 * own extension, ending in the sniffed type's (`poly.html` that is a JPEG downloads as `poly.jpg`).
 */
export function safeFileName(name: string | undefined, type: FileType): string {
  const base = (name ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 120)
  return `${base || 'file'}.${FILE_EXTENSIONS[type]}`
}

/** Content-Disposition of a stored file: images may show in the page, anything else downloads. */
export function contentDisposition(type: string, name: string): string {
  const inline = (IMAGE_TYPES as readonly string[]).includes(type)
  return `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`
}
