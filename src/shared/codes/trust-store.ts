/**
 * A trust list made ready for fast lookups: keys indexed by key id, certificates parsed,
 * revocations in sets. Public keys are imported on first use and kept (one `KeyObject` or
 * `CryptoKey` per kid), so verifying a code never re-imports a key.
 */
import type { CryptoBackend, PublicJwk, PublicKeyHandle, SignatureAlg } from './backend.ts'
import { fromBase64, toBase64, toBase64Url, toHex, equalBytes, utf8 } from './bytes.ts'
import type { ShcCrl, TrustList } from './trust.ts'

/** A key the store can import on demand. */
export interface StoredKey {
  /** The kid as its format prints it (base64url for Gridline and SHC, base64 for DCC). */
  kidText: string
  alg: SignatureAlg
  spki?: Uint8Array
  jwk?: PublicJwk
  handle?: PublicKeyHandle | Promise<PublicKeyHandle>
}

/** A Gridline key with the window of `iat` it covers (seconds). */
export interface GridlineKey extends StoredKey {
  notBefore: number
  notAfter: number
}

/** A DCC signing certificate. */
export interface DccKey extends StoredKey {
  notBefore: number
  notAfter: number
  extendedKeyUsage: string[] | null
}

/** An SHC issuer key, with its issuer and card revocation list (rid → revoked-before seconds, or null for always). */
export interface ShcKey extends StoredKey {
  iss: string
  revokedRids: Map<string, number | null>
}

const STORE = Symbol('TrustStore')

/** A prepared trust list, bound to one crypto backend. */
export interface TrustStore {
  readonly [STORE]: true
  readonly backend: CryptoBackend
  readonly version: number
  /** Keyed by the kid's hex. */
  readonly gridlineKeys: ReadonlyMap<string, GridlineKey>
  readonly dccKeys: ReadonlyMap<string, DccKey>
  /** Keyed by the JWK `kid` (the RFC 7638 thumbprint). */
  readonly shcKeys: ReadonlyMap<string, ShcKey>
  /** Revoked Gridline/CWT code ids, base64url. */
  readonly revoked: ReadonlySet<string>
  /** Entries left out, with why (bad certificate, kid not matching its key…). */
  readonly problems: readonly string[]
}

/** Whether a value is a prepared store (rather than a raw trust list). */
export function isTrustStore(value: unknown): value is TrustStore {
  return typeof value === 'object' && value !== null && STORE in value
}

/**
 * The public key of a stored entry, imported once and then reused.
 * @returns the key handle, or a promise of it with an asynchronous backend
 */
export function keyHandle(entry: StoredKey, backend: CryptoBackend): PublicKeyHandle | Promise<PublicKeyHandle> {
  if (!entry.handle) {
    entry.handle = entry.spki ? backend.importSpki(entry.spki, entry.alg) : backend.importJwk(entry.jwk!, entry.alg)
    if (entry.handle instanceof Promise) {
      // A failed import must not stay cached as a rejected promise for the process lifetime.
      entry.handle.catch(() => (entry.handle = undefined))
    }
  }
  return entry.handle
}

function seconds(iso: string | undefined, fallback: number): number {
  return iso === undefined ? fallback : Math.floor(Date.parse(iso) / 1000)
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC public key: what SHC kids must equal.
 * @throws {Error} for a key that is not EC
 */
export async function jwkThumbprint(jwk: PublicJwk, backend: CryptoBackend): Promise<string> {
  if (jwk.kty !== 'EC') throw new Error(`JWK kty ${jwk.kty} is not EC`)
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
  return toBase64Url(await backend.sha256(utf8(canonical)))
}

function parseCrls(crl: ShcCrl | ShcCrl[] | undefined): Map<string, Map<string, number | null>> {
  const byKid = new Map<string, Map<string, number | null>>()
  for (const list of crl === undefined ? [] : Array.isArray(crl) ? crl : [crl]) {
    const rids = byKid.get(list.kid) ?? new Map<string, number | null>()
    for (const entry of list.rids) {
      const [rid, timestamp] = entry.split('.')
      rids.set(rid!, timestamp === undefined ? null : Number(timestamp))
    }
    byKid.set(list.kid, rids)
  }
  return byKid
}

/**
 * Prepares a trust list for verifying. Bad entries are skipped and listed in `problems`, so one
 * broken certificate does not stop a scanner from checking the others.
 * @example const store = await prepareTrust(trustList, createWebCryptoBackend())
 */
export async function prepareTrust(trust: TrustList, backend: CryptoBackend): Promise<TrustStore> {
  const problems: string[] = []
  const gridlineKeys = new Map<string, GridlineKey>()
  for (const key of trust.keys) {
    const spki = fromBase64(key.publicKey)
    const kid = fromBase64(key.kid)
    if (!equalBytes(kid, (await backend.sha256(spki)).subarray(0, 8))) {
      problems.push(`key ${key.kid}: kid is not SHA-256(publicKey)[0..8]`)
      continue
    }
    gridlineKeys.set(toHex(kid), {
      kidText: key.kid,
      alg: 'ES256',
      spki,
      notBefore: seconds(key.notBefore, -Infinity),
      notAfter: seconds(key.notAfter, Infinity),
    })
  }
  const dccKeys = new Map<string, DccKey>()
  // The X.509 reader is most of the library's size: a scanner without DCC anchors never loads it.
  const { parseCertificate } = trust.certificates?.length ? await import('./x509.ts') : { parseCertificate: undefined }
  for (const [index, text] of (trust.certificates ?? []).entries()) {
    try {
      const certificate = parseCertificate!(text)
      const kid = (await backend.sha256(certificate.der)).slice(0, 8)
      dccKeys.set(toHex(kid), { kidText: toBase64(kid), ...certificate })
    } catch (error) {
      problems.push(`certificate ${index}: ${(error as Error).message}`)
    }
  }
  const shcKeys = new Map<string, ShcKey>()
  for (const issuer of trust.shcIssuers ?? []) {
    const crls = parseCrls(issuer.crl)
    for (const jwk of issuer.jwks.keys) {
      try {
        if ((await jwkThumbprint(jwk, backend)) !== jwk.kid) throw new Error('kid is not the JWK thumbprint')
        shcKeys.set(jwk.kid, { kidText: jwk.kid, alg: 'ES256', jwk, iss: issuer.iss, revokedRids: crls.get(jwk.kid) ?? new Map() })
      } catch (error) {
        problems.push(`SHC key ${jwk.kid} of ${issuer.iss}: ${(error as Error).message}`)
      }
    }
  }
  return { [STORE]: true, backend, version: trust.version, gridlineKeys, dccKeys, shcKeys, revoked: new Set(trust.revocations), problems }
}
