import { describe, expect, it } from 'vitest'
import { decideAtGate, decidedAtScan, scanTimeProblem, type ReadCode } from './decide.ts'

const health = (colour: 'green' | 'yellow' | 'red'): ReadCode => ({
  valid: true,
  format: 'gridline',
  reason: 'OK',
  kind: 'health',
  personId: 'p1',
  colour,
})
const house: ReadCode = { valid: true, format: 'gridline', reason: 'OK', kind: 'house', propertyId: 'h1' }
const invalid = (reason: string): ReadCode => ({ valid: false, format: 'gridline', reason })

describe('decideAtGate', () => {
  it('admits green, sends yellow home and red to centralised isolation', () => {
    expect(decideAtGate(health('green'), null, 36.5)).toMatchObject({ decision: 'admit', isolation: null, reasons: ['HEALTH_GREEN'] })
    expect(decideAtGate(health('yellow'), null, 36.5)).toMatchObject({ decision: 'home_isolation', isolation: 'home' })
    expect(decideAtGate(health('red'), null, 36.5)).toMatchObject({ decision: 'centralised_isolation', isolation: 'centralised' })
  })

  it('calls the landlord to escort when a green person shows a valid house code', () => {
    expect(decideAtGate(health('green'), house, 36.6)).toMatchObject({
      decision: 'admit_escort',
      escortPropertyId: 'h1',
      reasons: ['HEALTH_GREEN', 'HOUSE_CODE_OK'],
    })
  })

  it('refuses a forged code and raises a security alert', () => {
    for (const reason of ['BAD_SIGNATURE', 'UNKNOWN_KEY', 'MALFORMED']) {
      expect(decideAtGate(invalid(reason), null, undefined)).toMatchObject({
        decision: 'refuse',
        securityAlert: true,
        reasons: [`CODE_${reason}`],
      })
    }
  })

  it('refuses an expired or revoked code without calling it forged', () => {
    for (const reason of ['EXPIRED', 'REVOKED', 'NOT_YET_VALID']) {
      expect(decideAtGate(invalid(reason), null, undefined)).toMatchObject({ decision: 'refuse', securityAlert: false })
    }
  })

  it('keeps a green person with 37.3 °C out and flags the fever', () => {
    expect(decideAtGate(health('green'), house, 37.3)).toMatchObject({ decision: 'refuse', fever: true, escortPropertyId: null })
    expect(decideAtGate(health('green'), null, 37.2)).toMatchObject({ decision: 'admit', fever: false })
  })

  it('still isolates a yellow person with a fever', () => {
    expect(decideAtGate(health('yellow'), null, 38.1)).toMatchObject({ decision: 'home_isolation', fever: true })
  })

  it('refuses a house code shown as a health code, and a health code shown as a house code', () => {
    expect(decideAtGate({ ...house }, null, 36.5)).toMatchObject({ decision: 'refuse', reasons: ['CODE_NOT_A_HEALTH_CODE'] })
    expect(decideAtGate(health('green'), health('green'), 36.5)).toMatchObject({
      decision: 'refuse',
      reasons: ['HEALTH_GREEN', 'HOUSE_CODE_NOT_A_HOUSE_CODE'],
    })
  })

  it('refuses and alerts on a forged house code', () => {
    expect(decideAtGate(health('green'), invalid('BAD_SIGNATURE'), 36.5)).toMatchObject({ decision: 'refuse', securityAlert: true })
  })

  it('admits a valid EU certificate as a foreign certificate', () => {
    expect(decideAtGate({ valid: true, format: 'dcc', reason: 'OK' }, null, 36.5)).toMatchObject({
      decision: 'admit',
      reasons: ['FOREIGN_CERTIFICATE_DCC'],
    })
  })

  it("refuses someone else's code (非本人) without isolating the code's holder", () => {
    expect(decideAtGate(health('green'), house, 36.5, 'not_holder')).toMatchObject({
      decision: 'refuse',
      escortPropertyId: null,
      reasons: ['IDENTITY_NOT_HOLDER'],
    })
    expect(decideAtGate(health('yellow'), null, 36.5, 'not_holder')).toMatchObject({ decision: 'refuse', isolation: null })
    expect(decideAtGate(health('green'), null, 36.5, 'confirmed')).toMatchObject({ decision: 'admit' })
  })
})

describe('decidedAtScan', () => {
  it('ends the scan at once for codes that cannot pass, and lets green and yellow go on', () => {
    for (const reason of ['BAD_SIGNATURE', 'EXPIRED', 'REVOKED', 'BAD_BASE45', 'BAD_PREFIX'])
      expect(decidedAtScan(invalid(reason))).toBe(true)
    expect(decidedAtScan(health('red'))).toBe(true)
    expect(decidedAtScan(house)).toBe(true)
    expect(decidedAtScan(health('green'))).toBe(false)
    expect(decidedAtScan(health('yellow'))).toBe(false)
    expect(decidedAtScan({ valid: true, format: 'dcc', reason: 'OK' })).toBe(false)
  })
})

describe('scanTimeProblem', () => {
  const now = new Date('2026-12-07T12:00:00Z')
  const offset = (ms: number) => new Date(now.getTime() + ms)
  it('accepts now − 72 h … now + 5 min and names what is wrong outside', () => {
    expect(scanTimeProblem(offset(0), now)).toBeNull()
    expect(scanTimeProblem(offset(5 * 60_000), now)).toBeNull()
    expect(scanTimeProblem(offset(-72 * 3600_000), now)).toBeNull()
    expect(scanTimeProblem(offset(5 * 60_000 + 1000), now)).toBe('SCAN_TIME_IN_FUTURE')
    expect(scanTimeProblem(offset(25 * 3600_000), now)).toBe('SCAN_TIME_IN_FUTURE')
    expect(scanTimeProblem(offset(-72 * 3600_000 - 1000), now)).toBe('SCAN_TIME_TOO_OLD')
  })
})
