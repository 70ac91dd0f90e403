import { verifyCode, type TrustList } from '../../../../shared/codes/index.ts'
import { decideAtGate, readCodeFromResult, type ReadCode } from '../../../../shared/gate/decide.ts'
import type { ManualProof, UnverifiedPolicy } from '../../../../shared/schemas/gate.ts'
import { regionOfNationalCode } from '../../../../shared/health-code-standard.ts'
import type { GateDecision, GateScanBody, HealthColour, IdentityCheck } from '../../../../shared/schemas/gate.ts'
import { cryptoBackend } from './trust.ts'
import { houseCodeFromScan } from '../../../../shared/housing-link.ts'

/** A decision as the page shows it, from the server or made on this phone. */
export interface ShownDecision {
  decision: GateDecision
  reasons: string[]
  colour: HealthColour | null
  personName: string | null
  temperature: number | null
  identityCheck: IdentityCheck | null
  offline: boolean
  duplicate: boolean
  /** another province's platform that verified the code online (issue 20) */
  verifiedOnlineBy?: string | null
  /** 待核验: verified again when the platform answers */
  pendingVerification?: boolean
  manualProof?: ManualProof | null
}

/**
 * Another province's code when the server (and so its platform) cannot be reached: 待核验, not a
 * bad code. The checkpoint's policy then applies on the phone as on the server (issue 20).
 */
export function offlinePlatformRead(text: string): ReadCode | null {
  return regionOfNationalCode(text) ? { valid: false, format: 'platform', reason: 'SCANNER_OFFLINE', pending: true } : null
}

/**
 * Decides a scan on this phone with the cached trust list: the same verifier and gate rules as
 * the server (src/shared), so the guard sees what the server will log. Without a trust list
 * nothing can be verified: refuse and ask for a check by hand.
 */
export async function decideOffline(
  scan: GateScanBody,
  trust: TrustList | null,
  policy: UnverifiedPolicy = 'refuse',
): Promise<ShownDecision> {
  const shown = {
    personName: null,
    temperature: scan.temperature ?? null,
    identityCheck: scan.identityCheck ?? null,
    offline: true,
    duplicate: false,
  }
  const foreign = offlinePlatformRead(scan.healthCode)
  if (!trust && !foreign) return { ...shown, decision: 'refuse', reasons: ['OFFLINE_NO_TRUST'], colour: null }
  const options = trust ? { trust, backend: cryptoBackend(), now: new Date(scan.scannedAt ?? Date.now()) } : null
  const health = foreign ?? readCodeFromResult(await verifyCode(scan.healthCode, options!))
  // The poster's QR is a link to the registration page with the code after '#'.
  const house = scan.houseCode && options ? readCodeFromResult(await verifyCode(houseCodeFromScan(scan.houseCode), options)) : null
  const verdict = decideAtGate(health, house, scan.temperature, scan.identityCheck, {
    policy,
    ...(scan.manualProof ? { manualProof: scan.manualProof } : {}),
  })
  return {
    ...shown,
    decision: verdict.decision,
    reasons: verdict.reasons,
    colour: verdict.colour,
    pendingVerification: foreign !== null,
    manualProof: verdict.manualAdmitAlert ? (scan.manualProof ?? null) : null,
  }
}
