/**
 * The server backend: `node:crypto`, synchronous. Verifying ES256 with `dsaEncoding:
 * 'ieee-p1363'` takes COSE's raw r‖s as is, so no DER re-encoding sits in the hot path.
 */
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { CryptoBackend, PublicJwk, PublicKeyHandle, SignatureAlg } from '../../shared/codes/backend.ts'

/**
 * Creates the Node backend. Keys are imported once per trust-list entry by the trust store,
 * which keeps the returned `KeyObject`s.
 */
export function createNodeCryptoBackend(): CryptoBackend {
  return {
    name: 'node:crypto',
    importSpki: (spki) => createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' }),
    importJwk: (jwk: PublicJwk) => createPublicKey({ key: { ...jwk }, format: 'jwk' }),
    verify(alg: SignatureAlg, key: PublicKeyHandle, data: Uint8Array, signature: Uint8Array): boolean {
      try {
        if (alg === 'ES256') {
          if (signature.length !== 64) return false
          return verify('sha256', data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' }, signature)
        }
        return verify('sha256', data, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
      } catch {
        // A key of the wrong type for alg, or a mangled signature: a refusal, not a crash.
        return false
      }
    },
    sha256: (data) => createHash('sha256').update(data).digest(),
  }
}

/** One shared instance: the backend holds no state. */
export const nodeCryptoBackend: CryptoBackend = createNodeCryptoBackend()
