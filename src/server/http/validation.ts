import type { FastifySchemaCompiler } from 'fastify'
import { z } from 'zod'

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
    const result = schema.safeParse(data, { reportInput: true })
    if (result.success) return { value: result.data }
    return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') }
  }
}

