import { describe, expect, it } from 'vitest'
import { decideAtGate, decidedAtScan, type ReadCode } from './gate/decide.ts'
import {
  colourFromNationalCode,
  idTypeFromNationalCode,
  NATIONAL_COLOUR_CODES,
  NATIONAL_ID_TYPE_CODES,
  regionOfNationalCode,
} from './health-code-standard.ts'
import { ID_DOCUMENT_TYPES } from './id-document.ts'

describe('national health-code vocabulary', () => {
  it('maps every ID document type to a distinct national code and back', () => {
    const codes = ID_DOCUMENT_TYPES.map((type) => NATIONAL_ID_TYPE_CODES[type].code)
    expect(new Set(codes).size).toBe(ID_DOCUMENT_TYPES.length)
    for (const type of ID_DOCUMENT_TYPES) expect(idTypeFromNationalCode(NATIONAL_ID_TYPE_CODES[type].code)).toBe(type)
    expect(idTypeFromNationalCode('999999')).toBe('other')
  })

  it('maps colours both ways and refuses an unknown colour code', () => {
    for (const colour of ['green', 'yellow', 'red'] as const) expect(colourFromNationalCode(NATIONAL_COLOUR_CODES[colour])).toBe(colour)
    expect(colourFromNationalCode('04')).toBeNull()
  })

  it('reads the issuing region of a CNHC code only', () => {
    expect(regionOfNationalCode('CNHC:360000:abcdefgh12345678')).toBe('360000')
    expect(regionOfNationalCode('CNHC:36000:abcdefgh12345678')).toBeNull()
    expect(regionOfNationalCode('GL1:6BFOXN*TS0BI$ZD')).toBeNull()
  })
})

describe('decideAtGate with a platform code', () => {
  const pending: ReadCode = { valid: false, format: 'platform', reason: 'PLATFORM_DOWN', pending: true }
  const green: ReadCode = { valid: true, format: 'platform', reason: 'OK', kind: 'health', colour: 'green' }

  it('admits a green code verified online', () => {
    const verdict = decideAtGate(green, null, 36.5, 'confirmed')
    expect(verdict.decision).toBe('admit')
    expect(verdict.reasons).toEqual(['HEALTH_GREEN', 'VERIFIED_ONLINE'])
  })

  it('refuses 待核验 by default and under admit_manual without a proof', () => {
    expect(decideAtGate(pending, null, 36.5, 'confirmed').decision).toBe('refuse')
    expect(decideAtGate(pending, null, 36.5, 'confirmed', { policy: 'admit_manual' }).decision).toBe('refuse')
  })

  it('admits 待核验 on a checked proof under admit_manual and asks for an alert, but not a stranger or a fever', () => {
    const verdict = decideAtGate(pending, null, 36.5, 'confirmed', { policy: 'admit_manual', manualProof: 'paper' })
    expect(verdict).toMatchObject({ decision: 'admit', manualAdmitAlert: true })
    expect(verdict.reasons).toContain('MANUAL_PROOF_PAPER')
    expect(decideAtGate(pending, null, 36.5, 'not_holder', { policy: 'admit_manual', manualProof: 'paper' })).toMatchObject({
      decision: 'refuse',
      manualAdmitAlert: false,
    })
    expect(decideAtGate(pending, null, 38.2, 'confirmed', { policy: 'admit_manual', manualProof: 'phone' }).decision).toBe('refuse')
  })

  it('decides at the scan step a red or unknown platform code, not a 待核验 one', () => {
    expect(decidedAtScan({ ...green, colour: 'red' })).toBe(true)
    expect(decidedAtScan({ valid: false, format: 'platform', reason: 'UNKNOWN_CODE' })).toBe(true)
    expect(decidedAtScan(pending)).toBe(false)
    expect(decidedAtScan(green)).toBe(false)
  })
})
