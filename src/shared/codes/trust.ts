/**
 * The trust list: which keys may sign codes, which codes are revoked. The server produces it
 * (and signs the envelope), scanners cache it for offline work, the CLI reads it from a file.
 * Also the looser "list of anchors" form the `verify` CLI accepts.
 */
import { z } from 'zod'
import type { CryptoBackend } from './backend.ts'
import { fromBase64, toBase64Url } from './bytes.ts'

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url expected')
const base64 = z.string().regex(/^[A-Za-z0-9+/\s]+={0,2}$/, 'base64 expected')
const instant = z.iso.datetime({ offset: true })

/**
 * One Gridline signing key. It verifies codes whose `iat` lies in [notBefore, notAfter]: a key
 * retired at rotation keeps verifying the codes it signed before.
 */
export const trustedKeySchema = z.object({
  /** First 8 bytes of SHA-256 over `publicKey`, base64url. */
  kid: base64url,
  alg: z.literal('ES256'),
  /** SubjectPublicKeyInfo DER, base64. */
  publicKey: base64,
  notBefore: instant.optional(),
  notAfter: instant.optional(),
})
export type TrustedKey = z.infer<typeof trustedKeySchema>

/** A public JWK as an SHC issuer publishes it (extra members such as `x5c` are kept). */
export const jwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  alg: z.string().optional(),
})

/** An SHC card revocation list (`/.well-known/crl/<kid>.json`); a rid may end in `.<seconds>`. */
export const shcCrlSchema = z.object({
  kid: z.string(),
  method: z.string(),
  ctr: z.number(),
  rids: z.array(z.string()),
})
export type ShcCrl = z.infer<typeof shcCrlSchema>

/** A trusted SMART Health Card issuer: its `iss`, its JWKS and optionally its CRLs. */
export const shcIssuerSchema = z.object({
  iss: z.string().min(1),
  jwks: z.object({ keys: z.array(jwkSchema) }),
  crl: z.union([shcCrlSchema, z.array(shcCrlSchema)]).optional(),
})
export type ShcIssuer = z.infer<typeof shcIssuerSchema>

/** The trust list as served to scanners (the signed envelope around it is the server's). */
export const trustListSchema = z.object({
  version: z.number().int().nonnegative(),
  issuedAt: instant,
  keys: z.array(trustedKeySchema),
  /** Revoked Gridline code ids (`cti`), base64url. */
  revocations: z.array(base64url),
  /** DCC signing certificates, PEM or base64 DER. */
  certificates: z.array(z.string()).optional(),
  shcIssuers: z.array(shcIssuerSchema).optional(),
})
export type TrustList = z.infer<typeof trustListSchema>

/** A trust anchor in the CLI's file: one of our keys (kid may be left out), a DCC certificate, an SHC issuer. */
export const trustAnchorSchema = z.union([
  z.object({
    kid: base64url.optional(),
    alg: z.literal('ES256').optional(),
    publicKey: base64,
    notBefore: instant.optional(),
    notAfter: instant.optional(),
  }),
  z.object({ certificate: z.string().min(1) }),
  shcIssuerSchema,
])
export type TrustAnchor = z.infer<typeof trustAnchorSchema>

/** What a `--trust` file may hold: a list of anchors or a whole trust list. */
export const trustFileSchema = z.union([trustListSchema, z.array(trustAnchorSchema)])

/**
 * A Gridline key id: the first 8 bytes of SHA-256 over the SPKI DER.
 * @example await gridlineKid(spki, backend) // Uint8Array(8)
 */
export async function gridlineKid(spki: Uint8Array, backend: CryptoBackend): Promise<Uint8Array> {
  return (await backend.sha256(spki)).slice(0, 8)
}

/**
 * Builds a trust list from loose anchors (the CLI's file form); missing kids are computed.
 * Revocations can only come with a full trust list, so this one revokes nothing.
 */
export async function trustListFromAnchors(
  anchors: readonly TrustAnchor[],
  backend: CryptoBackend,
  issuedAt = new Date(),
): Promise<TrustList> {
  const list: TrustList = { version: 0, issuedAt: issuedAt.toISOString(), keys: [], revocations: [], certificates: [], shcIssuers: [] }
  for (const anchor of anchors) {
    if ('publicKey' in anchor) {
      const kid = anchor.kid ?? toBase64Url(await gridlineKid(fromBase64(anchor.publicKey), backend))
      list.keys.push({ kid, alg: 'ES256', publicKey: anchor.publicKey, notBefore: anchor.notBefore, notAfter: anchor.notAfter })
    } else if ('certificate' in anchor) {
      list.certificates!.push(anchor.certificate)
    } else {
      list.shcIssuers!.push(anchor)
    }
  }
  return list
}
