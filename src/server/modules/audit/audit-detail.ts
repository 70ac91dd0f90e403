/**
 * The shape of a request for the audit log, with personal data taken out: a name, ID number or
 * phone someone searched for becomes `"given"` (the row still says a search was made); values
 * kept are numbers, booleans, ids, dates and lower-case enum words.
 */
const PERSONAL_KEY = /name|birth|^q$|search|keyword|number|phone|mobile|address|document|text|note|reason|email/i
const KEEP_STRING = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
  /^[a-z][a-z_]{0,39}$/,
]

export function queryShape(query: Record<string, unknown>): Record<string, unknown> {
  const shape: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue
    shape[key] = PERSONAL_KEY.test(key) ? 'given' : shapeOf(value, 0)
  }
  return shape
}

function shapeOf(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'string') return KEEP_STRING.some((re) => re.test(value)) ? value : 'given'
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => shapeOf(v, depth + 1))
  if (typeof value === 'object' && depth < 2) {
    const inner: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) inner[k] = PERSONAL_KEY.test(k) ? 'given' : shapeOf(v, depth + 1)
    }
    return inner
  }
  return 'given'
}
