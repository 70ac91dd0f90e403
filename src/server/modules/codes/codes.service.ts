import { randomBytes } from 'node:crypto'
import { encodeGridlineCode } from '../../../shared/codes/index.ts'
import { identityClaims } from '../../../shared/gate/holder.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import type { Db } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { DomainError, NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import { activeKey, signerFor } from './keys.ts'
import { GRIDLINE_ISSUER } from './trust-list.ts'

/** A health code is valid for a day: colours change, and a short life keeps the revocation list short. */
export const HEALTH_CODE_VALIDITY_MS = 24 * 3600 * 1000
/** A house code is valid for a year; suspension and revocation go through the revocation list. */
export const HOUSE_CODE_VALIDITY_MS = 365 * 24 * 3600 * 1000

export class NoHealthStatusError extends DomainError {
  constructor() {
    super('CODES_NO_HEALTH_STATUS', 422, 'the health authority has not given this person a colour yet')
  }
}

async function signCode(
  deps: Deps,
  claims: { t: 'health'; p: string; c: HealthColour; n?: string; b?: string; d?: string } | { t: 'house'; h: string },
  now: Date,
  validityMs: number,
) {
  const key = await activeKey(deps.db, deps.cipher, 'code', now)
  const cti = randomBytes(16)
  const iat = Math.floor(now.getTime() / 1000)
  const exp = Math.floor((now.getTime() + validityMs) / 1000)
  // nbf five minutes early: a gate phone verifying offline may run a little behind the issuer.
  const code = await encodeGridlineCode({ iss: GRIDLINE_ISSUER, iat, nbf: iat - 300, exp, cti, claims }, signerFor(key, deps.cipher))
  return { code, cti: cti.toString('base64url'), kid: key.kid, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) }
}

/**
 * Who asks for a health code: a staff account within its scope, or a resident's phone (/me) with
 * no account, scoped to the person's own area once the phone's consent has been checked.
 */
export type HealthCodeRequester = Scope & { readonly account: Actor['account'] | null; readonly ip: string }

/**
 * Issues a person's health code with the colour the health authority gave them, and the
 * identity a guard compares offline: masked name, birth date (from a resident ID), the ID
 * document's last four characters. The ID number is opened here only to cut those out.
 * @throws NotFoundError outside scope; NoHealthStatusError without a colour
 */
export async function issueHealthCode(deps: Deps, actor: HealthCodeRequester, personId: string, now = new Date()) {
  const person = await findPersonById(deps.db, actor, personId)
  if (!person) throw new NotFoundError('person')
  const status = await deps.db.selectFrom('health_status').select('colour').where('person_id', '=', personId).executeTakeFirst()
  if (!status) throw new NoHealthStatusError()
  const identity = identityClaims({ name: person.name, idType: person.id_type, idNumber: deps.cipher.open(person.id_number_enc) })
  const signed = await signCode(deps, { t: 'health', p: person.id, c: status.colour, ...identity }, now, HEALTH_CODE_VALIDITY_MS)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('issued_code')
      .values({
        cti: signed.cti,
        kind: 'health',
        person_id: person.id,
        property_id: null,
        area_id: person.area_id,
        kid: signed.kid,
        colour: status.colour,
        issued_at: signed.issuedAt,
        expires_at: signed.expiresAt,
        revoked_at: null,
        revoke_reason: null,
      })
      .execute()
    await recordAudit(trx, actor.account ? { account: actor.account, ip: actor.ip } : null, 'create', 'health_code', [
      { id: person.id, areaId: person.area_id },
    ])
  })
  return { code: signed.code, colour: status.colour, issuedAt: signed.issuedAt.toISOString(), expiresAt: signed.expiresAt.toISOString() }
}

/** Issues a house code for a rental property (the house-code module decides when). */
export async function issueHouseCode(deps: Deps, db: Db, property: { id: string; area_id: string }, now = new Date()) {
  const signed = await signCode(deps, { t: 'house', h: property.id }, now, HOUSE_CODE_VALIDITY_MS)
  await db
    .insertInto('issued_code')
    .values({
      cti: signed.cti,
      kind: 'house',
      person_id: null,
      property_id: property.id,
      area_id: property.area_id,
      kid: signed.kid,
      colour: null,
      issued_at: signed.issuedAt,
      expires_at: signed.expiresAt,
      revoked_at: null,
      revoke_reason: null,
    })
    .execute()
  return { code: signed.code, cti: signed.cti, expiresAt: signed.expiresAt }
}

/** Revokes a code issued in the actor's area. @throws NotFoundError */
export async function revokeCode(deps: Deps, actor: Actor, cti: string, reason: string, now = new Date()) {
  await deps.db.transaction().execute(async (trx) => {
    const code = await selectInScope(trx, actor, 'issued_code')
      .select(['issued_code.cti', 'issued_code.area_id', 'issued_code.person_id'])
      .where('issued_code.cti', '=', cti)
      .executeTakeFirst()
    if (!code) throw new NotFoundError('code')
    // A code already revoked keeps its first revocation: a retry changes nothing.
    await trx
      .updateTable('issued_code')
      .set({ revoked_at: now, revoke_reason: reason, revoked_by: actor.account.id })
      .where('cti', '=', cti)
      .where('revoked_at', 'is', null)
      .execute()
    await recordAudit(trx, actor, 'update', 'issued_code', [{ id: cti, areaId: code.area_id }])
  })
}
