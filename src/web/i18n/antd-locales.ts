import type { Locale as AntdLocale } from 'antd/es/locale/index.js'
import enModule from 'antd/es/locale/en_US.js'
import zhModule from 'antd/es/locale/zh_CN.js'
import type { Locale } from '../../shared/messages.ts'

/**
 * antd's es/ files are ES modules to Vite but CommonJS to TypeScript's NodeNext resolution
 * (antd's package.json has no "type"), so TypeScript sees `{ default: Locale }` where the
 * bundle gives the Locale itself. Unwrap either shape.
 */
function unwrap(mod: unknown): AntdLocale {
  const m = mod as AntdLocale & { default?: AntdLocale }
  return m.default ?? m
}

export const ANTD_LOCALES: Record<Locale, AntdLocale> = { 'zh-CN': unwrap(zhModule), en: unwrap(enModule) }
