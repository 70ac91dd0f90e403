/**
 * The URL a log line may carry. Query strings can hold a searched name, phone or ID number, and
 * some paths are themselves a key: a returnee's self-report link (`/self/<token>`,
 * `/api/self/<token>/…`) opens that person's page to whoever reads it. Logs keep the route's
 * shape and drop the values.
 */

/** Path prefixes whose next segment is a bearer token. */
const TOKEN_PREFIXES = ['/self/', '/api/self/']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// A token-looking segment anywhere: 20+ base64url characters (not a UUID), an ID number, a phone.
const SECRET_SEGMENT = [/^[A-Za-z0-9_-]{20,}$/, /^\d{17}[\dXx]$/, /^\+?\d{11,}$/]
export const REDACTED = '[redacted]'

function isSecret(segment: string): boolean {
  let text = segment
  try {
    text = decodeURIComponent(segment)
  } catch {
    // A broken escape is logged as it came.
  }
  return !UUID.test(text) && SECRET_SEGMENT.some((pattern) => pattern.test(text))
}

/**
 * @example urlForLog('/api/self/Zq3xY…/reports?x=1') // '/api/self/[redacted]/reports'
 * @example urlForLog('/api/people?q=330302199001011234') // '/api/people'
 */
export function urlForLog(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!
  const prefix = TOKEN_PREFIXES.find((p) => path.startsWith(p))
  const segments = path.split('/')
  const tokenIndex = prefix ? prefix.split('/').length - 1 : -1
  return segments.map((segment, i) => (i === tokenIndex || (segment && isSecret(segment)) ? REDACTED : segment)).join('/')
}
