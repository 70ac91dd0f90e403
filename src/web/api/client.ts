import { message, type Locale } from '../../shared/messages.ts'
import type { Problem } from '../../shared/schemas/common.ts'

/**
 * The one way the web talks to the API: same-origin JSON with the session cookie, the UI
 * language in Accept-Language (the server localises problem titles and field messages from
 * it), and every failure turned into an ApiError carrying the RFC 9457 problem.
 */

let currentLocale: Locale = 'zh-CN'
let onAuthRequired: () => void = () => {}

/** Called by the i18n provider whenever the user switches language. */
export function setApiLocale(locale: Locale) {
  currentLocale = locale
}

/** Called by the session provider: a 401 anywhere ends the session in the UI. */
export function setAuthRequiredHandler(handler: () => void) {
  onAuthRequired = handler
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title)
    this.name = 'ApiError'
  }
  get status() {
    return this.problem.status
  }
  get code() {
    return this.problem.code
  }
}

type Query = Record<string, string | number | undefined | null>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  query?: Query
  body?: unknown
  signal?: AbortSignal
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/** A problem for failures that never reached the server, worded in the UI language. */
function localProblem(status: number, code: string, title: string): Problem {
  return { type: 'about:blank', title, status, code }
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    const title = currentLocale === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络'
    throw new ApiError(localProblem(0, 'NETWORK', title))
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const data: unknown = text ? safeJson(text) : undefined
  if (response.ok) return data as T
  const problem = isProblem(data)
    ? data
    : localProblem(response.status, 'INTERNAL', message('INTERNAL', currentLocale) ?? response.statusText)
  if (problem.code === 'AUTH_REQUIRED') onAuthRequired()
  throw new ApiError(problem)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isProblem(value: unknown): value is Problem {
  const v = value as Partial<Problem> | undefined
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.title === 'string'
}

/** The text to show for any thrown error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.problem.title
  return error instanceof Error ? error.message : String(error)
}
