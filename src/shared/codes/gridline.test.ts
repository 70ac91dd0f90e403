import { randomBytes } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../../../test/test-keys.ts'
import type { TestIssuer } from '../../../test/test-keys.ts'
import type { CryptoBackend } from './backend.ts'
import { decodeBase45, encodeBase45 } from './base45.ts'
import { encodeCbor } from './cbor.ts'
import { encodeCoseSign1, sigStructure } from './cose.ts'
import { encodeGridlineCode, GRIDLINE_CLAIM } from './gridline.ts'
import type { TrustList, TrustedKey } from './trust.ts'
import { prepareTrust } from './trust-store.ts'
import { verifyCode } from './verify.ts'
import { createWebCryptoBackend } from './webcrypto-backend.ts'
import { zlibStore } from './zlib.ts'

const T0 = 1_790_000_000 // 2026-09-21, whole seconds
const at = (seconds: number) => new Date(seconds * 1000)
const PERSON = '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a'
const PROPERTY = '0b8f5f3e-3c1d-4a7b-8e2f-9d6c5b4a3f21'

function trustOf(keys: TrustedKey[], revocations: string[] = []): TrustList {
  return { version: 1, issuedAt: at(T0).toISOString(), keys, revocations }
}

/** Signs any protected header and payload with the issuer, to build codes the encoder would refuse. */
function signRaw(issuer: TestIssuer, protectedHeader: Map<number, unknown>, payload: Map<number, unknown>): string {
  const protectedBytes = encodeCbor(protectedHeader)
  const payloadBytes = encodeCbor(payload)
  const signature = issuer.signer.sign(sigStructure(protectedBytes, payloadBytes)) as Uint8Array
  return `GL1:${encodeBase45(zlibStore(encodeCoseSign1(protectedBytes, payloadBytes, signature)))}`
}

function standardPayload(overrides: [number, unknown][] = []): Map<number, unknown> {
  const payload = new Map<number, unknown>([
    [1, 'CN-330300'],
    [4, T0 + 86_400],
    [5, T0],
    [6, T0],
    [7, randomBytes(16)],
    [
      GRIDLINE_CLAIM,
      new Map([
        ['t', 'health'],
        ['p', PERSON],
        ['c', 'green'],
      ]),
    ],
  ])
  for (const [key, value] of overrides) {
    if (value === undefined) payload.delete(key)
    else payload.set(key, value)
  }
  return payload
}

const backends: [string, CryptoBackend][] = [
  ['node:crypto', nodeCryptoBackend],
  ['webcrypto', createWebCryptoBackend()],
]

describe.each(backends)('verifyCode on Gridline codes (%s)', (_name, backend) => {
  const issuer = createTestIssuer()
  const trust = trustOf([issuer.trustedKey()])
  const verify = (text: string, now = T0 + 60, options: { revocations?: string[]; leewaySeconds?: number; trust?: TrustList } = {}) =>
    verifyCode(text, {
      trust: options.trust ?? trust,
      backend,
      now: at(now),
      revocations: options.revocations,
      leewaySeconds: options.leewaySeconds,
    })

  it('accepts a genuine health code and returns its claims (OK)', async () => {
    const input = healthCodeInput(T0, { claims: { t: 'health', p: PERSON, c: 'yellow' } })
    const result = await verify(await encodeGridlineCode(input, issuer.signer))
    expect(result).toEqual({
      valid: true,
      reason: 'OK',
      format: 'gridline',
      kid: issuer.kid.toString('base64url'),
      claims: {
        iss: 'CN-330300',
        iat: T0,
        nbf: T0,
        exp: T0 + 86_400,
        cti: Buffer.from(input.cti).toString('base64url'),
        type: 'health',
        personId: PERSON,
        colour: 'yellow',
      },
    })
  })

  it('accepts a house code', async () => {
    const result = await verify(await encodeGridlineCode(healthCodeInput(T0, { claims: { t: 'house', h: PROPERTY } }), issuer.signer))
    expect(result.valid && result.claims).toMatchObject({ type: 'house', propertyId: PROPERTY })
  })

  it('refuses text without a known prefix (BAD_PREFIX)', async () => {
    const code = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
    for (const text of [`GL2:${code.slice(4)}`, `gl1:${code.slice(4)}`, code.slice(4), '']) {
      expect(await verify(text)).toMatchObject({ valid: false, format: 'unknown', reason: 'BAD_PREFIX' })
    }
  })

  it('refuses characters outside base45 (BAD_BASE45)', async () => {
    const code = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
    expect(await verify(`${code.slice(0, 10)}a${code.slice(11)}`)).toMatchObject({ valid: false, format: 'gridline', reason: 'BAD_BASE45' })
    const body = code.slice(4)
    const oneOver = body + 'A'.repeat((4 - (body.length % 3)) % 3 || 3)
    expect(oneOver.length % 3).toBe(1)
    expect(await verify(`GL1:${oneOver}`)).toMatchObject({ reason: 'BAD_BASE45' })
  })

  it('refuses bytes that are not the canonical zlib stream (BAD_COMPRESSION)', async () => {
    const cose = decodeBase45((await encodeGridlineCode(healthCodeInput(T0), issuer.signer)).slice(4)).subarray(7, -4)
    expect(await verify(`GL1:${encodeBase45(cose)}`)).toMatchObject({ reason: 'BAD_COMPRESSION' })
    // Valid zlib, but compressed instead of stored: one content, two encodings is refused.
    const { zlibSync } = await import('fflate')
    expect(await verify(`GL1:${encodeBase45(zlibSync(new Uint8Array(200), { level: 9 }))}`)).toMatchObject({ reason: 'BAD_COMPRESSION' })
  })

  it('is plain zlib any inflater reads', async () => {
    const text = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
    const cose = inflateSync(decodeBase45(text.slice(4)))
    expect(cose[0]).toBe(0xd2)
  })

  it('refuses bytes that are not CBOR (BAD_CBOR)', async () => {
    expect(await verify(`GL1:${encodeBase45(zlibStore(Uint8Array.of(0xd2, 0x84, 0xff)))}`)).toMatchObject({ reason: 'BAD_CBOR' })
  })

  it('refuses CBOR that is not a tagged COSE_Sign1 (MALFORMED)', async () => {
    expect(await verify(`GL1:${encodeBase45(zlibStore(encodeCbor([1, 2, 3])))}`)).toMatchObject({ reason: 'MALFORMED' })
    const signed = decodeBase45((await encodeGridlineCode(healthCodeInput(T0), issuer.signer)).slice(4)).subarray(7, -4)
    // Same array without tag 18.
    expect(await verify(`GL1:${encodeBase45(zlibStore(signed.subarray(1)))}`)).toMatchObject({ reason: 'MALFORMED' })
  })

  it('refuses a signed payload without the Gridline claim or with a bad one (MALFORMED)', async () => {
    const header = new Map<number, unknown>([
      [1, -7],
      [4, issuer.kid],
    ])
    expect(await verify(signRaw(issuer, header, standardPayload([[GRIDLINE_CLAIM, undefined]])))).toMatchObject({ reason: 'MALFORMED' })
    const badColour = new Map([
      ['t', 'health'],
      ['p', PERSON],
      ['c', 'blue'],
    ])
    expect(await verify(signRaw(issuer, header, standardPayload([[GRIDLINE_CLAIM, badColour]])))).toMatchObject({ reason: 'MALFORMED' })
    expect(await verify(signRaw(issuer, header, standardPayload([[4, undefined]])))).toMatchObject({ reason: 'MALFORMED' })
    expect(await verify(signRaw(issuer, header, standardPayload([[7, randomBytes(8)]])))).toMatchObject({ reason: 'MALFORMED' })
  })

  it('refuses algorithms other than ES256 (UNSUPPORTED_ALGORITHM)', async () => {
    for (const alg of [-8, -37, -35, 0]) {
      const text = signRaw(
        issuer,
        new Map<number, unknown>([
          [1, alg],
          [4, issuer.kid],
        ]),
        standardPayload(),
      )
      expect(await verify(text)).toMatchObject({ reason: 'UNSUPPORTED_ALGORITHM' })
    }
  })

  it('refuses a code from a key not on the trust list (UNKNOWN_KEY)', async () => {
    const stranger = createTestIssuer()
    const result = await verify(await encodeGridlineCode(healthCodeInput(T0), stranger.signer))
    expect(result).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' })
    expect(result).not.toHaveProperty('claims')
  })

  it('refuses a forgery that names our key id (BAD_SIGNATURE)', async () => {
    const forger = createTestIssuer()
    const forged = await encodeGridlineCode(healthCodeInput(T0), { kid: issuer.kid, sign: forger.signer.sign })
    const result = await verify(forged)
    expect(result).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE', kid: issuer.kid.toString('base64url') })
    expect(result).not.toHaveProperty('claims')
  })

  it('refuses a code issued outside its key’s window (KEY_NOT_VALID)', async () => {
    const windowed = trustOf([issuer.trustedKey({ notBefore: at(T0), notAfter: at(T0 + 3600) })])
    const early = await encodeGridlineCode(healthCodeInput(T0 - 1), issuer.signer)
    const late = await encodeGridlineCode(healthCodeInput(T0 + 3601), issuer.signer)
    expect(await verify(early, T0 + 3700, { trust: windowed })).toMatchObject({ reason: 'KEY_NOT_VALID' })
    expect(await verify(late, T0 + 3700, { trust: windowed })).toMatchObject({ reason: 'KEY_NOT_VALID' })
  })

  it('refuses a revoked code by cti, from the trust list or a fresher list (REVOKED)', async () => {
    const input = healthCodeInput(T0)
    const text = await encodeGridlineCode(input, issuer.signer)
    const cti = Buffer.from(input.cti).toString('base64url')
    expect(await verify(text, T0 + 60, { trust: trustOf([issuer.trustedKey()], [cti]) })).toMatchObject({
      reason: 'REVOKED',
      claims: { cti },
    })
    expect(await verify(text, T0 + 60, { revocations: [cti] })).toMatchObject({ reason: 'REVOKED' })
    expect(await verify(text, T0 + 60, { revocations: ['AAAAAAAAAAAAAAAAAAAAAA'] })).toMatchObject({ reason: 'OK' })
  })

  it('refuses a code before nbf (NOT_YET_VALID) and after exp (EXPIRED), ends inclusive', async () => {
    const text = await encodeGridlineCode(healthCodeInput(T0, { nbf: T0 + 100, exp: T0 + 200 }), issuer.signer)
    expect(await verify(text, T0 + 99)).toMatchObject({ reason: 'NOT_YET_VALID' })
    expect(await verify(text, T0 + 100)).toMatchObject({ reason: 'OK' })
    expect(await verify(text, T0 + 200)).toMatchObject({ reason: 'OK' })
    expect(await verify(text, T0 + 201)).toMatchObject({ reason: 'EXPIRED', claims: { type: 'health' } })
    expect(await verify(text, T0 + 99, { leewaySeconds: 30 })).toMatchObject({ reason: 'OK' })
    expect(await verify(text, T0 + 231, { leewaySeconds: 30 })).toMatchObject({ reason: 'EXPIRED' })
  })

  it('keeps verifying codes of a retired key after rotation, and only those', async () => {
    const next = createTestIssuer()
    const rotatedAt = T0 + 1000
    const rotated = trustOf([
      issuer.trustedKey({ notBefore: at(T0 - 1000), notAfter: at(rotatedAt) }),
      next.trustedKey({ notBefore: at(rotatedAt) }),
    ])
    const beforeRotation = await encodeGridlineCode(healthCodeInput(T0 + 500), issuer.signer)
    const byRetiredAfter = await encodeGridlineCode(healthCodeInput(rotatedAt + 1), issuer.signer)
    const byNewKey = await encodeGridlineCode(healthCodeInput(rotatedAt + 1), next.signer)
    const byNewKeyTooEarly = await encodeGridlineCode(healthCodeInput(rotatedAt - 1), next.signer)
    const now = rotatedAt + 2000
    expect(await verify(beforeRotation, now, { trust: rotated })).toMatchObject({ reason: 'OK', kid: issuer.kid.toString('base64url') })
    expect(await verify(byRetiredAfter, now, { trust: rotated })).toMatchObject({ reason: 'KEY_NOT_VALID' })
    expect(await verify(byNewKey, now, { trust: rotated })).toMatchObject({ reason: 'OK', kid: next.kid.toString('base64url') })
    expect(await verify(byNewKeyTooEarly, now, { trust: rotated })).toMatchObject({ reason: 'KEY_NOT_VALID' })
  })

  it('skips a trust-list key whose kid does not match its public key', async () => {
    const other = createTestIssuer()
    const lying = { ...issuer.trustedKey(), kid: other.kid.toString('base64url') }
    const store = await prepareTrust(trustOf([lying]), backend)
    expect(store.gridlineKeys.size).toBe(0)
    expect(store.problems).toHaveLength(1)
    expect(await verifyCode(await encodeGridlineCode(healthCodeInput(T0), other.signer), { trust: store, now: at(T0) })).toMatchObject({
      reason: 'UNKNOWN_KEY',
    })
  })
})

describe('encodeGridlineCode', () => {
  const issuer = createTestIssuer()

  it('refuses claims outside the schema, fractional times and short ctis', async () => {
    await expect(
      encodeGridlineCode(healthCodeInput(T0, { claims: { t: 'health', p: 'not-a-uuid', c: 'green' } }), issuer.signer),
    ).rejects.toThrow(TypeError)
    await expect(encodeGridlineCode(healthCodeInput(T0, { exp: T0 + 0.5 }), issuer.signer)).rejects.toThrow(TypeError)
    await expect(encodeGridlineCode(healthCodeInput(T0, { cti: new Uint8Array(8) }), issuer.signer)).rejects.toThrow(TypeError)
  })

  it('refuses a signer that answers DER instead of raw r||s', async () => {
    const { sign } = await import('node:crypto')
    const derSigner = { kid: issuer.kid, sign: (data: Uint8Array) => sign('sha256', data, issuer.privateKey) }
    await expect(encodeGridlineCode(healthCodeInput(T0), derSigner)).rejects.toThrow(/64/)
  })
})
