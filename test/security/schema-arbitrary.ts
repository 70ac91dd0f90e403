/**
 * fast-check arbitraries for the request schemas of the routes: values shaped by a route's Zod
 * schema (through its JSON Schema), and near-valid ones (one shaped value with a few fields
 * dropped, retyped or pushed past their bounds), which reach deeper into handlers than noise.
 */
import fc from 'fast-check'
import { z } from 'zod'

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  additionalProperties?: boolean | JsonSchema
}

const MAX_DEPTH = 6

/** Values that break naive handlers: empty, huge, odd numbers, look-alike ids, unicode edge cases. */
export const awkwardValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(5_000),
    '00000000-0000-0000-0000-000000000000',
    '../../etc/passwd',
    "'; DROP TABLE person; --",
    '\u{1F600}',
    '\uD800',
    '1e309',
    'NaN',
    '-0',
  ),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.1, null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
)

/** The JSON Schema of a Zod request schema, as input (what the client sends), or null if none can be drawn. */
export function jsonSchemaOf(schema: unknown): JsonSchema | null {
  if (!(schema instanceof z.ZodType)) return null
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  } catch {
    return null
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? 40, minLength + 60)
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'email':
      return fc.emailAddress()
    default:
      break // other formats: by pattern, or plain strings
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Math.max(maxLength, 64))
    } catch {
      // a pattern fast-check cannot generate from: plain strings then
    }
  }
  return fc.string({
    minLength,
    maxLength,
    unit: fc.oneof(
      fc.constantFrom(...'张三李四王五0123456789abcXYZ -_'.split('')),
      fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
    ),
  })
}

/**
 * An arbitrary of values shaped by a JSON Schema (bounded sizes; unknown shapes give any JSON).
 * @example fc.sample(arbitraryOf({ type: 'object', properties: { n: { type: 'integer' } } }), 1)
 */
export function arbitraryOf(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, depth + 1)))
  if (schema.allOf && schema.allOf.length > 0) return arbitraryOf(schema.allOf[0]!, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {}
      const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, depth + 1)]))
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) })
    }
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s) => arbitraryOf(s, depth + 1)))
      const minLength = schema.minItems ?? 0
      return fc.array(schema.items ? arbitraryOf(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength,
        maxLength: Math.min(schema.maxItems ?? 4, minLength + 4),
      })
    }
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 100_000, Number.MAX_SAFE_INTEGER),
      })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

type Mutation = { kind: 'drop' | 'retype' | 'add'; pick: number; value: unknown }

/** Applies one mutation to a random field anywhere in the value (objects and arrays). */
function mutate(value: unknown, mutation: Mutation): unknown {
  if (value === null || typeof value !== 'object') return mutation.kind === 'drop' ? undefined : mutation.value
  const container: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }
  const keys = Object.keys(container)
  if (keys.length === 0 || mutation.kind === 'add') {
    ;(container as Record<string, unknown>)[`extra${mutation.pick % 3}`] = mutation.value
    return container
  }
  const key = keys[mutation.pick % keys.length]!
  const child = (container as Record<string, unknown>)[key]
  // Half the time go one level deeper, so nested fields are reached too.
  const next =
    child !== null && typeof child === 'object' && mutation.pick % 2 === 0
      ? mutate(child, { ...mutation, pick: Math.floor(mutation.pick / 2) })
      : mutation.kind === 'drop'
        ? undefined
        : mutation.value
  if (next === undefined && !Array.isArray(container)) delete container[key]
  else (container as Record<string, unknown>)[key] = next === undefined ? null : next
  return container
}

/** Near-valid values: a shaped one with one to three fields dropped, retyped or added. */
export function nearValidOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    kind: fc.constantFrom<Mutation['kind']>('drop', 'retype', 'retype', 'add'),
    pick: fc.nat(),
    value: awkwardValue,
  })
  return fc
    .tuple(arbitraryOf(schema), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([value, mutations]) => mutations.reduce(mutate, value))
}

/** A query string object of any value: what a querystring or path param can carry is text. */
export function asTextRecord(value: unknown): Record<string, string | string[]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {}
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v))
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, Array.isArray(v) ? v.map(text) : text(v)]),
  )
}
