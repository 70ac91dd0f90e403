import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { maskPhone } from '../../../shared/id-document.ts'
import {
  ME_OTP_LENGTH,
  ME_OTP_MAX_ATTEMPTS,
  ME_OTP_VALIDITY_MS,
  ME_SESSION_DAYS,
  type MeHealthCode,
  type MeOtpSent,
  type MeOtpVerify,
  type MeView,
} from '../../../shared/schemas/resident.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { readCode } from '../codes/code-reader.ts'
import { issueHealthCode } from '../codes/codes.service.ts'
import { maskName, smsGateway } from '../housing/index.ts'
import { INDEX_PHONE } from '../people/person.service.ts'
import { MeLinkInvalidError, MeOtpExpiredError, MeOtpWrongError, MeSessionRequiredError } from './resident.errors.ts'
import * as repo from './resident.repository.ts'
import type { ConsentMethod } from './resident.table.ts'

/**
 * A resident's own codes on their phone (/me). The phone holds a session of its own (no staff
 * account): a random token in an HttpOnly cookie, stored as its hash, bound to the people whose
 * consent it has (their one-time code or their personal link). Everything it shows is what a
 * gate shows: masked name, colour, validity, the house code.
 */

const DAY_MS = 86_400_000

/** Tokens are 192 random bits; a plain hash is enough to keep a database dump from signing in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** The blind index people are found by (the registry's own, so the same digits match). */
function phoneIndexOf(deps: Deps, phone: string): string {
  return deps.cipher.blindIndex(INDEX_PHONE, phone.replace(/^\+86/, ''))
}

function otpHash(deps: Deps, phoneIndex: string, otp: string): string {
  return deps.cipher.blindIndex('me.otp', `${phoneIndex}:${otp}`)
}

/**
 * Texts a one-time code to the phone when people are registered with it. The answer, and what
 * is stored, are the same either way: the page must not tell who is registered.
 * @param options.limitPhone throws when this phone has asked too often (keyed on its blind index)
 */
export async function requestOtp(
  deps: Deps,
  phone: string,
  options: { now?: Date; limitPhone?: (phoneIndex: string) => Promise<void> } = {},
): Promise<MeOtpSent> {
  const now = options.now ?? new Date()
  const phoneIndex = phoneIndexOf(deps, phone)
  await options.limitPhone?.(phoneIndex)
  const otp = String(randomInt(0, 10 ** ME_OTP_LENGTH)).padStart(ME_OTP_LENGTH, '0')
  const expiresAt = new Date(now.getTime() + ME_OTP_VALIDITY_MS)
  const people = await repo.peopleWithPhone(deps.db, phoneIndex)
  // Only the latest code of a phone counts; yesterday's rows of this phone have no use left.
  await repo.deleteOldOtps(deps.db, phoneIndex, new Date(now.getTime() - DAY_MS))
  await repo.insertOtp(deps.db, {
    phone_index: phoneIndex,
    otp_hash: otpHash(deps, phoneIndex, otp),
    expires_at: expiresAt,
    created_at: now,
  })
  const first = people[0]
  if (first) {
    await smsGateway().send(deps.db, {
      phone,
      areaId: first.area_id,
      kind: 'me_otp',
      body: `【网格通】您查看“我的健康码”的验证码为 ${otp}，${ME_OTP_VALIDITY_MS / 60_000} 分钟内有效。如非本人操作请忽略。`,
      recipientPersonId: first.id,
      now,
    })
  }
  return { phoneMasked: maskPhone(phone), expiresAt: expiresAt.toISOString() }
}

async function liveSession(db: DbOrTrx, token: string | undefined, now: Date) {
  return token ? repo.findLiveSession(db, hashToken(token), now) : undefined
}

/** The phone's session, or a new one (its token is returned only when new). */
async function sessionFor(trx: DbOrTrx, token: string | undefined, now: Date) {
  const existing = await liveSession(trx, token, now)
  if (existing) return { id: existing.id, token: undefined }
  const fresh = newToken()
  const row = await repo.insertSession(trx, {
    token_hash: hashToken(fresh),
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + ME_SESSION_DAYS * DAY_MS),
  })
  return { id: row.id, token: fresh }
}

async function bindAll(
  trx: DbOrTrx,
  sessionId: string,
  people: { id: string; area_id: string }[],
  consent: { method: ConsentMethod; linkId: string | null },
  now: Date,
): Promise<number> {
  let added = 0
  for (const person of people) {
    const row = await repo.bindPerson(trx, {
      session_id: sessionId,
      person_id: person.id,
      area_id: person.area_id,
      consent_method: consent.method,
      consent_at: now,
      link_id: consent.linkId,
    })
    if (row) added++
  }
  // The consent itself is the audited event: whose codes this phone may now show (how is on the
  // consent row). A resident has no account, so the audit row has none.
  await recordAudit(
    trx,
    null,
    'login',
    'me_consent',
    people.map((p) => ({ id: p.id, areaId: p.area_id })),
  )
  return added
}

/**
 * Checks a one-time code and adds every person registered with that phone to this phone's
 * session (creating one when there is none): sign-in and "add a family member" are one step.
 * @returns the new session token when one was created, and how many people were added
 * @throws MeOtpWrongError, MeOtpExpiredError
 */
export async function verifyOtp(deps: Deps, input: MeOtpVerify, sessionToken: string | undefined, now = new Date()) {
  const phoneIndex = phoneIndexOf(deps, input.phone)
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const otp = await repo.lockLatestOtp(trx, phoneIndex)
    if (!otp || otp.expires_at <= now || otp.attempts >= ME_OTP_MAX_ATTEMPTS) return { kind: 'expired' as const }
    const expected = Buffer.from(otp.otp_hash)
    const given = Buffer.from(otpHash(deps, phoneIndex, input.otp))
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      // Counted even though the answer is an error: the count must survive this request.
      await repo.updateOtp(trx, otp.id, { attempts: otp.attempts + 1 })
      return { kind: 'wrong' as const }
    }
    await repo.updateOtp(trx, otp.id, { used_at: now })
    const people = await repo.peopleWithPhone(trx, phoneIndex)
    // Only a registered phone ever got a code, but its people may have been removed since.
    if (!people.length) return { kind: 'expired' as const }
    const session = await sessionFor(trx, sessionToken, now)
    const added = await bindAll(trx, session.id, people, { method: 'phone_otp', linkId: null }, now)
    return { kind: 'ok' as const, session, added }
  })
  if (outcome.kind === 'wrong') throw new MeOtpWrongError()
  if (outcome.kind === 'expired') throw new MeOtpExpiredError()
  return { token: outcome.session.token, sessionId: outcome.session.id, added: outcome.added }
}

/**
 * Adds the person of a personal link to this phone's session (creating one when there is none).
 * @throws MeLinkInvalidError for an unknown or replaced link
 */
export async function signInWithLink(deps: Deps, linkToken: string, sessionToken: string | undefined, now = new Date()) {
  return deps.db.transaction().execute(async (trx) => {
    const link = await repo.findLiveLink(trx, hashToken(linkToken))
    if (!link) throw new MeLinkInvalidError()
    const session = await sessionFor(trx, sessionToken, now)
    const added = await bindAll(
      trx,
      session.id,
      [{ id: link.person_id, area_id: link.area_id }],
      { method: 'personal_link', linkId: link.id },
      now,
    )
    return { token: session.token, sessionId: session.id, added }
  })
}

/** @throws MeSessionRequiredError */
async function requireSession(deps: Deps, token: string | undefined, now: Date) {
  const session = await liveSession(deps.db, token, now)
  if (!session) throw new MeSessionRequiredError()
  return session
}

/**
 * What the page shows for each person it holds. Every visit moves the session's expiry on.
 * @throws MeSessionRequiredError
 */
export async function viewSession(deps: Deps, token: string | undefined, now = new Date(), sessionId?: string): Promise<MeView> {
  const id = sessionId ?? (await requireSession(deps, token, now)).id
  const expiresAt = new Date(now.getTime() + ME_SESSION_DAYS * DAY_MS)
  await repo.touchSession(deps.db, id, now, expiresAt)
  const people = await repo.heldPeople(deps.db, id)
  const ids = people.map((p) => p.person_id)
  const [colours, codes, houses] = await Promise.all([
    repo.colourStatusOf(deps.db, ids),
    repo.liveHealthCodeIds(deps.db, ids, now),
    repo.housesOf(deps.db, ids),
  ])
  return {
    sessionExpiresAt: expiresAt.toISOString(),
    people: people.map((p) => {
      const colour = colours.find((c) => c.person_id === p.person_id)
      const house = houses.find((h) => h.person_id === p.person_id)
      return {
        personId: p.person_id,
        maskedName: maskName(p.name),
        consent: { method: p.consent_method, at: p.consent_at.toISOString() },
        colour: colour?.colour ?? null,
        colourSetAt: colour ? colour.updated_at.toISOString() : null,
        liveCodeIds: codes.filter((c) => c.person_id === p.person_id).map((c) => c.cti),
        house:
          house?.house_code && house.code_expires_at
            ? { code: house.house_code, address: house.address, areaName: house.area_name, expiresAt: house.code_expires_at.toISOString() }
            : null,
      }
    }),
  }
}

/**
 * Signs a fresh health code for a person this phone holds, through the codes service (the
 * same signing, audit and issued-code record as staff issuing).
 * @throws MeSessionRequiredError; NotFoundError when the phone does not hold the person; NoHealthStatusError
 */
export async function issueCodeForPhone(
  deps: Deps,
  token: string | undefined,
  personId: string,
  ip: string,
  now = new Date(),
): Promise<MeHealthCode> {
  const session = await requireSession(deps, token, now)
  const held = (await repo.heldPeople(deps.db, session.id)).find((p) => p.person_id === personId)
  if (!held) throw new NotFoundError('person')
  const issued = await issueHealthCode(deps, { areaPath: held.area_path, account: null, ip }, personId, now)
  const read = await readCode(deps, issued.code, now)
  const [status] = await repo.colourStatusOf(deps.db, [personId])
  return { personId, codeId: read.cti ?? '', ...issued, colourSetAt: status ? status.updated_at.toISOString() : null }
}

/** Stops holding one person on this phone (their consent is withdrawn; the history stays). */
export async function removePerson(deps: Deps, token: string | undefined, personId: string, now = new Date()) {
  const session = await requireSession(deps, token, now)
  const removed = await repo.unbindPerson(deps.db, session.id, personId, 'removed', now)
  if (!removed.length) throw new NotFoundError('person')
  await recordAudit(
    deps.db,
    null,
    'delete',
    'me_consent',
    removed.map((r) => ({ id: r.person_id, areaId: r.area_id })),
  )
}

/** Ends the phone's session and lets go of everyone it held. Signing out twice is fine. */
export async function signOut(deps: Deps, token: string | undefined, now = new Date()) {
  const session = await liveSession(deps.db, token, now)
  if (!session) return
  await deps.db.transaction().execute(async (trx) => {
    await repo.unbindPerson(trx, session.id, null, 'signed_out', now)
    await repo.revokeSession(trx, session.id, now)
  })
}
