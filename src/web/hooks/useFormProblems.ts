import type { FormInstance } from 'antd'
import { useEffect, useMemo, useRef } from 'react'
import type { z } from 'zod'
import { localizeIssues } from '../../shared/localize-issues.ts'
import { message as localMessage } from '../../shared/messages.ts'
import { showFieldErrors, showServerProblem, type FieldError } from '../lib/form-errors.ts'
import { useI18n } from './useI18n.ts'

/**
 * The errors under a form's fields, from the shared schema or from the server's problem+json,
 * remembered so they are re-worded when the user switches language while they show.
 */
export function useFormProblems(form: FormInstance, fields: readonly string[]) {
  const { locale } = useI18n()
  const shown = useRef<{ issues?: z.core.$ZodIssue[]; server?: FieldError[] }>({})
  // By content: a caller may pass a new array each render, which must not re-show old errors.
  const fieldKey = fields.join('\n')

  useEffect(() => {
    const { issues, server } = shown.current
    if (issues) showFieldErrors(form, fields, localizeIssues(issues, locale))
    else if (server)
      showFieldErrors(
        form,
        fields,
        server.map((e) => ({ ...e, message: localMessage(e.code, locale) ?? e.message })),
      )
  }, [locale, form, fieldKey])

  return useMemo(
    () => ({
      /** Forget what was shown (the form opens again, or a new submit starts). */
      reset() {
        shown.current = {}
      },
      /** Clears every field's error. */
      clear() {
        shown.current = {}
        showFieldErrors(form, fields, [])
      },
      /**
       * The user changed these fields (a Form's onValuesChange): their errors go at once and are
       * forgotten, so a language switch does not bring them back. Other fields keep theirs.
       */
      fieldChanged(changedValues: Record<string, unknown>) {
        const changed = Object.keys(changedValues)
        const touches = (field: string) => changed.some((key) => field === key || field.startsWith(`${key}.`))
        const { issues, server } = shown.current
        shown.current = {
          ...(issues ? { issues: issues.filter((issue) => !touches(issue.path.map(String).join('.'))) } : {}),
          ...(server ? { server: server.filter((error) => !touches(error.field)) } : {}),
        }
        const cleared = fields.filter(touches)
        if (cleared.length) form.setFields(cleared.map((name) => ({ name, errors: [] })))
      },
      /** @returns the issues that name no field of this form, for a banner */
      showIssues(issues: z.core.$ZodIssue[]): FieldError[] {
        shown.current = { issues }
        return showFieldErrors(form, fields, localizeIssues(issues, locale))
      },
      /** @returns the banner text, set unless every problem sits on a field */
      showServer(error: unknown): { banner?: string } {
        const { fieldErrors, banner } = showServerProblem(form, fields, error)
        shown.current = { server: fieldErrors }
        return { banner }
      },
    }),
    [form, fieldKey, locale],
  )
}
