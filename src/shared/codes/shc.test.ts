import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import type { CryptoBackend } from './backend.ts'
import { decodeShcNumeric, joinShcChunks } from './shc.ts'
import type { ShcCrl, TrustList } from './trust.ts'
import { prepareTrust } from './trust-store.ts'
import { verifyCode } from './verify.ts'
import { createWebCryptoBackend } from './webcrypto-backend.ts'
import { parseCertificate } from './x509.ts'

const DIR = resolve(import.meta.dirname, '../../../test/vectors/shc/examples')
const read = (name: string) => readFileSync(join(DIR, name), 'utf8').trim()
const ISS = 'https://spec.smarthealth.cards/examples/issuer'
const jwks = JSON.parse(read('issuer/.well-known/jwks.json')) as TrustList['shcIssuers'] extends (infer I)[] | undefined
  ? I extends { jwks: infer J }
    ? J
    : never
  : never
const crl = JSON.parse(read('issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json')) as ShcCrl
// All examples were issued on 2023-06-22 (nbf 1687450764.6); 03 expires 2024-06-21.
const NOW = new Date('2023-07-01T00:00:00Z')

function trustWith(issuer: { iss?: string; crl?: ShcCrl | ShcCrl[] } = {}): TrustList {
  return {
    version: 1,
    issuedAt: NOW.toISOString(),
    keys: [],
    revocations: [],
    shcIssuers: [{ iss: issuer.iss ?? ISS, jwks, crl: issuer.crl ?? crl }],
  }
}

const qr = (n: string, chunk = 0) => read(`example-${n}-f-qr-code-numeric-value-${chunk}.txt`)
const example02 = [0, 1, 2].map((chunk) => qr('02', chunk))

describe.each<[string, CryptoBackend]>([
  ['node:crypto', nodeCryptoBackend],
  ['webcrypto', createWebCryptoBackend()],
])('SMART Health Card examples (%s)', (_name, backend) => {
  const trust = trustWith()
  const verify = (text: string, now = NOW, list = trust) => verifyCode(text, { trust: list, backend, now })

  it.each(['00', '01'])('verifies example %s with the issuer JWKS', async (n) => {
    const result = await verify(qr(n))
    expect(result).toMatchObject({ valid: true, format: 'shc', reason: 'OK', claims: { iss: ISS } })
    expect(result.valid && result.format === 'shc' && result.claims.vc.type).toEqual(['https://smarthealth.cards#health-card'])
  })

  it('joins the three chunks of example 02 (in any order) and verifies them', async () => {
    expect(await verify(example02.join('\n'))).toMatchObject({ valid: true, reason: 'OK', claims: { rid: 'YjKhdFoxL_g' } })
    expect(await verify([example02[2], example02[0], example02[1]].join('\n'))).toMatchObject({ valid: true })
    expect(decodeShcNumeric(joinShcChunks(example02))).toBe(read('example-02-d-jws.txt'))
  })

  it('refuses example 02 with a chunk missing or repeated (MALFORMED)', async () => {
    expect(await verify(example02.slice(0, 2).join('\n'))).toMatchObject({ valid: false, reason: 'MALFORMED' })
    expect(await verify(example02[0]!)).toMatchObject({ valid: false, reason: 'MALFORMED' })
    expect(await verify([example02[0], example02[0], example02[1]].join('\n'))).toMatchObject({ valid: false, reason: 'MALFORMED' })
  })

  it('refuses example 03 as REVOKED by the CRL rid with timestamp', async () => {
    expect(await verify(qr('03'))).toMatchObject({ valid: false, reason: 'REVOKED', claims: { rid: 'vwAjHdarZuc' } })
  })

  it('applies a rid timestamp to cards issued before it only', async () => {
    const withStamp = (stamp: string) => trustWith({ crl: { ...crl, rids: [`vwAjHdarZuc${stamp}`] } })
    expect(await verify(qr('03'), NOW, withStamp('.1687450764'))).toMatchObject({ valid: true })
    expect(await verify(qr('03'), NOW, withStamp('.1687450765'))).toMatchObject({ reason: 'REVOKED' })
    expect(await verify(qr('03'), NOW, withStamp(''))).toMatchObject({ reason: 'REVOKED' })
  })

  it('refuses a card before nbf (NOT_YET_VALID) and example 03 after its exp (EXPIRED)', async () => {
    expect(await verify(qr('00'), new Date('2023-06-01T00:00:00Z'))).toMatchObject({ reason: 'NOT_YET_VALID' })
    const noCrl = trustWith({ crl: [] })
    expect(await verify(qr('03'), new Date('2024-07-01T00:00:00Z'), noCrl)).toMatchObject({ reason: 'EXPIRED' })
  })

  it('refuses cards of an untrusted issuer (UNKNOWN_KEY)', async () => {
    const empty: TrustList = { version: 1, issuedAt: NOW.toISOString(), keys: [], revocations: [] }
    expect(await verify(qr('00'), NOW, empty)).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' })
    // The right key filed under another issuer does not vouch for this iss.
    expect(await verify(qr('00'), NOW, trustWith({ iss: 'https://other.example' }))).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' })
  })

  it.each(['00', '01', '02', '03'])('refuses example %s with any one character of its JWS changed', async (n) => {
    const jws = read(`example-${n}-d-jws.txt`)
    const store = await prepareTrust(trustWith({ crl: [] }), backend)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const accepted: number[] = []
    // Every position of short cards; every 7th of the 3 kB one (plus its last 120 characters, the signature).
    const positions = [...jws].map((_, i) => i).filter((i) => jws.length < 1000 || i % 7 === 0 || i >= jws.length - 120)
    for (const i of positions) {
      if (jws[i] === '.') continue
      const replacement = alphabet[(alphabet.indexOf(jws[i]!) + 1) % alphabet.length]!
      const changed = jws.slice(0, i) + replacement + jws.slice(i + 1)
      const text = `shc:/${[...changed].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('')}`
      if ((await verifyCode(text, { trust: store, now: NOW })).valid) accepted.push(i)
    }
    expect(positions.length).toBeGreaterThan(400)
    expect(accepted).toEqual([])
  })
})

describe('SMART Health Card example 01 (x5c)', () => {
  it('verifies by the JWKS key although the x5c leaf certificate expired on 2022-06-01', async () => {
    const key = jwks.keys.find((k) => k.kid.startsWith('EBKOr72Q')) as unknown as { x5c: string[] }
    const leaf = parseCertificate(key.x5c[0]!)
    expect(new Date(leaf.notAfter * 1000).toISOString()).toBe('2022-06-01T15:50:09.000Z')
    expect(NOW.getTime() / 1000).toBeGreaterThan(leaf.notAfter)
    // Trust is the JWKS entry itself (our trust list); the chain is not evaluated. See docs/CODES.md.
    expect(await verifyCode(qr('01'), { trust: trustWith(), backend: nodeCryptoBackend, now: NOW })).toMatchObject({
      valid: true,
      kid: 'EBKOr72QQDcTBUuVzAzkfBTGew0ZA16GuWty64nS-sw',
    })
  })

  it('checks each JWKS kid is the key’s RFC 7638 thumbprint', async () => {
    const store = await prepareTrust(trustWith(), nodeCryptoBackend)
    expect(store.problems).toEqual([])
    expect([...store.shcKeys.keys()].sort()).toEqual(jwks.keys.map((k) => k.kid).sort())
    const wrong = { ...jwks, keys: [{ ...jwks.keys[0]!, kid: jwks.keys[1]!.kid }] }
    const bad = await prepareTrust({ ...trustWith(), shcIssuers: [{ iss: ISS, jwks: wrong }] }, nodeCryptoBackend)
    expect(bad.shcKeys.size).toBe(0)
    expect(bad.problems).toHaveLength(1)
  })
})
