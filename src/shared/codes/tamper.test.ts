import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../../../test/test-keys.ts'
import { BASE45_ALPHABET, decodeBase45, encodeBase45 } from './base45.ts'
import { encodeGridlineCode } from './gridline.ts'
import type { TrustList } from './trust.ts'
import { prepareTrust } from './trust-store.ts'
import { verifyCode } from './verify.ts'
import { unzlibStored, zlibStore } from './zlib.ts'

const T0 = 1_790_000_000
const issuer = createTestIssuer()
const trust: TrustList = { version: 1, issuedAt: new Date(T0 * 1000).toISOString(), keys: [issuer.trustedKey()], revocations: [] }
const now = new Date((T0 + 60) * 1000)

describe('tampering with a Gridline code', () => {
  it('refuses every single-byte change of the COSE, at every position, re-compressed and re-encoded', async () => {
    const store = await prepareTrust(trust, nodeCryptoBackend)
    const text = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
    expect((await verifyCode(text, { trust: store, now })).valid).toBe(true)
    const cose = unzlibStored(decodeBase45(text.slice(4)))
    const accepted: string[] = []
    const reasons = new Map<string, number>()
    let tried = 0
    for (let position = 0; position < cose.length; position++) {
      for (const mask of [0x01, 0x02, 0x10, 0x80, 0xff]) {
        const changed = Uint8Array.from(cose)
        changed[position]! ^= mask
        const result = await verifyCode(`GL1:${encodeBase45(zlibStore(changed))}`, { trust: store, now })
        tried++
        reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1)
        if (result.valid) accepted.push(`byte ${position} ^ ${mask}`)
      }
    }
    expect(tried).toBe(cose.length * 5)
    expect(accepted).toEqual([])
    // The signature check is what catches changes in the signed bytes.
    expect(reasons.get('BAD_SIGNATURE')).toBeGreaterThan(cose.length)
  })

  it('refuses every single-character change of the QR text', async () => {
    const store = await prepareTrust(trust, nodeCryptoBackend)
    const text = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
    const accepted: string[] = []
    for (let position = 4; position < text.length; position++) {
      const original = BASE45_ALPHABET.indexOf(text[position]!)
      // Nearby values (one-off typos) and far ones (other bytes of the group).
      for (const step of [1, 2, 7, 22, 44]) {
        const replacement = BASE45_ALPHABET[(original + step) % 45]!
        const changed = text.slice(0, position) + replacement + text.slice(position + 1)
        if ((await verifyCode(changed, { trust: store, now })).valid) accepted.push(`char ${position} → ${replacement}`)
      }
    }
    expect(accepted).toEqual([])
  })

  it('refuses a signature moved onto another code of the same issuer', async () => {
    const store = await prepareTrust(trust, nodeCryptoBackend)
    const a = unzlibStored(decodeBase45((await encodeGridlineCode(healthCodeInput(T0), issuer.signer)).slice(4)))
    const b = unzlibStored(
      decodeBase45(
        (
          await encodeGridlineCode(
            healthCodeInput(T0, { claims: { t: 'health', p: '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a', c: 'red' } }),
            issuer.signer,
          )
        ).slice(4),
      ),
    )
    const spliced = Uint8Array.from(a)
    spliced.set(b.subarray(b.length - 64), a.length - 64)
    expect(await verifyCode(`GL1:${encodeBase45(zlibStore(spliced))}`, { trust: store, now })).toMatchObject({
      valid: false,
      reason: 'BAD_SIGNATURE',
    })
  })
})
