import { z } from 'zod'
import { message, type Locale } from './messages.ts'

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() }

/**
 * One field-level message per issue, in the user's language: our own rules carry a message
 * key in `params.key`; Zod's built-in issues use Zod's locale.
 */
export function localizeIssues(issues: z.core.$ZodIssue[], locale: Locale) {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.')
    const key = issue.code === 'custom' ? (issue.params?.key as string | undefined) : undefined
    if (key) return { field, code: key, message: message(key, locale) ?? issue.message }
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined
    const empty = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1
    if (missing || empty) {
      return { field, code: 'required', message: message('required', locale)! }
    }
    const worded = zodLocales[locale].localeError(issue as never)
    const text = typeof worded === 'string' ? worded : (worded?.message ?? issue.message)
    return { field, code: issue.code, message: text }
  })
}
