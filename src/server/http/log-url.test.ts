import { describe, expect, it } from 'vitest'
import { REDACTED, urlForLog } from './log-url.ts'

describe('urlForLog', () => {
  it('drops the token of a self-report link, in the page and in the API', () => {
    const token = 'Zq3xY_0-abcdefghijklmnopqrstuvwx'
    expect(urlForLog(`/self/${token}`)).toBe(`/self/${REDACTED}`)
    expect(urlForLog(`/api/self/${token}/reports`)).toBe(`/api/self/${REDACTED}/reports`)
    // A short or odd token is still the token by its place in the path.
    expect(urlForLog('/api/self/abc')).toBe(`/api/self/${REDACTED}`)
  })

  it('drops query strings and fragments, where searched names, phones and ID numbers go', () => {
    expect(urlForLog('/api/people?q=330302199001011234&phone=13912345678')).toBe('/api/people')
    expect(urlForLog('/me#Zq3xY0abcdefghijklmnopqrstuvwx')).toBe('/me')
  })

  it('drops token-like, ID-number and phone segments anywhere, and keeps ids and words', () => {
    const id = '0b6f2a9e-3c1d-4e5f-8a7b-1c2d3e4f5a6b'
    expect(urlForLog(`/api/people/${id}/audit`)).toBe(`/api/people/${id}/audit`)
    expect(urlForLog('/api/people/by-id/33030219900101123X')).toBe(`/api/people/by-id/${REDACTED}`)
    expect(urlForLog('/api/x/13912345678')).toBe(`/api/x/${REDACTED}`)
    expect(urlForLog('/api/x/dGhpcyBpcyBhIHNlY3JldCB0b2tlbg')).toBe(`/api/x/${REDACTED}`)
    expect(urlForLog('/api/enterprise/calendar/2026')).toBe('/api/enterprise/calendar/2026')
    expect(urlForLog('/assets/index-BxYz12.js')).toBe('/assets/index-BxYz12.js')
  })
})
