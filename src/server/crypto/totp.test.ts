import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, timeStep } from './totp.ts'

// RFC 6238 Appendix B uses the 20-byte ASCII seed "12345678901234567890" for SHA-1 and 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii')
const RFC6238_SHA1_ROWS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('totp', () => {
  describe('hotp', () => {
    it.each(RFC6238_SHA1_ROWS)('gives the RFC 6238 Appendix B SHA-1 code at T = %i s', (seconds, code) => {
      expect(hotp(RFC_SEED, timeStep(new Date(seconds * 1000)), 8)).toBe(code)
    })

    it('gives the RFC 4226 Appendix D codes for the first counters', () => {
      const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
      expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected)
    })
  })

  describe('matchTotp', () => {
    const at = new Date(1111111111 * 1000)
    const step = timeStep(at)

    it('accepts the current code and one step either side, and names the step', () => {
      expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step), at)).toBe(step)
      expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 1), at)).toBe(step - 1)
      expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step + 1), at)).toBe(step + 1)
    })

    it('refuses a code two steps old, a wrong code and anything but six digits', () => {
      expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 2), at)).toBeNull()
      const wrong = String((Number(hotp(RFC_SEED, step)) + 1) % 1_000_000).padStart(6, '0')
      expect(matchTotp(RFC_SEED, wrong, at)).toBeNull()
      expect(matchTotp(RFC_SEED, '12345', at)).toBeNull()
      expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step, 8), at)).toBeNull()
    })
  })

  describe('base32', () => {
    it('matches RFC 4648 section 10 (without padding)', () => {
      expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
      expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar')
    })

    it('decodes what it encodes, for any bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes])
        }),
      )
    })
  })

  it('writes the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'Gridline', 'policy@温州')).toBe(
      'otpauth://totp/Gridline:policy%40%E6%B8%A9%E5%B7%9E?secret=JBSWY3DPEHPK3PXP&issuer=Gridline&algorithm=SHA1&digits=6&period=30',
    )
  })
})
