import { describe, expect, it } from 'vitest'
import { en } from '../../i18n/en.ts'
import { zhCN } from '../../i18n/zh-CN.ts'
import { reasonText } from './reasons.ts'

describe('reasonText', () => {
  it('words verifier reasons for the health and the house code', () => {
    expect(reasonText('CODE_BAD_SIGNATURE', zhCN.gate)).toBe('健康码验签失败（疑似伪造）')
    expect(reasonText('HOUSE_CODE_EXPIRED', zhCN.gate)).toBe('安居码已过期')
    expect(reasonText('CODE_REVOKED', en.gate)).toBe('Health code: revoked')
  })

  it('words gate reasons and keeps unknown ones as they are', () => {
    expect(reasonText('HEALTH_GREEN', zhCN.gate)).toBe('健康码绿码')
    expect(reasonText('HOUSE_CODE_OK', en.gate)).toContain('landlord')
    expect(reasonText('SOMETHING_NEW', zhCN.gate)).toBe('SOMETHING_NEW')
  })
})
