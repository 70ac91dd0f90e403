import { describe, expect, it } from 'vitest'
import { localizeIssues } from '../localize-issues.ts'
import { checkCreditCode, creditCodeCheckCharacter, CREDIT_CODE_ALPHABET } from './enterprise-credit-code.ts'
import { creditCodeSchema } from './enterprise.ts'

describe('unified social credit code (GB 32100-2015)', () => {
  describe('creditCodeCheckCharacter', () => {
    it('computes the check character of the standard’s example', () => {
      expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3')
    })

    it('uses the 31-character alphabet without I, O, S, V and Z', () => {
      expect(CREDIT_CODE_ALPHABET).toHaveLength(31)
      for (const ch of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(ch)
      // A check value of 0 is written '0', never '31'.
      const codes = Array.from({ length: 200 }, (_, i) => creditCodeCheckCharacter(`91330304MA2C${String(i).padStart(5, '0')}`))
      for (const ch of codes) expect(CREDIT_CODE_ALPHABET).toContain(ch)
    })
  })

  describe('checkCreditCode', () => {
    it('accepts valid codes', () => {
      expect(checkCreditCode('91350100M000100Y43')).toBeNull()
      expect(checkCreditCode(`91330304MA2C00001${creditCodeCheckCharacter('91330304MA2C00001')}`)).toBeNull()
    })

    it('finds a wrong check character and a single mistyped character', () => {
      expect(checkCreditCode('91350100M000100Y44')).toBe('check')
      expect(checkCreditCode('91350100M000101Y43')).toBe('check')
    })

    it('refuses a wrong length, letters outside the alphabet and a non-numeric division code', () => {
      expect(checkCreditCode('91350100M000100Y4')).toBe('format')
      expect(checkCreditCode('91350100M000100Y433')).toBe('format')
      expect(checkCreditCode('91350100O000100Y43')).toBe('format')
      expect(checkCreditCode('913501A0M000100Y43')).toBe('format')
    })
  })

  describe('creditCodeSchema', () => {
    it('normalises case and spaces before checking', () => {
      expect(creditCodeSchema.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43')
    })

    it('words a wrong check character with our message key, in both languages', () => {
      const result = creditCodeSchema.safeParse('91350100M000100Y44')
      expect(result.success).toBe(false)
      expect(localizeIssues(result.error!.issues, 'zh-CN')).toEqual([
        { field: '', code: 'creditCode.check', message: '统一社会信用代码校验位不正确，请核对后重新输入' },
      ])
      expect(localizeIssues(result.error!.issues, 'en')[0]!.message).toBe('The credit code check character is wrong: please check the code')
    })
  })
})
