import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { message, pickLocale, type Locale } from '../../shared/messages.ts'
import type { Problem } from '../../shared/schemas/common.ts'
import { DomainError } from '../errors.ts'
import { localizeIssues } from '../../shared/localize-issues.ts'
import { RequestValidationError } from './validation.ts'

const PROBLEM_TYPE_BASE = 'https://gridline.example/problems/'

/** The request's language: the UI sends its own choice in Accept-Language. */
export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'])
}

function problem(locale: Locale, status: number, code: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: message(code, locale) ?? code,
    status,
    code,
    ...extra,
  }
}

/** Fastify's client error codes with a message of their own; the rest read BAD_REQUEST. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
}

/**
 * The one error handler: every failure leaves as RFC 9457 application/problem+json.
 * Unknown errors are logged (without request bodies) and answered with a bare 500.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(request)
  let body: Problem
  if (error instanceof RequestValidationError) {
    body = problem(locale, 400, 'VALIDATION', {
      detail: `invalid ${error.part}`,
      errors: localizeIssues(error.issues, locale),
    })
  } else if (error instanceof DomainError) {
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
    body = problem(locale, error.status, error.code, {
      detail: error.detail,
      errors: error.fields?.map((f) => ({ field: f.field, code: f.code, message: f.message ?? message(f.code, locale) ?? f.code })),
    })
  } else if ((error as { code?: string }).code === '23505') {
    // A unique constraint caught a race the service could not see: still a clear 409.
    body = problem(locale, 409, 'CONFLICT')
  } else if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    body = problem(locale, 413, 'BODY_TOO_LARGE')
  } else if ('statusCode' in error && error.statusCode === 429) {
    body = problem(locale, 429, 'RATE_LIMITED')
  } else if ('statusCode' in error && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own client errors (bad JSON, wrong content type…): a title in the reader's
    // language, Fastify's technical text as the detail.
    const code = FASTIFY_CLIENT_ERRORS[(error as { code?: string }).code ?? ''] ?? 'BAD_REQUEST'
    body = problem(locale, error.statusCode, code, { detail: error.message })
  } else if (isDatabaseUnavailable(error)) {
    // The database restarts or is out of reach: nothing was written, so the client may retry.
    request.log.warn({ code: (error as { code?: string }).code }, 'database unavailable')
    reply.header('retry-after', '5')
    body = problem(locale, 503, 'SERVICE_UNAVAILABLE')
  } else {
    request.log.error({ err: { message: error.message, stack: error.stack, code: (error as { code?: string }).code } }, 'unhandled error')
    body = problem(locale, 500, 'INTERNAL')
  }
  return reply.status(body.status).type('application/problem+json').send(body)
}

/** Unknown API routes answer problem+json too. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  const body = problem(localeOf(request), 404, 'NOT_FOUND', { detail: 'no such route' })
  return reply.status(404).type('application/problem+json').send(body)
}

/** The server started while the database was unreachable and has not migrated it yet. */
export class DatabaseNotReadyError extends DomainError {
  readonly retryAfterSeconds = 5
  constructor() {
    super('SERVICE_UNAVAILABLE', 503, 'database not reached yet')
  }
}

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3])/
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'])

/** True for the errors of a database that is away (refused, restarting, timed out), not of a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) return true
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable)
  // pg and pg-pool throw plain Errors for these.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout)/.test(
    error.message,
  )
}
