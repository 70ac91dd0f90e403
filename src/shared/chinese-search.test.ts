import { describe, expect, it } from 'vitest'
import { highlightRanges, queryTerms, searchTerms } from './chinese-search.ts'

/** Whether a text matches a query the way the database decides it: every query term indexed. */
function matches(text: string, q: string): boolean {
  const indexed = new Set(searchTerms(text))
  const terms = queryTerms(q)
  return terms.length > 0 && terms.every((term) => indexed.has(term))
}

const LOAN = '明确出资5000万元设立战“疫”专项贷款贴息资金，最快一天到位。'

describe('searchTerms', () => {
  it('indexes every Han character and every overlapping bigram of a run', () => {
    expect(searchTerms('贷款贴息')).toEqual(['贷', '款', '贴', '息', '贷款', '款贴', '贴息'])
  })

  it('pairs characters across quote, bracket and name marks inside a Han phrase', () => {
    const terms = searchTerms('战“疫”专项')
    expect(terms).toEqual(expect.arrayContaining(['战', '疫', '专', '项', '战疫', '疫专', '专项']))
    expect(terms).not.toContain('“')
    expect(searchTerms('战"疫"')).toContain('战疫')
    expect(searchTerms('战＂疫＂')).toContain('战疫')
    expect(searchTerms('《条例》')).toEqual(['条', '例', '条例'])
    expect(searchTerms('「复工」『复产』')).toContain('工复')
    expect(searchTerms('买买提·艾力')).toContain('提艾')
  })

  it('does not pair characters across other punctuation, spaces or latin text', () => {
    expect(searchTerms('战，疫')).not.toContain('战疫')
    expect(searchTerms('战 “疫')).not.toContain('战疫')
    expect(searchTerms('第2批')).not.toContain('第批')
    // Marks only join Han runs: latin words still end at a quote.
    expect(searchTerms('"OH"2020')).toEqual(['oh', '2020'])
  })

  it('keeps latin and digit words lower-cased, full-width folded to half-width', () => {
    expect(searchTerms('Policy OH-2020-01')).toEqual(['policy', 'oh', '2020', '01'])
    expect(searchTerms('ＯＨ－２０２０')).toEqual(['oh', '2020'])
  })

  it('lists each term once', () => {
    const terms = searchTerms('复工复产 复工复产 复工')
    expect(new Set(terms).size).toBe(terms.length)
    expect(terms).toContain('复工')
    expect(terms).toContain('工复')
  })

  it('gives nothing for punctuation and spaces', () => {
    expect(searchTerms(' ，。！“” - ')).toEqual([])
  })
})

describe('queryTerms', () => {
  it('takes the bigrams of a Han run', () => {
    expect(queryTerms('贷款贴息')).toEqual(['贷款', '款贴', '贴息'])
  })

  it('reads a query with quotes the way the text was indexed', () => {
    expect(queryTerms('战“疫”专项')).toEqual(['战疫', '疫专', '专项'])
    expect(queryTerms('战疫专项')).toEqual(['战疫', '疫专', '专项'])
  })

  it('takes a lone character as itself and latin words as words', () => {
    expect(queryTerms('疫 补贴 Policy')).toEqual(['疫', '补贴', 'policy'])
  })

  it('is empty for a query with nothing searchable', () => {
    expect(queryTerms('')).toEqual([])
    expect(queryTerms('  ，。！？ ')).toEqual([])
  })
})

describe('matching (the database rule: text terms contain all query terms)', () => {
  it('finds 贷款贴息 and 贴息 in the loan-interest notice', () => {
    expect(matches(LOAN, '贷款贴息')).toBe(true)
    expect(matches(LOAN, '贴息')).toBe(true)
  })

  it('finds 战疫 and 战疫专项 although quotes stand between the characters', () => {
    expect(matches(LOAN, '战疫')).toBe(true)
    expect(matches(LOAN, '战疫专项')).toBe(true)
    expect(matches(LOAN, '战“疫”专项贷款')).toBe(true)
    expect(matches(LOAN, '疫专项资金')).toBe(false)
  })

  it('does not find 贷款利息 in a text that only says 贷款贴息', () => {
    expect(matches(LOAN, '贷款利息')).toBe(false)
  })

  it('matches full-width digits and letters against half-width ones', () => {
    expect(matches(LOAN, '５０００')).toBe(true)
    expect(matches('政策编号 OH-2020-01', 'ｏｈ ２０２０')).toBe(true)
  })

  it('needs every part of a query with several words', () => {
    expect(matches('国有资产租金减免', '租金 减免')).toBe(true)
    expect(matches('国有资产租金减免', '租金 补贴')).toBe(false)
  })
})

describe('highlightRanges', () => {
  it('marks where the query terms are in the original text', () => {
    const text = '战“疫”专项贷款贴息资金'
    const [range] = highlightRanges(text, '贷款贴息')
    expect(text.slice(range![0], range![1])).toBe('贷款贴息')
  })

  it('marks a query across the quotes inside a Han phrase', () => {
    const text = '设立战“疫”专项贷款'
    expect(highlightRanges(text, '战疫专项').map(([a, b]) => text.slice(a, b))).toEqual(['战“疫”专项'])
    expect(highlightRanges('战，疫', '战疫')).toEqual([])
  })

  it('maps full-width text back to its own offsets', () => {
    const text = '编号ＯＨ２０２０'
    const ranges = highlightRanges(text, 'oh')
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['ＯＨ'])
  })

  it('marks nothing for an empty query', () => {
    expect(highlightRanges('贷款贴息', '  ')).toEqual([])
  })
})
