import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { IssuerKeyRow, KeyPurpose } from './codes.table.ts'

/** Signs COSE Sig_structures (and trust lists) with ES256, raw r‖s as COSE wants. */
export interface Signer {
  readonly kid: Uint8Array
  readonly kidText: string
  sign(data: Uint8Array): Uint8Array
}

/** kid = first 8 bytes of SHA-256 over the SPKI DER public key (the DCC rule applied to a bare key). */
export function kidOf(spkiDer: Buffer): Buffer {
  return createHash('sha256').update(spkiDer).digest().subarray(0, 8)
}

/**
 * Generates a P-256 key pair and stores it as the purpose's active key, its private half sealed.
 * Runs inside the caller's transaction so a rotation is atomic.
 */
export async function createActiveKey(db: DbOrTrx, cipher: FieldCipher, purpose: KeyPurpose, now: Date): Promise<IssuerKeyRow> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' })
  return db
    .insertInto('issuer_key')
    .values({
      kid: kidOf(spki).toString('base64url'),
      purpose,
      public_key: spki.toString('base64'),
      private_key_enc: cipher.seal(pkcs8.toString('base64')),
      status: 'active',
      not_before: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Retires the active key of a purpose and makes a new one. Codes signed by the old key before
 * now keep verifying (the trust list keeps it with not_after = now); nothing signs with it again.
 */
export async function rotateKey(db: Db, cipher: FieldCipher, purpose: KeyPurpose, now = new Date()): Promise<IssuerKeyRow> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('issuer_key')
      .set({ status: 'retired', not_after: now })
      .where('purpose', '=', purpose)
      .where('status', '=', 'active')
      .execute()
    return createActiveKey(trx, cipher, purpose, now)
  })
}

/** The active key of a purpose, created on first use (a race between two servers is settled by the unique index). */
export async function activeKey(db: Db, cipher: FieldCipher, purpose: KeyPurpose, now = new Date()): Promise<IssuerKeyRow> {
  const existing = await db
    .selectFrom('issuer_key')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('status', '=', 'active')
    .executeTakeFirst()
  if (existing) return existing
  try {
    return await createActiveKey(db, cipher, purpose, now)
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error
    return db.selectFrom('issuer_key').selectAll().where('purpose', '=', purpose).where('status', '=', 'active').executeTakeFirstOrThrow()
  }
}

const privateKeys = new Map<string, KeyObject>()

/** A signer for a stored key; the unsealed key object is cached per kid for the process. */
export function signerFor(row: IssuerKeyRow, cipher: FieldCipher): Signer {
  let key = privateKeys.get(row.kid)
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(cipher.open(row.private_key_enc), 'base64'), format: 'der', type: 'pkcs8' })
    privateKeys.set(row.kid, key)
  }
  const privateKey = key
  return {
    kid: Buffer.from(row.kid, 'base64url'),
    kidText: row.kid,
    sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  }
}

/** The public key of a stored key as a KeyObject. */
export function publicKeyOf(row: Pick<IssuerKeyRow, 'public_key'>): KeyObject {
  return createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' })
}
