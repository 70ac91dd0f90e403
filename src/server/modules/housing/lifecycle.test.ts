import { describe, expect, it } from 'vitest'
import { PROPERTY_STATUSES } from '../../../shared/schemas/housing.ts'
import { sniffType } from './files.service.ts'
import { canTransition, TRANSITIONS } from './lifecycle.ts'

describe('the application state machine', () => {
  it('follows the issue: draft → submitted → under inspection → passed | returned → code issued → suspended | revoked', () => {
    const path = ['draft', 'submitted', 'under_inspection', 'passed', 'code_issued', 'suspended', 'code_issued', 'revoked'] as const
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true)
    expect(canTransition('under_inspection', 'returned')).toBe(true)
    expect(canTransition('returned', 'submitted')).toBe(true)
  })

  it('allows no shortcut and nothing after revocation', () => {
    expect(canTransition('draft', 'code_issued')).toBe(false)
    expect(canTransition('submitted', 'passed')).toBe(false)
    expect(canTransition('returned', 'code_issued')).toBe(false)
    for (const status of PROPERTY_STATUSES) expect(canTransition('revoked', status)).toBe(false)
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PROPERTY_STATUSES].sort())
  })
})

describe('sniffType', () => {
  it('knows JPEG, PNG, WebP and PDF by their first bytes, and nothing else', () => {
    expect(sniffType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg')
    expect(sniffType(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe('image/png')
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffType(Buffer.from('GIF89a'))).toBeNull()
  })
})
