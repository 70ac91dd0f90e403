/**
 * Fresh ES256 issuers for tests and benches: a key pair, its kid, a Node signer and the
 * trust-list entry that trusts it. Never used for real codes (the code service keeps its
 * keys sealed in the database).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import type { CodeSigner, GridlineCodeInput } from '../src/shared/codes/gridline.ts'
import type { TrustedKey } from '../src/shared/codes/trust.ts'

/** A throwaway issuer. */
export interface TestIssuer {
  privateKey: KeyObject
  spki: Buffer
  kid: Buffer
  signer: CodeSigner
  /** Its trust-list entry, optionally with a validity window. */
  trustedKey(window?: { notBefore?: Date; notAfter?: Date }): TrustedKey
}

/** Creates an ES256 issuer with a new P-256 key. */
export function createTestIssuer(): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const kid = createHash('sha256').update(spki).digest().subarray(0, 8)
  return {
    privateKey,
    spki,
    kid,
    signer: { kid, sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }) },
    trustedKey: (window) => ({
      kid: kid.toString('base64url'),
      alg: 'ES256',
      publicKey: spki.toString('base64'),
      ...(window?.notBefore ? { notBefore: window.notBefore.toISOString() } : {}),
      ...(window?.notAfter ? { notAfter: window.notAfter.toISOString() } : {}),
    }),
  }
}

/**
 * A green health code input valid for a day from `iat` (seconds), with a random cti.
 * @example await encodeGridlineCode(healthCodeInput(iat), issuer.signer)
 */
export function healthCodeInput(iat: number, overrides: Partial<GridlineCodeInput> = {}): GridlineCodeInput {
  return {
    claims: { t: 'health', p: '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a', c: 'green' },
    iss: 'CN-330300',
    iat,
    nbf: iat,
    exp: iat + 86_400,
    cti: randomBytes(16),
    ...overrides,
  }
}
