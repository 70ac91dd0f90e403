import type { Locale } from './messages.ts'
import { INDUSTRY_NAMES_ZH, type Industry } from './schemas/enterprise.ts'
import type { EligibilityRule, PeriodKind, RuleResult } from './schemas/subsidies.ts'

/**
 * Eligibility of one enterprise for one policy: every rule (AND) tested against the enterprise's
 * registry data, each outcome explained in words. Pure, so the server's pre-check and the web's
 * preview say exactly the same thing.
 */

/** What the rules can test, read from the enterprise registry row. */
export interface EnterpriseFacts {
  industry: Industry
  aboveScale: boolean
  /** staff_local + staff_other_province */
  staffTotal: number
  staffOtherProvince: number
  /** resumed_at is set */
  resumed: boolean
  /** The enterprise's area node, and the codes of it and all its ancestors (a rule `within` X passes when X is among them). */
  area: { code: string; name: string; lineageCodes: readonly string[] }
}

/** Area code → name, to name a rule's area in the explanation (falls back to the code). */
export type AreaNames = Readonly<Record<string, string>>

/** English industry names for explanations (the zh names are the registry's own). */
export const INDUSTRY_NAMES_EN: Record<Industry, string> = {
  footwear: 'footwear',
  eyewear: 'eyewear',
  electrical: 'electrical',
  apparel: 'apparel',
  pump_valve: 'pumps and valves',
  auto_parts: 'auto parts',
  machinery: 'machinery',
  printing_packaging: 'printing and packaging',
  electronics: 'electronics',
  chemical: 'chemicals',
  food: 'food',
  logistics: 'logistics',
  construction: 'construction',
  services: 'services',
  other: 'other',
}

/** Evaluates every rule; the policy is open to the enterprise when all results pass. */
export function evaluateEligibility(
  rules: readonly EligibilityRule[],
  facts: EnterpriseFacts,
  areaNames: AreaNames,
  locale: Locale,
): RuleResult[] {
  return rules.map((rule) => {
    const { passed, actual } = testRule(rule, facts)
    return { rule, passed, actual, explanation: explainRule(rule, passed, actual, areaNames, locale) }
  })
}

/** Whether every rule passed (no rules: everyone is eligible). */
export function allPassed(results: readonly RuleResult[]): boolean {
  return results.every((r) => r.passed)
}

function testRule(rule: EligibilityRule, facts: EnterpriseFacts): { passed: boolean; actual: RuleResult['actual'] } {
  switch (rule.fact) {
    case 'industry': {
      const listed = (rule.values ?? []).includes(facts.industry)
      return { passed: rule.op === 'not_in' ? !listed : listed, actual: facts.industry }
    }
    case 'aboveScale':
    case 'resumed': {
      const value = facts[rule.fact]
      return { passed: rule.op === 'is_false' ? !value : value, actual: value }
    }
    case 'staffTotal':
    case 'staffOtherProvince': {
      const value = facts[rule.fact]
      const limit = rule.number ?? 0
      return { passed: rule.op === 'lte' ? value <= limit : value >= limit, actual: value }
    }
    case 'area':
      return { passed: rule.areaCode !== undefined && facts.area.lineageCodes.includes(rule.areaCode), actual: facts.area.name }
  }
}

function industryName(key: string, locale: Locale): string {
  const names: Record<string, string> = locale === 'en' ? INDUSTRY_NAMES_EN : INDUSTRY_NAMES_ZH
  return names[key] ?? key
}

/**
 * The rule and the enterprise's value in words, ending with ✓ or ✗.
 * @example explainRule({ fact: 'staffOtherProvince', op: 'gte', number: 20 }, true, 80, {}, 'zh-CN') // "外省员工须不少于 20 人；本企业 80 人 ✓"
 */
export function explainRule(
  rule: EligibilityRule,
  passed: boolean,
  actual: RuleResult['actual'],
  areaNames: AreaNames,
  locale: Locale,
): string {
  const mark = passed ? '✓' : '✗'
  const en = locale === 'en'
  switch (rule.fact) {
    case 'industry': {
      const list = (rule.values ?? []).map((v) => industryName(v, locale)).join(en ? ', ' : '、')
      const own = industryName(String(actual ?? ''), locale)
      if (rule.op === 'not_in')
        return en ? `Industry must not be ${list}; this enterprise: ${own} ${mark}` : `行业不得为 ${list}；本企业为 ${own} ${mark}`
      return en ? `Industry must be one of ${list}; this enterprise: ${own} ${mark}` : `行业须为 ${list} 之一；本企业为 ${own} ${mark}`
    }
    case 'aboveScale': {
      const wantAbove = rule.op === 'is_true'
      if (en)
        return `Must ${wantAbove ? 'be' : 'not be'} above designated size; this enterprise is ${actual ? '' : 'not '}above designated size ${mark}`
      return `须为${wantAbove ? '规上' : '规下'}企业；本企业为${actual ? '规上' : '规下'}企业 ${mark}`
    }
    case 'resumed': {
      const wantResumed = rule.op === 'is_true'
      if (en)
        return `Must ${wantResumed ? 'have' : 'not yet have'} resumed work; this enterprise has ${actual ? '' : 'not '}resumed ${mark}`
      return `须${wantResumed ? '已' : '尚未'}复工；本企业${actual ? '已' : '尚未'}复工 ${mark}`
    }
    case 'staffTotal':
    case 'staffOtherProvince': {
      const atLeast = rule.op === 'gte'
      if (en) {
        const what = rule.fact === 'staffTotal' ? 'Total staff' : 'Staff from other provinces'
        return `${what} must be at ${atLeast ? 'least' : 'most'} ${rule.number}; this enterprise: ${actual} ${mark}`
      }
      const what = rule.fact === 'staffTotal' ? '员工总数' : '外省员工'
      return `${what}须不${atLeast ? '少' : '多'}于 ${rule.number} 人；本企业 ${actual} 人 ${mark}`
    }
    case 'area': {
      const place = rule.areaCode ? (areaNames[rule.areaCode] ?? rule.areaCode) : '?'
      return en
        ? `Must be located within ${place}; this enterprise is in ${actual} ${mark}`
        : `须位于 ${place} 辖区内；本企业在 ${actual} ${mark}`
    }
  }
}

/**
 * The period an application made on a China date falls in, for a policy's period kind.
 * @example currentPeriod('quarter', '2020-02-10') // '2020-Q1'
 */
export function currentPeriod(kind: PeriodKind, chinaDay: string): string {
  const year = chinaDay.slice(0, 4)
  const month = Number(chinaDay.slice(5, 7))
  if (kind === 'once') return 'once'
  if (kind === 'year') return year
  if (kind === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`
  return chinaDay.slice(0, 7)
}

/** Whether a period key has the policy's kind ('2020-Q1' is a quarter, not a month). */
export function periodFits(kind: PeriodKind, period: string): boolean {
  const patterns: Record<PeriodKind, RegExp> = {
    once: /^once$/,
    year: /^\d{4}$/,
    quarter: /^\d{4}-Q[1-4]$/,
    month: /^\d{4}-(0[1-9]|1[0-2])$/,
  }
  return patterns[kind].test(period)
}
