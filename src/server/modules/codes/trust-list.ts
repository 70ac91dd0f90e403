import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { TrustList } from '../../../shared/codes/index.ts'
import type { Deps } from '../../deps.ts'
import { activeKey, signerFor } from './keys.ts'

/** How long a retired key stays in the trust list: the longest validity of a code it signed. */
export const RETIRED_KEY_KEPT_MS = 366 * 24 * 3600 * 1000

/** What the verifier library reads (src/shared/codes/trust.ts): keys, and revoked unexpired ctis. */
export type TrustListPayload = TrustList

/** What the scanner downloads: the payload as signed text, so its bytes verify as they are. */
export interface SignedTrustList {
  payload: string
  kid: string
  alg: 'ES256'
  signature: string
}

/** The issuer name in our codes: the country and the deployment's top area code. */
export const GRIDLINE_ISSUER = 'CN-GRIDLINE'

/** The keys and revocations a verifier needs now, with a version that grows on every change. */
export async function currentTrust(db: Db, now = new Date()): Promise<TrustListPayload> {
  const keys = await db
    .selectFrom('issuer_key')
    .select(['kid', 'public_key', 'not_before', 'not_after', 'created_at'])
    .where('purpose', '=', 'code')
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('not_after', '>', new Date(now.getTime() - RETIRED_KEY_KEPT_MS))]))
    .orderBy('not_before')
    .execute()
  const revoked = await db
    .selectFrom('issued_code')
    .select(['cti', 'revoked_at'])
    .where('revoked_at', 'is not', null)
    .where('expires_at', '>', now)
    .orderBy('cti')
    .execute()
  const { rows } = await sql<{ v: string | null }>`
    SELECT (extract(epoch FROM greatest(
      (SELECT max(greatest(created_at, coalesce(not_after, created_at))) FROM issuer_key WHERE purpose = 'code'),
      (SELECT max(revoked_at) FROM issued_code)
    )) * 1000)::bigint::text AS v`.execute(db)
  return {
    version: Number(rows[0]?.v ?? 0),
    issuedAt: now.toISOString(),
    keys: keys.map((k) => ({
      kid: k.kid,
      alg: 'ES256' as const,
      publicKey: k.public_key,
      notBefore: k.not_before.toISOString(),
      ...(k.not_after && { notAfter: k.not_after.toISOString() }),
    })),
    revocations: revoked.map((r) => r.cti),
  }
}

/** Signs the current trust list with the trust-list key (not the code key: a stolen code key cannot forge the list). */
export async function signedTrustList(deps: Deps, now = new Date()): Promise<SignedTrustList> {
  const payload = JSON.stringify(await currentTrust(deps.db, now))
  const signer = signerFor(await activeKey(deps.db, deps.cipher, 'trust_list', now), deps.cipher)
  return {
    payload,
    kid: signer.kidText,
    alg: 'ES256',
    signature: Buffer.from(signer.sign(Buffer.from(payload, 'utf8'))).toString('base64url'),
  }
}

/** The public key that verifies trust lists: the scanner pins it. */
export async function trustListAnchor(deps: Deps) {
  const key = await activeKey(deps.db, deps.cipher, 'trust_list')
  return { kid: key.kid, alg: 'ES256' as const, publicKey: key.public_key }
}
