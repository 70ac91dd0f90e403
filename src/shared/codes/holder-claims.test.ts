/** Identity on health codes (issue 13): masked name, birth date, ID tail; older codes still read. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../../../test/test-keys.ts'
import { holderOf, identityClaims, maskName } from '../gate/holder.ts'
import { readCodeFromResult } from '../gate/decide.ts'
import { decodeBase45 } from './base45.ts'
import { decodeCbor, encodeCbor } from './cbor.ts'
import { decodeCoseSign1, encodeCoseSign1, sigStructure } from './cose.ts'
import { encodeGridlineCode, GRIDLINE_CLAIM } from './gridline.ts'
import { encodeBase45 } from './base45.ts'
import type { VerifyResult } from './result.ts'
import { verifyCode } from './verify.ts'
import { unzlibStored, zlibStore } from './zlib.ts'

const T0 = 1_790_000_000
const PERSON = '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a'
const issuer = createTestIssuer()
const trust = { version: 1, issuedAt: new Date(T0 * 1000).toISOString(), keys: [issuer.trustedKey()], revocations: [] }
const verify = (text: string) => verifyCode(text, { trust, backend: nodeCryptoBackend, now: new Date((T0 + 60) * 1000) })

/** Signs a payload built by hand: how codes were written before identity claims existed. */
function signPayload(claims: Map<string, unknown>): string {
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [1, -7],
      [4, issuer.kid],
    ]),
  )
  const payload = encodeCbor(
    new Map<number, unknown>([
      [1, 'CN-330300'],
      [4, T0 + 86_400],
      [5, T0],
      [6, T0],
      [7, randomBytes(16)],
      [GRIDLINE_CLAIM, claims],
    ]),
  )
  const signature = issuer.signer.sign(sigStructure(protectedBytes, payload)) as Uint8Array
  return `GL1:${encodeBase45(zlibStore(encodeCoseSign1(protectedBytes, payload, signature)))}`
}

describe('identity on health codes', () => {
  it('masks names as the gate shows them', () => {
    expect(maskName('张三明')).toBe('张*明')
    expect(maskName('李明')).toBe('李*')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('Maria Garcia')).toBe('M**** G*****')
    expect([...maskName('Wolfeschlegelsteinhausenbergerdorff Hubert Blaine')].length).toBeLessThanOrEqual(16)
  })

  it('takes the birth date from a resident ID and only the last four characters of any document', () => {
    expect(identityClaims({ name: '张三明', idType: 'resident_id', idNumber: '11010519491231002X' })).toEqual({
      n: '张*明',
      b: '1949-12-31',
      d: '002X',
    })
    expect(identityClaims({ name: 'Maria Garcia', idType: 'passport', idNumber: 'E12345678' })).toEqual({ n: 'M**** G*****', d: '5678' })
  })

  it('round-trips masked name, birth date and ID tail through a signed code', async () => {
    const text = await encodeGridlineCode(
      healthCodeInput(T0, { claims: { t: 'health', p: PERSON, c: 'green', n: '张*明', b: '1949-12-31', d: '002X' } }),
      issuer.signer,
    )
    const result = await verify(text)
    expect(result).toMatchObject({
      valid: true,
      claims: { type: 'health', personId: PERSON, colour: 'green', holder: { name: '张*明', birthDate: '1949-12-31', idTail: '002X' } },
    })
    expect(readCodeFromResult(result).holder).toEqual({ name: '张*明', birthDate: '1949-12-31', idTail: '002X' })
  })

  it('writes the person id as 16 bytes, never the full ID number', async () => {
    const text = await encodeGridlineCode(
      healthCodeInput(T0, { claims: { t: 'health', p: PERSON, c: 'green', n: '张*明', b: '1949-12-31', d: '002X' } }),
      issuer.signer,
    )
    const cose = decodeCoseSign1(unzlibStored(decodeBase45(text.slice(4))), { mode: 'strict' })
    const claims = (decodeCbor(cose.payload, true) as Map<number, unknown>).get(GRIDLINE_CLAIM) as Map<string, unknown>
    expect(claims.get('p')).toEqual(Uint8Array.from(Buffer.from(PERSON.replaceAll('-', ''), 'hex')))
    expect([...claims.keys()].sort()).toEqual(['b', 'c', 'd', 'n', 'p', 't'])
  })

  it('still verifies a code issued before identity claims (person id as text, no identity)', async () => {
    const result = await verify(
      signPayload(
        new Map([
          ['t', 'health'],
          ['p', PERSON],
          ['c', 'yellow'],
        ]),
      ),
    )
    expect(result).toMatchObject({ valid: true, claims: { personId: PERSON, colour: 'yellow' } })
    expect(result.claims).not.toHaveProperty('holder')
    expect(readCodeFromResult(result).holder).toBeUndefined()
  })

  it('ignores unknown keys but refuses identity claims of the wrong shape', async () => {
    expect(
      await verify(
        signPayload(
          new Map<string, unknown>([
            ['t', 'health'],
            ['p', PERSON],
            ['c', 'green'],
            ['z', 1],
          ]),
        ),
      ),
    ).toMatchObject({ valid: true })
    for (const [key, value] of [
      ['n', 7],
      ['b', '31.12.1949'],
      ['d', '11010519491231002X'],
      ['d', '002x'],
    ] as const) {
      const claims = new Map<string, unknown>([
        ['t', 'health'],
        ['p', PERSON],
        ['c', 'green'],
        ['n', '张*明'],
        [key, value],
      ])
      expect(await verify(signPayload(claims))).toMatchObject({ valid: false, reason: 'MALFORMED' })
    }
  })

  it('refuses to issue a code carrying more than four characters of the document', async () => {
    await expect(
      encodeGridlineCode(healthCodeInput(T0, { claims: { t: 'health', p: PERSON, c: 'green', n: '张*明', d: '1231002X' } }), issuer.signer),
    ).rejects.toThrow(TypeError)
  })
})

describe('holder of foreign certificates', () => {
  it("shows an EU DCC's and a SMART Health Card's name (masked) and birth date the same way", () => {
    const dcc = {
      valid: true,
      reason: 'OK',
      format: 'dcc',
      kid: 'k',
      claims: { iat: 1, exp: 2, type: 'v', dcc: { nam: { fn: 'Musterfrau', gn: 'Erika', fnt: 'MUSTERFRAU' }, dob: '1964-08-12' } },
    } as const
    expect(holderOf(dcc)).toEqual({ name: 'E**** M*****', birthDate: '1964-08-12' })
    const patient = { resourceType: 'Patient', name: [{ family: 'Anyperson', given: ['John', 'B.'] }], birthDate: '1951-01-20' }
    const shc: VerifyResult = {
      valid: true,
      reason: 'OK',
      format: 'shc',
      kid: 'k',
      claims: { iss: 'https://x', nbf: 1, vc: { credentialSubject: { fhirBundle: { entry: [{ resource: patient }] } } } },
    }
    expect(holderOf(shc)).toEqual({ name: 'J*** B* A*****', birthDate: '1951-01-20' })
    // The gate names no holder for a refused code, even when its signature verified (expired).
    expect(readCodeFromResult({ valid: false, reason: 'EXPIRED', format: 'dcc', claims: dcc.claims }).holder).toBeUndefined()
  })
})
