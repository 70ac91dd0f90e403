import { verifyCode, type TrustList } from '../../../../shared/codes/index.ts'
import { decideAtGate, readCodeFromResult } from '../../../../shared/gate/decide.ts'
import type { ManualProof } from '../../../../shared/schemas/gate.ts'
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
 * Decides a scan on this phone with the cached trust list: the same verifier and gate rules as
 * the server (src/shared), so the guard sees what the server will log. Without a trust list
 * nothing can be verified: refuse and ask for a check by hand.
 */
export async function decideOffline(scan: GateScanBody, trust: TrustList | null): Promise<ShownDecision> {
  const shown = { personName: null, temperature: scan.temperature ?? null, identityCheck: scan.identityCheck ?? null, offline: true, duplicate: false }
  if (!trust) return { ...shown, decision: 'refuse', reasons: ['OFFLINE_NO_TRUST'], colour: null }
  const options = { trust, backend: cryptoBackend(), now: new Date(scan.scannedAt ?? Date.now()) }
  const health = readCodeFromResult(await verifyCode(scan.healthCode, options))
  // The poster's QR is a link to the registration page with the code after '#'.
  const house = scan.houseCode ? readCodeFromResult(await verifyCode(houseCodeFromScan(scan.houseCode), options)) : null
  const verdict = decideAtGate(health, house, scan.temperature, scan.identityCheck)
  return { ...shown, decision: verdict.decision, reasons: verdict.reasons, colour: verdict.colour }
}
