import { yuanToFen } from './money.ts'
import type { PolicyVersionData } from './schemas/subsidies.ts'

/**
 * The amount an application gets, from the policy version's formula and the enterprise's inputs.
 * Pure and exact: yuan inputs become integer fen first, a share is floored to the fen with
 * integer arithmetic (0.29 × 100 fen is 29 fen, not 28), then the cap applies.
 */

export type AmountInputErrorCode =
  | 'subsidy.input.required'
  | 'subsidy.input.yuan'
  | 'subsidy.input.count'
  | 'subsidy.input.max'
  | 'subsidy.input.unknown'

export interface AmountResult {
  /** 0 when there are errors. */
  amountFen: number
  /** The formula gave more than capFen. */
  capped: boolean
  /** Per input key; messages in src/shared/messages.ts. */
  errors: { input: string; code: AmountInputErrorCode }[]
}

/** Rates are applied with this many decimal places (a rate like 1/3 is rounded to 9 places). */
const RATE_SCALE = 1_000_000_000n

/**
 * @example computeAmountFen({ inputs: [{ key: 'interest', unit: 'yuan', max: 1e7, … }], formula: { kind: 'share', input: 'interest', rate: 0.5 }, capFen: null }, { interest: 1234.57 })
 *   // { amountFen: 61728, capped: false, errors: [] }
 */
export function computeAmountFen(
  version: Pick<PolicyVersionData, 'inputs' | 'formula' | 'capFen'>,
  inputs: Readonly<Record<string, number>>,
): AmountResult {
  const errors: AmountResult['errors'] = []
  /** yuan inputs in fen, count inputs as they are */
  const values = new Map<string, number>()
  for (const key of Object.keys(inputs)) {
    if (!version.inputs.some((d) => d.key === key)) errors.push({ input: key, code: 'subsidy.input.unknown' })
  }
  for (const definition of version.inputs) {
    const raw = inputs[definition.key]
    if (raw === undefined || raw === null || Number.isNaN(raw)) {
      errors.push({ input: definition.key, code: 'subsidy.input.required' })
      continue
    }
    if (definition.unit === 'yuan') {
      const fen = Number.isFinite(raw) && raw >= 0 ? yuanToFen(raw) : null
      if (fen === null) errors.push({ input: definition.key, code: 'subsidy.input.yuan' })
      else if (fen > Math.round(definition.max * 100)) errors.push({ input: definition.key, code: 'subsidy.input.max' })
      else values.set(definition.key, fen)
    } else if (!Number.isSafeInteger(raw) || raw < 0) {
      errors.push({ input: definition.key, code: 'subsidy.input.count' })
    } else if (raw > definition.max) {
      errors.push({ input: definition.key, code: 'subsidy.input.max' })
    } else {
      values.set(definition.key, raw)
    }
  }
  if (errors.length) return { amountFen: 0, capped: false, errors }

  const formula = version.formula
  let amount: bigint
  if (formula.kind === 'fixed') amount = BigInt(formula.fen)
  else if (formula.kind === 'share') {
    const rateScaled = BigInt(Math.round(formula.rate * Number(RATE_SCALE)))
    amount = (BigInt(values.get(formula.input) ?? 0) * rateScaled) / RATE_SCALE
  } else amount = BigInt(values.get(formula.input) ?? 0) * BigInt(formula.fenPerUnit)

  const capped = version.capFen !== null && amount > BigInt(version.capFen)
  if (capped) amount = BigInt(version.capFen!)
  return { amountFen: Number(amount), capped, errors }
}
