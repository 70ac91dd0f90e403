/**
 * The crypto the verifier needs, behind one small interface so the same pipeline runs on
 * `node:crypto` on the server (synchronous, fast) and on WebCrypto in the scanner page.
 * Methods may answer directly or with a promise; the pipeline awaits either.
 */

/** Signature algorithms accepted: ES256 everywhere, PS256 for DCC signing certificates. */
export type SignatureAlg = 'ES256' | 'PS256'

/** A public key as the backend holds it (a `KeyObject` on Node, a `CryptoKey` in browsers). */
export type PublicKeyHandle = object

/** Public JWK members the verifier reads (SMART Health Cards issuer keys). */
export interface PublicJwk {
  kty: string
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  kid?: string
  alg?: string
}

/** What the verifier asks of a crypto implementation. */
export interface CryptoBackend {
  /** Human name, for benches and logs (`node:crypto`, `webcrypto`). */
  readonly name: string
  /** Imports an X.509 SubjectPublicKeyInfo (DER) for `alg`. */
  importSpki(spki: Uint8Array, alg: SignatureAlg): PublicKeyHandle | Promise<PublicKeyHandle>
  /** Imports a public JWK (EC P-256) for `alg`. */
  importJwk(jwk: PublicJwk, alg: SignatureAlg): PublicKeyHandle | Promise<PublicKeyHandle>
  /**
   * Verifies a signature over `data`: ES256 = ECDSA P-256 SHA-256 with raw r‖s (64 bytes);
   * PS256 = RSASSA-PSS SHA-256, MGF1-SHA-256, 32-byte salt. Never throws for a bad signature.
   */
  verify(alg: SignatureAlg, key: PublicKeyHandle, data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>
  /** SHA-256 digest (key ids and JWK thumbprints). */
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>
}
