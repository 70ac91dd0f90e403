/**
 * Chinese full-text search without word segmentation (the database's `to_tsvector` knows no
 * Chinese, and a dictionary segmenter splits "贷款贴息" one day and "贷款/贴/息" the next).
 *
 * A text is indexed as every Han character and every overlapping pair of Han characters
 * (unigrams + bigrams), plus its latin/digit words; a query is the bigrams of each Han run
 * (a lone character gives its unigram) plus its words. A text matches when it holds every
 * query term. So "贴息" finds "…专项贷款贴息资金…", and "贷款利息" does not (no "款利").
 * Text is NFKC-normalised and lower-cased first: full-width ＡＢＣ１２ equals ABC12.
 * Used by the server (index + query) and the web (highlighting), so both agree.
 */

/** Han ideographs (CJK unified, extensions, compatibility) and 〇. */
const HAN = /[\p{Script=Han}〇]/u
/** Letters and digits of any other script: latin words, numbers, document numbers. */
const WORD = /[\p{L}\p{N}]/u
/**
 * Quote, bracket and name marks a Han phrase carries inside it: 战“疫”专项, 《条例》, 买买提·艾力.
 * A Han run goes on across them (in text and query alike), so "战疫" and "战疫专项" find
 * 战“疫”专项; any other punctuation, a space or latin text still ends the run.
 */
export const MARKS_INSIDE_HAN_TEXT = '“”‘’「」『』《》〈〉"\'·'
const MARKS_INSIDE_HAN = new Set(MARKS_INSIDE_HAN_TEXT)

/** NFKC + lower case: the form every term and every compared text takes. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

interface Runs {
  han: string[]
  words: string[]
}

/**
 * Splits normalised text into runs of Han characters and runs of other letters/digits; marks
 * inside a Han run (MARKS_INSIDE_HAN) are passed over without ending it.
 */
function runsOf(text: string): Runs {
  const runs: Runs = { han: [], words: [] }
  let current = ''
  let kind: 'han' | 'word' | null = null
  const flush = () => {
    if (kind === 'han') runs.han.push(current)
    else if (kind === 'word') runs.words.push(current)
    current = ''
    kind = null
  }
  for (const ch of normalizeForSearch(text)) {
    if (kind === 'han' && MARKS_INSIDE_HAN.has(ch)) continue
    const next = HAN.test(ch) ? 'han' : WORD.test(ch) ? 'word' : null
    if (next !== kind) flush()
    if (next) {
      kind = next
      current += ch
    }
  }
  flush()
  return runs
}

/** The overlapping pairs of a run of characters (by code point, so rare ideographs count once). */
function bigrams(chars: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/**
 * The terms a text is indexed under: every Han character and every overlapping Han bigram,
 * and every latin/digit word, lower-cased; without duplicates.
 * @example searchTerms('贷款贴息 OH-2020') // ['贷','款','贴','息','贷款','款贴','贴息','oh','2020']
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>()
  const { han, words } = runsOf(text)
  for (const run of han) {
    const chars = [...run]
    for (const ch of chars) terms.add(ch)
    for (const pair of bigrams(chars)) terms.add(pair)
  }
  for (const word of words) terms.add(word)
  return [...terms]
}

/**
 * The terms a text must all hold to match a query: the bigrams of each Han run (a run of one
 * character gives that character) and each latin/digit word; without duplicates. Empty for a
 * query with nothing searchable (only spaces or punctuation).
 * @example queryTerms('贷款贴息') // ['贷款','款贴','贴息']
 */
export function queryTerms(q: string): string[] {
  const terms = new Set<string>()
  const { han, words } = runsOf(q)
  for (const run of han) {
    const chars = [...run]
    if (chars.length === 1) terms.add(chars[0]!)
    else for (const pair of bigrams(chars)) terms.add(pair)
  }
  for (const word of words) terms.add(word)
  return [...terms]
}

/**
 * Where a query's terms occur in a text, for highlighting: [start, end) offsets into the
 * original text (UTF-16), merged where they overlap. Compares the normalised forms, so a
 * full-width "２０２０" in the text lights up for "2020", and passes over marks inside a Han
 * run as runsOf does, so "战疫" lights up 战“疫.
 */
export function highlightRanges(text: string, q: string): [number, number][] {
  const terms = queryTerms(q)
  if (!terms.length) return []
  // Normalise code point by code point, remembering where each normalised unit came from.
  let normalised = ''
  const origin: number[] = []
  let offset = 0
  let inHan = false
  for (const ch of text) {
    const n = normalizeForSearch(ch)
    if (!(inHan && MARKS_INSIDE_HAN.has(n))) {
      for (let i = 0; i < n.length; i++) origin.push(offset)
      normalised += n
      if (n) inHan = HAN.test([...n].at(-1)!)
    }
    offset += ch.length
  }
  origin.push(text.length)
  const ranges: [number, number][] = []
  for (const term of terms) {
    for (let at = normalised.indexOf(term); at !== -1; at = normalised.indexOf(term, at + 1)) {
      const endUnit = at + term.length
      const lastOrigin = origin[endUnit - 1]!
      // The end is the end of the original code point the last normalised unit came from.
      const end = lastOrigin + (text.codePointAt(lastOrigin)! > 0xffff ? 2 : 1)
      ranges.push([origin[at]!, end])
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: [number, number][] = []
  for (const range of ranges) {
    const last = merged[merged.length - 1]
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  return merged
}
