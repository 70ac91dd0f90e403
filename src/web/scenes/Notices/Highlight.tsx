import { Fragment, type ReactNode } from 'react'
import { highlightRanges } from '../../../shared/chinese-search.ts'

/** A text with the parts that matched the search marked, by the same rules the server searched with. */
export function Highlight({ text, q }: { text: string; q?: string }) {
  const ranges = q ? highlightRanges(text, q) : []
  if (!ranges.length) return <>{text}</>
  const parts: ReactNode[] = []
  let at = 0
  // Keyed by where each part starts in the text: unique and the same on every render of this text.
  for (const [start, end] of ranges) {
    if (start > at) parts.push(<Fragment key={`t${at}`}>{text.slice(at, start)}</Fragment>)
    parts.push(
      <mark key={`m${start}`} className="gl-notice-mark">
        {text.slice(start, end)}
      </mark>,
    )
    at = end
  }
  if (at < text.length) parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>)
  return <>{parts}</>
}
