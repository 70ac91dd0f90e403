import { describe, expect, it } from 'vitest'
import { houseCodeFromScan, houseCodeLink } from './housing-link.ts'

describe('house-code link', () => {
  it('carries a base45 code through a URL fragment and back', () => {
    const code = 'GL1:6BF%OX N*7:/$+-.'
    const link = houseCodeLink('https://gridline.example/', code)
    expect(link).toBe('https://gridline.example/h#GL1:6BF%25OX%20N*7:/$+-.')
    expect(houseCodeFromScan(link)).toBe(code)
    expect(houseCodeFromScan(` ${code} `)).toBe(code)
  })
})
