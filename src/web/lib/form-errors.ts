import type { FormInstance } from 'antd'
import { ApiError, errorText } from '../api/client.ts'

/** A field problem as the server sends it and as localizeIssues() returns it. */
export interface FieldError {
  field: string
  code: string
  message: string
}

/**
 * Shows each error under its form field (several on one field stack up).
 * @returns the errors that name no field of this form, for a banner above it
 */
export function showFieldErrors(form: FormInstance, fields: readonly string[], errors: readonly FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>()
  const unplaced: FieldError[] = []
  for (const error of errors) {
    if (!fields.includes(error.field)) {
      unplaced.push(error)
      continue
    }
    const list = byField.get(error.field) ?? []
    if (!list.includes(error.message)) list.push(error.message)
    byField.set(error.field, list)
  }
  form.setFields(fields.map((name) => ({ name, errors: byField.get(name) ?? [] })))
  return unplaced
}

/** Empty strings from cleared inputs mean "not given" to the shared schema. */
export function blankToUndefined<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === 'string' && value.trim() === '' ? undefined : value
  }
  return out as T
}

/**
 * Puts a failed request's field problems under the form's fields.
 * @returns the field errors (to re-word on a language switch) and the banner text, which is
 *   set unless every detail sits on a field: then the fields already say what is wrong
 */
export function showServerProblem(
  form: FormInstance,
  fields: readonly string[],
  error: unknown,
): { fieldErrors: FieldError[]; banner?: string } {
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : []
  const rest = showFieldErrors(form, fields, fieldErrors)
  return { fieldErrors, banner: !fieldErrors.length || rest.length ? errorText(error) : undefined }
}
