/**
 * The browser backend: WebCrypto (`crypto.subtle`), asynchronous. The scanner page verifies
 * offline with it; it also runs under Node (≥ 20 has `globalThis.crypto`), which is how the
 * tests cover it.
 */
import type { CryptoBackend, PublicJwk, PublicKeyHandle, SignatureAlg } from './backend.ts'

const IMPORT_PARAMS: Record<SignatureAlg, EcKeyImportParams | RsaHashedImportParams> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
}
const VERIFY_PARAMS: Record<SignatureAlg, EcdsaParams | RsaPssParams> = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
}

// WebCrypto wants an ArrayBuffer-backed view; a copy keeps SharedArrayBuffer views out.
function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}

/**
 * Creates a backend over a SubtleCrypto (default: `globalThis.crypto.subtle`).
 * @throws {Error} when no SubtleCrypto exists (an insecure http: page has none)
 */
export function createWebCryptoBackend(subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): CryptoBackend {
  if (!subtle) throw new Error('WebCrypto is not available (a page served over plain http has none)')
  return {
    name: 'webcrypto',
    importSpki: (spki, alg) => subtle.importKey('spki', buffer(spki), IMPORT_PARAMS[alg], false, ['verify']),
    importJwk: (jwk: PublicJwk, alg) =>
      subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e }, IMPORT_PARAMS[alg], false, [
        'verify',
      ]),
    async verify(alg, key: PublicKeyHandle, data, signature) {
      if (alg === 'ES256' && signature.length !== 64) return false
      try {
        return await subtle.verify(VERIFY_PARAMS[alg], key as CryptoKey, buffer(signature), buffer(data))
      } catch {
        return false
      }
    },
    sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', buffer(data))),
  }
}
