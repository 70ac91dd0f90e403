import { deflateSync, zlibSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import { encodeBase45 } from './base45.ts'
import type { TrustList } from './trust.ts'
import { verifyCode, MAX_CODE_TEXT_LENGTH } from './verify.ts'
import { inflateRaw, MAX_INFLATED_CODE_BYTES } from './zlib.ts'

const NOW = new Date('2026-12-08T00:00:00Z')
const trust: TrustList = { version: 1, issuedAt: NOW.toISOString(), keys: [], revocations: [] }
const verify = (text: string) => verifyCode(text, { trust, backend: nodeCryptoBackend, now: NOW })

describe('verifyCode with oversize input', () => {
  it('answers TOO_LARGE for an HC1: code that inflates past the limit, without inflating it', async () => {
    // 8 MB of zeros → about 8 KB of zlib → about 12 K base45 characters: under the text limit,
    // so it is the inflater's cap that refuses it.
    const text = `HC1:${encodeBase45(zlibSync(new Uint8Array(8_000_000), { level: 9 }))}`
    expect(text.length).toBeLessThanOrEqual(MAX_CODE_TEXT_LENGTH)
    expect(await verify(text)).toMatchObject({ valid: false, format: 'dcc', reason: 'TOO_LARGE' })
  })

  it('answers TOO_LARGE for text longer than any QR code holds, whatever its prefix', async () => {
    for (const prefix of ['HC1:', 'GL1:', 'shc:/', 'hello']) {
      const result = await verify(prefix + '0'.repeat(600_000))
      expect(result).toMatchObject({ valid: false, reason: 'TOO_LARGE' })
    }
    expect(await verify(`HC1:${'0'.repeat(600_000)}`)).toMatchObject({ format: 'dcc' })
  })

  it('still reads a code just under the inflate limit as far as its content goes', async () => {
    // Not a COSE structure: the verifier gets past inflating and refuses it as undecodable CBOR or malformed.
    const text = `HC1:${encodeBase45(zlibSync(new Uint8Array(MAX_INFLATED_CODE_BYTES), { level: 9 }))}`
    const result = await verify(text)
    expect(result.valid).toBe(false)
    expect(result.reason).not.toBe('TOO_LARGE')
    expect(result.reason).not.toBe('BAD_COMPRESSION')
  })

  it('caps the SMART Health Card inflater too', () => {
    expect(() => inflateRaw(deflateSync(new Uint8Array(MAX_INFLATED_CODE_BYTES + 1)))).toThrow(
      expect.objectContaining({ reason: 'TOO_LARGE' }),
    )
    expect(inflateRaw(deflateSync(new Uint8Array(MAX_INFLATED_CODE_BYTES)))).toHaveLength(MAX_INFLATED_CODE_BYTES)
  })
})
