import { describe, expect, it } from 'vitest'
import { checkIdNumber, checkResidentId, maskIdNumber, maskPhone, normalizeIdNumber, residentIdCheckCharacter } from './id-document.ts'

describe('resident ID (GB 11643)', () => {
  it('computes the check character of the standard example', () => {
    // GB 11643-1999 worked example: 11010519491231002X
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X')
    expect(checkResidentId('11010519491231002X')).toBeNull()
  })

  it('refuses a wrong check digit', () => {
    expect(checkResidentId('110105194912310021')).toBe('check_digit')
  })

  it('refuses an impossible birth date before looking at the check digit', () => {
    const first17 = '33038219900230001' // 30 February
    expect(checkResidentId(first17 + residentIdCheckCharacter(first17))).toBe('birth_date')
  })

  it('refuses the wrong length and letters', () => {
    expect(checkResidentId('33038219900101123')).toBe('format')
    expect(checkResidentId('3303821990010112A4')).toBe('format')
  })

  it('accepts a lower-case x once normalised', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
  })

  it('checks passports and permits by their own formats', () => {
    expect(checkIdNumber('passport', 'E12345678')).toBeNull()
    expect(checkIdNumber('passport', 'E1')).toBe('format')
    expect(checkIdNumber('hk_macao_permit', 'H12345678')).toBeNull()
  })
})

describe('masking', () => {
  it('keeps the 4-digit region and the last 4 of a resident ID', () => {
    expect(maskIdNumber('33038219900101123X')).toBe('3303**********123X')
  })

  it('masks short documents too', () => {
    expect(maskIdNumber('E12345678')).toBe('E******78')
  })

  it('masks a phone as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+8613812345678')).toBe('138****5678')
  })
})
