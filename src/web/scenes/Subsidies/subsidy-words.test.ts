import { describe, expect, it } from 'vitest'
import { amountRuleInWords, chinaToday, periodOptions } from './subsidy-words.ts'

const interest = {
  key: 'interestPaid',
  labelZh: '已付贷款利息（元）',
  labelEn: 'Loan interest paid (yuan)',
  unit: 'yuan' as const,
  max: 1e8,
}

describe('amount rule in words', () => {
  it("says the share and the cap in 万元 as the district words it, without the label's unit", () => {
    const version = { inputs: [interest], formula: { kind: 'share' as const, input: 'interestPaid', rate: 0.5 }, capFen: 100_000_000 }
    expect(amountRuleInWords(version, 'zh-CN')).toBe('按已付贷款利息的 50% 补贴，最高 100 万元')
    expect(amountRuleInWords(version, 'en')).toBe('50% of loan interest paid, at most CNY 1,000,000')
  })

  it('says per-person and fixed amounts in yuan, and no cap when there is none', () => {
    const workers = { key: 'workers', labelZh: '返岗员工人数', labelEn: 'Returning workers', unit: 'count' as const, max: 5000 }
    expect(
      amountRuleInWords(
        { inputs: [workers], formula: { kind: 'per_unit', input: 'workers', fenPerUnit: 50_000 }, capFen: 5_012_345 },
        'zh-CN',
      ),
    ).toBe('按返岗员工人数每个补贴 500 元，最高 50,123.45 元')
    expect(amountRuleInWords({ inputs: [], formula: { kind: 'fixed', fen: 2_000_000 }, capFen: null }, 'zh-CN')).toBe('定额补贴 2 万元')
  })
})

describe('periods an enterprise may apply for', () => {
  it('offers the current quarter first and goes back across the new year to the window start', () => {
    expect(periodOptions('quarter', '2025-11-01', '2027-12-31', '2026-05-20', 'zh-CN')).toEqual([
      { value: '2026-Q2', label: '2026 年第 2 季度' },
      { value: '2026-Q1', label: '2026 年第 1 季度' },
      { value: '2025-Q4', label: '2025 年第 4 季度' },
    ])
  })

  it('stops at the window end when the window has closed', () => {
    expect(periodOptions('month', '2020-01-15', '2020-03-31', '2026-05-20', 'en').map((p) => p.value)).toEqual([
      '2020-03',
      '2020-02',
      '2020-01',
    ])
    expect(periodOptions('year', '2025-01-01', '2026-12-31', '2026-05-20', 'zh-CN').map((p) => p.label)).toEqual(['2026 年', '2025 年'])
    expect(periodOptions('once', '2025-01-01', '2026-12-31', '2026-05-20', 'zh-CN')).toEqual([{ value: 'once', label: '一次性' }])
  })

  it('takes today in Beijing, not in the device zone', () => {
    // 17:00 UTC on 31 March is already 1 April in Wenzhou: the new quarter.
    expect(chinaToday(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01')
  })
})
