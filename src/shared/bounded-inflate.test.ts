import { deflateSync, zlibSync } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inflateRawLimited, InflateLimitError, unzlibLimited } from './bounded-inflate.ts'

describe('bounded inflate', () => {
  it('stops a zlib bomb at the limit instead of inflating it', () => {
    // 20 MB of zeros compress to about 20 KB: the shape of the 600 KB HC1: line that took 1 GB.
    const bomb = zlibSync(new Uint8Array(20_000_000), { level: 9 })
    expect(bomb.length).toBeLessThan(40_000)
    expect(() => unzlibLimited(bomb, 64 * 1024)).toThrow(InflateLimitError)
    expect(() => inflateRawLimited(deflateSync(new Uint8Array(20_000_000)), 64 * 1024)).toThrow(InflateLimitError)
  })

  it('gives back exactly what was deflated, up to and including the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 0, max: 9 }), (bytes, level) => {
        const deflated = deflateSync(bytes, { level: level as 0 })
        expect(inflateRawLimited(deflated, bytes.length)).toEqual(bytes)
        if (bytes.length > 0) expect(() => inflateRawLimited(deflated, bytes.length - 1)).toThrow(InflateLimitError)
      }),
      { numRuns: 200 },
    )
  })

  it('refuses a truncated stream and a bad zlib header', () => {
    const deflated = deflateSync(new TextEncoder().encode('健康码 '.repeat(500)))
    expect(() => inflateRawLimited(deflated.subarray(0, deflated.length >> 1), 1e6)).toThrow(/EOF/)
    const zlib = zlibSync(new Uint8Array(100))
    expect(() => unzlibLimited(Uint8Array.of(0x78, 0x02, ...zlib.subarray(2)), 1e6)).toThrow(/header/)
  })
})
