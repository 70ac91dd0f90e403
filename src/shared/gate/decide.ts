import type { CodeFormat, CodeHolder, VerifyResult } from '../codes/index.ts'
import {
  FEVER_THRESHOLD_C,
  SCAN_MAX_AGE_MS,
  SCAN_MAX_AHEAD_MS,
  type GateDecision,
  type HealthColour,
  type IdentityCheck,
  type ManualProof,
  type UnverifiedPolicy,
} from '../schemas/gate.ts'
import { holderOf } from './holder.ts'

/**
 * A scanned code as the gate needs it: valid or why not, and whose / which property. The server
 * builds it from the verifier's result; so does the scanner page when it decides offline.
 */
export interface ReadCode {
  valid: boolean
  /** `platform`: another province's code, verified online by its issuing platform (issue 20) */
  format: CodeFormat | 'platform'
  reason: string
  /** the issuing platform of a `platform` code */
  platform?: { id: string; name: string }
  /** 待核验: the platform could not answer (timeout, down, untrustworthy answer) */
  pending?: boolean
  kind?: 'health' | 'house'
  personId?: string
  colour?: HealthColour
  propertyId?: string
  cti?: string
  /** whom the code names (masked), when it says: the guard compares it with the person */
  holder?: CodeHolder & { idType?: string }
}

/** What the gate decides and what it must set in motion. Pure: the service does the writing. */
export interface GateVerdict {
  decision: GateDecision
  reasons: string[]
  colour: HealthColour | null
  /** open an isolation order of this kind for the person */
  isolation: 'home' | 'centralised' | null
  /** a forged, tampered or unknown code: alert the checkpoint's area */
  securityAlert: boolean
  /** ≥ 37.3 °C */
  fever: boolean
  /** call the landlord of the house code's property to escort */
  escortPropertyId: string | null
  /** 待核验 admitted on a hand-checked proof: tell the grid worker (issue 20) */
  manualAdmitAlert: boolean
}

/** How the checkpoint treats a code its platform could not verify, and what the guard checked. */
export interface PendingPolicy {
  policy: UnverifiedPolicy
  manualProof?: ManualProof
}

/** What the gate needs of a verifier result. */
export function readCodeFromResult(result: VerifyResult): ReadCode {
  const read: ReadCode = { valid: result.valid, format: result.format, reason: result.reason }
  const holder = result.valid ? holderOf(result) : undefined
  if (holder) read.holder = holder
  if (result.valid && result.format === 'gridline') {
    const claims = result.claims
    read.cti = claims.cti
    if (claims.type === 'health') Object.assign(read, { kind: 'health', personId: claims.personId, colour: claims.colour })
    else Object.assign(read, { kind: 'house', propertyId: claims.propertyId })
  }
  return read
}

/**
 * Codes refused the moment they are scanned, before the identity, house-code and temperature
 * steps (issue 13 "refuse early"): not genuine, revoked, outside their validity, not a health
 * code, or red (centralised isolation whatever the temperature says).
 */
export function decidedAtScan(health: ReadCode): boolean {
  if (health.pending) return false
  if (!health.valid) return true
  if (health.format === 'platform') return health.colour === 'red'
  if (health.format !== 'gridline') return false
  return health.kind !== 'health' || health.colour === 'red'
}

/**
 * Whether a scan's time is believable at arrival: not ahead of the server by more than five
 * minutes (a fast phone clock), not older than 72 h (the offline queue's limit). Outside, the
 * scan is refused: a backdated upload must not make an expired code pass.
 * @returns the refusal reason, or null when the time is within the bounds
 */
export function scanTimeProblem(scannedAt: Date, receivedAt: Date): 'SCAN_TIME_IN_FUTURE' | 'SCAN_TIME_TOO_OLD' | null {
  const offset = scannedAt.getTime() - receivedAt.getTime()
  if (offset > SCAN_MAX_AHEAD_MS) return 'SCAN_TIME_IN_FUTURE'
  if (offset < -SCAN_MAX_AGE_MS) return 'SCAN_TIME_TOO_OLD'
  return null
}

/**
 * Pure, shared by the server and the offline scanner, so a guard sees the same decision with or
 * without a network. The server adds what only it knows (the person's name, open cases).
 */

/** Reasons that mean the code was not issued by a key we trust, or was changed after signing. */
const FORGERY_REASONS = new Set([
  'UNKNOWN_CODE',
  'BAD_SIGNATURE',
  'UNKNOWN_KEY',
  'MALFORMED',
  'BAD_PREFIX',
  'TOO_LARGE',
  'BAD_BASE45',
  'BAD_COMPRESSION',
  'BAD_CBOR',
  'KEY_NOT_VALID',
])

/**
 * The gate rules of PRODUCT.md §2: a genuine code's colour decides (green admit, yellow home
 * isolation, red centralised isolation); a forged one is refused and alerts; a fever refuses
 * entry and alerts; a code the guard finds is not the holder's (非本人) refuses; a valid house code of the person's rental calls the landlord to escort.
 */
export function decideAtGate(
  health: ReadCode,
  house: ReadCode | null,
  temperature: number | undefined,
  identityCheck?: IdentityCheck,
  pendingPolicy: PendingPolicy = { policy: 'refuse' },
): GateVerdict {
  const verdict: GateVerdict = {
    decision: 'refuse',
    reasons: [],
    colour: null,
    isolation: null,
    securityAlert: false,
    fever: temperature !== undefined && temperature >= FEVER_THRESHOLD_C,
    escortPropertyId: null,
    manualAdmitAlert: false,
  }
  const isHealthCode = health.format === 'gridline' || health.format === 'platform'
  if (health.pending) {
    // 待核验: the issuing platform could not answer. Refuse, or admit on a proof the guard checked.
    verdict.reasons.push('PENDING_VERIFICATION', `CODE_${health.reason}`)
    if (pendingPolicy.policy === 'admit_manual' && pendingPolicy.manualProof) {
      verdict.decision = 'admit'
      verdict.reasons.push(`MANUAL_PROOF_${pendingPolicy.manualProof.toUpperCase()}`)
      verdict.manualAdmitAlert = true
    }
  } else if (!health.valid) {
    verdict.reasons.push(`CODE_${health.reason}`)
    verdict.securityAlert = FORGERY_REASONS.has(health.reason)
  } else if (health.format === 'gridline' && health.kind !== 'health') {
    verdict.reasons.push('CODE_NOT_A_HEALTH_CODE')
  } else if (!isHealthCode) {
    // A valid EU DCC or SMART Health Card proves vaccination/test, not a colour: admit as green.
    verdict.decision = 'admit'
    verdict.reasons.push(`FOREIGN_CERTIFICATE_${health.format.toUpperCase()}`)
  } else {
    verdict.colour = health.colour ?? null
    verdict.reasons.push(`HEALTH_${(health.colour ?? 'unknown').toUpperCase()}`)
    if (health.format === 'platform') verdict.reasons.push('VERIFIED_ONLINE')
    if (health.colour === 'green') verdict.decision = 'admit'
    else if (health.colour === 'yellow') {
      verdict.decision = 'home_isolation'
      verdict.isolation = 'home'
    } else {
      verdict.decision = 'centralised_isolation'
      verdict.isolation = 'centralised'
    }
  }
  if (identityCheck === 'not_holder' && (health.valid || health.pending)) {
    // Someone else's code: no entry, and no isolation order for the code's real holder. The
    // code's colour says nothing about the person at the gate, so it is not given as a reason.
    verdict.reasons = ['IDENTITY_NOT_HOLDER']
    verdict.decision = 'refuse'
    verdict.isolation = null
    verdict.manualAdmitAlert = false
  }
  if (verdict.fever) {
    verdict.reasons.push('FEVER')
    // A fever keeps a green person out: the fever clinic first.
    if (verdict.decision === 'admit') verdict.decision = 'refuse'
  }
  if (house) {
    if (!house.valid) {
      verdict.reasons.push(`HOUSE_CODE_${house.reason}`)
      if (FORGERY_REASONS.has(house.reason)) verdict.securityAlert = true
      if (verdict.decision === 'admit') verdict.decision = 'refuse'
    } else if (house.kind !== 'house' || !house.propertyId) {
      verdict.reasons.push('HOUSE_CODE_NOT_A_HOUSE_CODE')
      if (verdict.decision === 'admit') verdict.decision = 'refuse'
    } else if (verdict.decision === 'admit') {
      verdict.decision = 'admit_escort'
      verdict.reasons.push('HOUSE_CODE_OK')
      verdict.escortPropertyId = house.propertyId
    }
  }
  return verdict
}
