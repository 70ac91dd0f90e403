import { createContext, useContext } from 'react'
import type { Locale } from '../../shared/messages.ts'
import type { Dictionary, UiKey } from '../i18n/zh-CN.ts'

export interface I18n {
  locale: Locale
  setLocale(locale: Locale): void
  /** A UI string with {name} placeholders filled in. */
  t(key: UiKey, vars?: Record<string, string | number>): string
  /** The whole dictionary, for role, level, kind, ID type and action names. */
  d: Dictionary
}

export const I18nContext = createContext<I18n | null>(null)

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}
