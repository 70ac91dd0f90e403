import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'

/** The issues of a request that failed its Zod schema; the error handler localises them. */
export class RequestValidationError extends Error {
  readonly statusCode = 400
  constructor(
    readonly issues: z.core.$ZodIssue[],
    readonly part: string,
  ) {
    super(`invalid ${part}`)
    this.name = 'RequestValidationError'
  }
}

/**
 * Validates with the route's Zod schema (the same schema the web form uses). Input is kept on
 * the issues only so the error handler can word them; it never reaches a response or a log.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  return (data: unknown) => {
    const control = controlCharacterIssues(data)
    if (control.length > 0) return { error: new RequestValidationError(control, httpPart ?? 'body') }
    const result = schema.safeParse(data, { reportInput: true })
    if (result.success) return { value: result.data }
    return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') }
  }
}

/** C0 controls and DEL, except tab, line feed and carriage return (which text areas and CSV hold). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const MAX_DEPTH = 32

/**
 * Every string anywhere in a request part is checked once, here, before any schema: PostgreSQL
 * refuses NUL in text (a 500 otherwise) and no form field has a use for the other controls.
 * One issue per offending field, worded by the `text.control` message.
 */
export function controlCharacterIssues(data: unknown, path: PropertyKey[] = [], found: z.core.$ZodIssue[] = []): z.core.$ZodIssue[] {
  if (found.length >= 20 || path.length > MAX_DEPTH) return found
  if (typeof data === 'string') {
    if (CONTROL_CHARACTER.test(data)) {
      found.push({
        code: 'custom',
        path,
        message: 'control character',
        params: { key: 'text.control' },
        input: undefined,
      } as z.core.$ZodIssue)
    }
  } else if (Array.isArray(data)) {
    for (const [index, item] of data.entries()) controlCharacterIssues(item, [...path, index], found)
  } else if (data !== null && typeof data === 'object' && !Buffer.isBuffer(data)) {
    for (const [key, value] of Object.entries(data)) controlCharacterIssues(value, [...path, key], found)
  }
  return found
}
