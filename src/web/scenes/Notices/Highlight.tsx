import { Fragment, type ReactNode } from 'react'
import { highlightRanges } from '../../../shared/chinese-search.ts'

/** A text with the parts that matched the search marked, by the same rules the server searched with. */
export function Highlight({ text, q }: { text: string; q?: string }) {
  const ranges = q ? highlightRanges(text, q) : []
  if (!ranges.length) return <>{text}</>
  const parts: ReactNode[] = []
  let at = 0
  ranges.forEach(([start, end], i) => {
    if (start > at) parts.push(<Fragment key={`t${i}`}>{text.slice(at, start)}</Fragment>)
    parts.push(<mark key={`m${i}`} className="gl-notice-mark">{text.slice(start, end)}</mark>)
    at = end
  })
  if (at < text.length) parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>)
  return <>{parts}</>
}
