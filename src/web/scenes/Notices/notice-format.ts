import type { NoticeCategory } from '../../../shared/schemas/notices.ts'

/** The China calendar day of an instant ('2020-02-12'): notices are dated where they are issued. */
export function chinaDay(iso: string | null): string {
  if (!iso) return '—'
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Paragraphs of a plain-text body: blank lines (or single line breaks) separate them. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

export const CATEGORY_COLOURS: Record<NoticeCategory, string> = {
  policy: 'blue',
  announcement: 'gold',
  recruitment: 'green',
  guide: 'purple',
}
