import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BASE45_ALPHABET, Base45Error, decodeBase45, encodeBase45 } from './base45.ts'

const text = (s: string) => new TextEncoder().encode(s)

describe('base45', () => {
  describe('encodeBase45', () => {
    // RFC 9285 §4.3 examples.
    it.each([
      ['AB', 'BB8'],
      ['Hello!!', '%69 VD92EX0'],
      ['base-45', 'UJCLQE7W581'],
      ['ietf!', 'QED8WEX0'],
    ])('encodes %j as the RFC example %j', (input, expected) => {
      expect(encodeBase45(text(input))).toBe(expected)
      expect(new TextDecoder().decode(decodeBase45(expected))).toBe(input)
    })

    it('encodes a subarray from its own offset', () => {
      const whole = Uint8Array.of(9, 9, 0x41, 0x42)
      expect(encodeBase45(whole.subarray(2))).toBe('BB8')
    })

    it('encodes the extremes of each group', () => {
      expect(encodeBase45(Uint8Array.of(0xff, 0xff))).toBe('FGW')
      expect(encodeBase45(Uint8Array.of(0, 0))).toBe('000')
      expect(encodeBase45(Uint8Array.of(0xff))).toBe('U5')
      expect(encodeBase45(new Uint8Array())).toBe('')
    })
  })

  describe('decodeBase45', () => {
    it('round-trips random bytes of every length up to 64', () => {
      for (let length = 0; length <= 64; length++) {
        const bytes = new Uint8Array(randomBytes(length))
        const encoded = encodeBase45(bytes)
        expect(encoded.length).toBe(Math.floor(length / 2) * 3 + (length % 2) * 2)
        expect([...encoded].every((c) => BASE45_ALPHABET.includes(c))).toBe(true)
        expect(decodeBase45(encoded)).toEqual(bytes)
      }
    })

    it.each([
      ['lower case', 'bb8'],
      ['a character outside the alphabet', 'BB#'],
      ['a non-ASCII character', 'BBé'],
      ['a length of 3n+1', 'BB8A'],
      ['a three-character group above 65535 (GGW = 65536)', 'GGW'],
      ['a two-character group above 255 (V5 = 256)', 'BB8V5'],
    ])('refuses %s', (_label, input) => {
      expect(() => decodeBase45(input)).toThrow(Base45Error)
    })

    it('accepts the largest valid groups', () => {
      expect(decodeBase45('FGW')).toEqual(Uint8Array.of(0xff, 0xff))
      expect(decodeBase45('U5')).toEqual(Uint8Array.of(0xff))
    })
  })
})
