import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn.js'
import { useCallback, useMemo, useState, type ReactNode } from 'react'
import { LOCALES, type Locale } from '../../shared/messages.ts'
import { setApiLocale } from '../api/client.ts'
import { I18nContext, type I18n } from '../hooks/useI18n.ts'
import { en } from './en.ts'
import { zhCN, type UiKey } from './zh-CN.ts'

const STORAGE_KEY = 'gridline.locale'
const DICTIONARIES = { 'zh-CN': zhCN, en }

/** zh-CN unless the user chose English before on this device. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY)
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'zh-CN'
}

/** Applies a language everywhere outside React: API header, dayjs, <html lang>. */
function applyLocale(locale: Locale) {
  setApiLocale(locale)
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn')
  document.documentElement.lang = locale
  document.title = locale === 'en' ? 'Gridline 网格通 · Smart control' : '网格通 Gridline · 精密智控'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const first = initialLocale()
    applyLocale(first)
    return first
  })
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next)
    // Before the re-render, so requests made by the new render already carry the new language.
    applyLocale(next)
    setState(next)
  }, [])
  const value = useMemo<I18n>(() => {
    const d = DICTIONARIES[locale]
    const t = (key: UiKey, vars?: Record<string, string | number>) => {
      const text = d.ui[key] ?? key
      return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : text
    }
    return { locale, setLocale, t, d }
  }, [locale, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}
