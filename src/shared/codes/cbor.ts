/**
 * CBOR through cborg (pure JS, strict): maps decode as `Map` so integer claim keys (1, 4, -260)
 * stay apart from text keys, duplicate keys are refused (no hiding a second value behind the
 * first), and trailing bytes are an error.
 */
import { decode, encode } from 'cborg'
import type { TagDecodeControl } from 'cborg'
import { toBase64 } from './bytes.ts'
import { CodeError } from './result.ts'
import type { JsonValue } from './result.ts'

/** A tagged CBOR item kept as tag + value (tag 18 COSE_Sign1, 61 CWT, 0/1/1004 dates…). */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: unknown,
  ) {}
}

/** Tags met in signed health codes; any other tag is refused as BAD_CBOR. */
const KNOWN_TAGS = [0, 1, 18, 61, 100, 1004]
const TAG_DECODERS: Record<number, (control: TagDecodeControl) => unknown> = {}
for (const tag of KNOWN_TAGS) TAG_DECODERS[tag] = (control) => new CborTag(tag, control())

const LENIENT = { useMaps: true, rejectDuplicateMapKeys: true, tags: TAG_DECODERS }
const STRICT = { ...LENIENT, strict: true, allowIndefinite: false, allowUndefined: false }

/**
 * Decodes one CBOR item that fills `bytes` exactly.
 * @param strict also refuse non-shortest integers/lengths and indefinite lengths (our own
 *   codes are written canonically; foreign DCCs use indefinite maps, so they decode leniently)
 * @throws {CodeError} `BAD_CBOR`
 */
export function decodeCbor(bytes: Uint8Array, strict = false): unknown {
  try {
    return decode(bytes, strict ? STRICT : LENIENT)
  } catch (error) {
    throw new CodeError('BAD_CBOR', `cbor: ${(error as Error).message}`)
  }
}

/** Encodes canonically (RFC 8949 §4.2: shortest forms, sorted map keys). */
export function encodeCbor(value: unknown): Uint8Array {
  return encode(value)
}

const DATE_TAGS = new Set([0, 1004])

/**
 * Turns decoded CBOR into JSON-shaped data: maps become objects (keys as text), byte strings
 * base64, date tags their text, tag 1 an ISO instant.
 */
export function cborToJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Uint8Array) return toBase64(value)
  if (Array.isArray(value)) return value.map(cborToJson)
  if (value instanceof Map) {
    const out: { [key: string]: JsonValue } = {}
    for (const [key, item] of value) out[String(key)] = cborToJson(item)
    return out
  }
  if (value instanceof CborTag) {
    if (DATE_TAGS.has(value.tag) && typeof value.value === 'string') return value.value
    if (value.tag === 1 && typeof value.value === 'number') return new Date(value.value * 1000).toISOString()
    return cborToJson(value.value)
  }
  return String(value)
}
