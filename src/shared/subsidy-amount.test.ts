import { describe, expect, it } from 'vitest'
import type { PolicyVersionData } from './schemas/subsidies.ts'
import { computeAmountFen } from './subsidy-amount.ts'

type Version = Pick<PolicyVersionData, 'inputs' | 'formula' | 'capFen'>

const interest: Version = {
  inputs: [
    { key: 'loan', labelZh: '贷款金额', labelEn: 'Loan', unit: 'yuan', max: 100_000_000 },
    { key: 'interestPaid', labelZh: '已付利息', labelEn: 'Interest paid', unit: 'yuan', max: 5_000_000 },
  ],
  formula: { kind: 'share', input: 'interestPaid', rate: 0.5 },
  capFen: 100_000_000,
}
const perWorker: Version = {
  inputs: [{ key: 'workers', labelZh: '返岗人数', labelEn: 'Returning workers', unit: 'count', max: 5000 }],
  formula: { kind: 'per_unit', input: 'workers', fenPerUnit: 50_000 },
  capFen: 10_000_000,
}

describe('computeAmountFen', () => {
  it('share: half the interest, floored to the fen', () => {
    expect(computeAmountFen(interest, { loan: 1_000_000, interestPaid: 12_345.67 })).toEqual({
      amountFen: 617_283,
      capped: false,
      errors: [],
    })
  })

  it('share: exact for rates that are not exact in binary (29% of 1 yuan is 29 fen, not 28)', () => {
    const v: Version = { ...interest, formula: { kind: 'share', input: 'interestPaid', rate: 0.29 } }
    expect(computeAmountFen(v, { loan: 0, interestPaid: 1 }).amountFen).toBe(29)
    expect(computeAmountFen(v, { loan: 0, interestPaid: 0.03 }).amountFen).toBe(0) // 0.87 fen floors to 0
  })

  it('share: applies the cap and says so', () => {
    expect(computeAmountFen(interest, { loan: 1, interestPaid: 3_000_000 })).toEqual({ amountFen: 100_000_000, capped: true, errors: [] })
  })

  it('per_unit: count × amount per unit, capped', () => {
    expect(computeAmountFen(perWorker, { workers: 30 })).toEqual({ amountFen: 1_500_000, capped: false, errors: [] })
    expect(computeAmountFen(perWorker, { workers: 300 })).toEqual({ amountFen: 10_000_000, capped: true, errors: [] })
  })

  it('fixed: the set amount whatever the inputs, no cap', () => {
    expect(computeAmountFen({ inputs: [], formula: { kind: 'fixed', fen: 2_000_000 }, capFen: null }, {})).toEqual({
      amountFen: 2_000_000,
      capped: false,
      errors: [],
    })
  })

  it('refuses invalid inputs by key: missing, 3 decimals, negative, fractional count, above max, unknown', () => {
    expect(computeAmountFen(interest, { interestPaid: 10.123 }).errors).toEqual([
      { input: 'loan', code: 'subsidy.input.required' },
      { input: 'interestPaid', code: 'subsidy.input.yuan' },
    ])
    expect(computeAmountFen(interest, { loan: -1, interestPaid: 5_000_000.01 }).errors).toEqual([
      { input: 'loan', code: 'subsidy.input.yuan' },
      { input: 'interestPaid', code: 'subsidy.input.max' },
    ])
    expect(computeAmountFen(perWorker, { workers: 2.5 }).errors).toEqual([{ input: 'workers', code: 'subsidy.input.count' }])
    expect(computeAmountFen(perWorker, { workers: 5001 }).errors).toEqual([{ input: 'workers', code: 'subsidy.input.max' }])
    const unknown = computeAmountFen(perWorker, { workers: 1, bonus: 3 })
    expect(unknown).toEqual({ amountFen: 0, capped: false, errors: [{ input: 'bonus', code: 'subsidy.input.unknown' }] })
  })

  it('accepts the max itself', () => {
    expect(computeAmountFen(perWorker, { workers: 5000 }).errors).toEqual([])
    expect(computeAmountFen(interest, { loan: 100_000_000, interestPaid: 5_000_000 }).errors).toEqual([])
  })
})
