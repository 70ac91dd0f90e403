import { describe, expect, it } from 'vitest'
import type { EligibilityRule } from './schemas/subsidies.ts'
import { allPassed, currentPeriod, evaluateEligibility, explainRule, periodFits, type EnterpriseFacts } from './subsidy-eligibility.ts'

const eyewear: EnterpriseFacts = {
  industry: 'eyewear',
  aboveScale: true,
  staffTotal: 150,
  staffOtherProvince: 80,
  resumed: true,
  area: { code: '330304005000', name: '瞿溪街道', lineageCodes: ['330300000000', '330304000000', '330304005000'] },
}
const areaNames = { '330304000000': '瓯海区', '330302000000': '鹿城区' }

function one(rule: EligibilityRule, facts = eyewear, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return evaluateEligibility([rule], facts, areaNames, locale)[0]!
}

describe('evaluateEligibility', () => {
  it('industry in: fails for an industry not listed, naming the list and the enterprise’s own in both languages', () => {
    const rule: EligibilityRule = { fact: 'industry', op: 'in', values: ['food', 'other'] }
    expect(one(rule)).toMatchObject({ passed: false, actual: 'eyewear', explanation: '行业须为 食品、其他 之一；本企业为 眼镜 ✗' })
    expect(one(rule, eyewear, 'en').explanation).toBe('Industry must be one of food, other; this enterprise: eyewear ✗')
    expect(one(rule, { ...eyewear, industry: 'food' })).toMatchObject({
      passed: true,
      explanation: '行业须为 食品、其他 之一；本企业为 食品 ✓',
    })
  })

  it('industry not_in: passes unless the industry is excluded', () => {
    const rule: EligibilityRule = { fact: 'industry', op: 'not_in', values: ['chemical'] }
    expect(one(rule)).toMatchObject({ passed: true, explanation: '行业不得为 化工；本企业为 眼镜 ✓' })
    const chemical = one(rule, { ...eyewear, industry: 'chemical' }, 'en')
    expect(chemical).toMatchObject({ passed: false, explanation: 'Industry must not be chemicals; this enterprise: chemicals ✗' })
  })

  it('staffOtherProvince gte / lte compare inclusively', () => {
    expect(one({ fact: 'staffOtherProvince', op: 'gte', number: 20 })).toMatchObject({
      passed: true,
      actual: 80,
      explanation: '外省员工须不少于 20 人；本企业 80 人 ✓',
    })
    expect(one({ fact: 'staffOtherProvince', op: 'gte', number: 80 }).passed).toBe(true)
    expect(one({ fact: 'staffOtherProvince', op: 'gte', number: 81 }, eyewear, 'en')).toMatchObject({
      passed: false,
      explanation: 'Staff from other provinces must be at least 81; this enterprise: 80 ✗',
    })
    expect(one({ fact: 'staffOtherProvince', op: 'lte', number: 79 }).passed).toBe(false)
  })

  it('staffTotal lte explains the limit (small enterprises only)', () => {
    const rule: EligibilityRule = { fact: 'staffTotal', op: 'lte', number: 100 }
    expect(one(rule)).toMatchObject({ passed: false, actual: 150, explanation: '员工总数须不多于 100 人；本企业 150 人 ✗' })
    expect(one(rule, { ...eyewear, staffTotal: 100 }, 'en')).toMatchObject({
      passed: true,
      explanation: 'Total staff must be at most 100; this enterprise: 100 ✓',
    })
  })

  it('aboveScale is_true / is_false', () => {
    expect(one({ fact: 'aboveScale', op: 'is_true' })).toMatchObject({
      passed: true,
      actual: true,
      explanation: '须为规上企业；本企业为规上企业 ✓',
    })
    expect(one({ fact: 'aboveScale', op: 'is_false' })).toMatchObject({ passed: false, explanation: '须为规下企业；本企业为规上企业 ✗' })
    expect(one({ fact: 'aboveScale', op: 'is_true' }, { ...eyewear, aboveScale: false }, 'en')).toMatchObject({
      passed: false,
      explanation: 'Must be above designated size; this enterprise is not above designated size ✗',
    })
  })

  it('resumed is_true / is_false', () => {
    expect(one({ fact: 'resumed', op: 'is_true' }, { ...eyewear, resumed: false })).toMatchObject({
      passed: false,
      explanation: '须已复工；本企业尚未复工 ✗',
    })
    expect(one({ fact: 'resumed', op: 'is_true' }, eyewear, 'en')).toMatchObject({
      passed: true,
      explanation: 'Must have resumed work; this enterprise has resumed ✓',
    })
    expect(one({ fact: 'resumed', op: 'is_false' }).passed).toBe(false)
  })

  it('area within passes for the node and its descendants, not for a sibling district', () => {
    expect(one({ fact: 'area', op: 'within', areaCode: '330304000000' })).toMatchObject({
      passed: true,
      actual: '瞿溪街道',
      explanation: '须位于 瓯海区 辖区内；本企业在 瞿溪街道 ✓',
    })
    expect(one({ fact: 'area', op: 'within', areaCode: '330304005000' }).passed).toBe(true)
    expect(one({ fact: 'area', op: 'within', areaCode: '330302000000' }, eyewear, 'en')).toMatchObject({
      passed: false,
      explanation: 'Must be located within 鹿城区; this enterprise is in 瞿溪街道 ✗',
    })
  })

  it('all rules must pass (AND); no rules means everyone', () => {
    const results = evaluateEligibility(
      [
        { fact: 'area', op: 'within', areaCode: '330304000000' },
        { fact: 'industry', op: 'in', values: ['food'] },
      ],
      eyewear,
      areaNames,
      'zh-CN',
    )
    expect(results.map((r) => r.passed)).toEqual([true, false])
    expect(allPassed(results)).toBe(false)
    expect(allPassed(evaluateEligibility([], eyewear, areaNames, 'en'))).toBe(true)
  })

  it('explainRule re-words a stored result in another language', () => {
    expect(explainRule({ fact: 'staffTotal', op: 'gte', number: 10 }, true, 150, {}, 'en')).toBe(
      'Total staff must be at least 10; this enterprise: 150 ✓',
    )
  })
})

describe('periods', () => {
  it('names the current period of each kind in China dates', () => {
    expect(currentPeriod('once', '2020-02-10')).toBe('once')
    expect(currentPeriod('year', '2020-02-10')).toBe('2020')
    expect(currentPeriod('quarter', '2020-02-10')).toBe('2020-Q1')
    expect(currentPeriod('quarter', '2020-10-01')).toBe('2020-Q4')
    expect(currentPeriod('month', '2020-02-10')).toBe('2020-02')
  })
  it('checks that a period key has the policy’s kind', () => {
    expect(periodFits('month', '2020-02')).toBe(true)
    expect(periodFits('month', '2020-Q1')).toBe(false)
    expect(periodFits('quarter', '2020-Q1')).toBe(true)
    expect(periodFits('once', '2020')).toBe(false)
  })
})
