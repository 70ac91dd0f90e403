import dayjs, { type Dayjs } from 'dayjs'
import type {
  AmountInputDefinition,
  EligibilityRule,
  PeriodKind,
  PolicyCategory,
  PolicyVersionData,
  PolicyVersionInput,
} from '../../../shared/schemas/subsidies.ts'
import type { FieldError } from '../../lib/form-errors.ts'

/**
 * The policy editor's form values and their translation to the API's version shape: people
 * type yuan and percentages, the API keeps fen and a 0..1 rate.
 */
export interface VersionFormValues {
  title?: string
  summary?: string
  category?: PolicyCategory
  window?: [Dayjs, Dayjs]
  periodKind?: PeriodKind
  rules?: Partial<EligibilityRule>[]
  inputs?: Partial<AmountInputDefinition>[]
  formula?: { kind?: 'fixed' | 'share' | 'per_unit'; input?: string; ratePercent?: number; perUnitYuan?: number; fixedYuan?: number }
  capYuan?: number | null
  documents?: { key?: string; nameZh?: string; nameEn?: string }[]
  approvalLevels?: { nameZh?: string; nameEn?: string }[]
  promiseWorkdays?: number
}

export interface PolicyFormValues extends VersionFormValues {
  /** Only when creating. */
  code?: string
  budgetYuan?: number
}

const fen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100))

/** Form values → what POST /policies/:id/versions takes (the shared schema checks it next). */
export function toVersionInput(v: VersionFormValues): PolicyVersionInput {
  const f = v.formula ?? {}
  const formula =
    f.kind === 'share'
      ? { kind: 'share' as const, input: f.input ?? '', rate: f.ratePercent === undefined ? NaN : Math.round(f.ratePercent * 100) / 10_000 }
      : f.kind === 'per_unit'
        ? { kind: 'per_unit' as const, input: f.input ?? '', fenPerUnit: fen(f.perUnitYuan) ?? NaN }
        : { kind: 'fixed' as const, fen: fen(f.fixedYuan) ?? NaN }
  return {
    title: v.title ?? '',
    summary: v.summary ?? '',
    category: v.category!,
    opensOn: v.window?.[0]?.format('YYYY-MM-DD') ?? '',
    closesOn: v.window?.[1]?.format('YYYY-MM-DD') ?? '',
    periodKind: v.periodKind!,
    rules: (v.rules ?? []).map(cleanRule),
    inputs: (v.inputs ?? []).map((i) => ({
      key: i.key ?? '',
      labelZh: i.labelZh ?? '',
      labelEn: i.labelEn ?? '',
      unit: i.unit ?? 'yuan',
      max: i.max ?? 0,
    })),
    formula,
    capFen: fen(v.capYuan) ?? null,
    documents: (v.documents ?? []).map((d) => ({ key: d.key ?? '', nameZh: d.nameZh ?? '', nameEn: d.nameEn ?? '' })),
    approvalLevels: (v.approvalLevels ?? []).map((l) => ({ nameZh: l.nameZh ?? '', nameEn: l.nameEn ?? '' })),
    promiseWorkdays: v.promiseWorkdays ?? 1,
  }
}

/** Keeps only the value the operator uses (a row switched from industry to staff keeps no stale list). */
function cleanRule(rule: Partial<EligibilityRule>): EligibilityRule {
  const base = { fact: rule.fact!, op: rule.op! }
  if (rule.op === 'in' || rule.op === 'not_in') return { ...base, values: rule.values ?? [] }
  if (rule.op === 'gte' || rule.op === 'lte') return { ...base, number: rule.number }
  if (rule.op === 'within') return { ...base, areaCode: rule.areaCode }
  return base
}

/** A saved version → form values. */
export function fromVersion(data: PolicyVersionData): VersionFormValues {
  const f = data.formula
  return {
    ...data,
    window: [dayjs(data.opensOn), dayjs(data.closesOn)],
    rules: data.rules.map((r) => ({ ...r })),
    inputs: data.inputs.map((i) => ({ ...i })),
    formula:
      f.kind === 'share'
        ? { kind: 'share', input: f.input, ratePercent: Math.round(f.rate * 10_000) / 100 }
        : f.kind === 'per_unit'
          ? { kind: 'per_unit', input: f.input, perUnitYuan: f.fenPerUnit / 100 }
          : { kind: 'fixed', fixedYuan: f.fen / 100 },
    capYuan: data.capFen === null ? null : data.capFen / 100,
  }
}

/** A blank version for a new policy: the issuing district's area rule, one review level, the one-day promise. */
export function blankVersion(areaCode: string | undefined, today: string): VersionFormValues {
  return {
    category: 'finance',
    periodKind: 'quarter',
    window: [dayjs(today), dayjs(today).add(1, 'year').endOf('year')],
    rules: areaCode ? [{ fact: 'area', op: 'within', areaCode }] : [],
    inputs: [],
    formula: { kind: 'fixed' },
    capYuan: null,
    documents: [],
    approvalLevels: [{ nameZh: '区级审核', nameEn: 'District review' }],
    promiseWorkdays: 1,
  }
}

/**
 * Where an API field error belongs in the form: "rules.0.values" → ['rules', 0, 'values'],
 * "opensOn" → the window picker, fen amounts → their yuan inputs. Creation errors carry "version.".
 */
export function formNamePath(field: string): (string | number)[] {
  const plain = field.startsWith('version.') ? field.slice('version.'.length) : field
  const renamed: Record<string, string> = {
    opensOn: 'window',
    closesOn: 'window',
    capFen: 'capYuan',
    budgetFen: 'budgetYuan',
    'formula.fen': 'formula.fixedYuan',
    'formula.fenPerUnit': 'formula.perUnitYuan',
    'formula.rate': 'formula.ratePercent',
  }
  return (renamed[plain] ?? plain).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

/** Groups field errors by form name path; errors for fields the form does not show are returned apart. */
export function placeErrors(errors: readonly FieldError[], shown: (path: (string | number)[]) => boolean) {
  const placed = new Map<string, { name: (string | number)[]; errors: string[] }>()
  const rest: FieldError[] = []
  for (const error of errors) {
    const name = formNamePath(error.field)
    if (!shown(name)) {
      rest.push(error)
      continue
    }
    const key = JSON.stringify(name)
    const entry = placed.get(key) ?? { name, errors: [] }
    if (!entry.errors.includes(error.message)) entry.errors.push(error.message)
    placed.set(key, entry)
  }
  return { placed: [...placed.values()], rest }
}
