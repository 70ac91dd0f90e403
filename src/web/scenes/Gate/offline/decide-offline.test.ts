import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createTestIssuer, healthCodeInput } from '../../../../../test/test-keys.ts'
import { decodeBase45, encodeBase45, encodeGridlineCode, unzlibStored, zlibStore, type TrustList } from '../../../../shared/codes/index.ts'
import type { GateScanBody } from '../../../../shared/schemas/gate.ts'
import { decideOffline } from './decide-offline.ts'

// The phone decides with WebCrypto; Node ≥ 20 has the same API, so this runs the page's path.
const issuer = createTestIssuer()
const T0 = 1_790_000_000
const trust: TrustList = { version: 1, issuedAt: new Date(T0 * 1000).toISOString(), keys: [issuer.trustedKey()], revocations: [] }

function scan(healthCode: string, extra: Partial<GateScanBody> = {}): GateScanBody {
  return {
    clientScanId: crypto.randomUUID(),
    checkpointId: crypto.randomUUID(),
    deviceId: 'web-test',
    healthCode,
    scannedAt: new Date((T0 + 60) * 1000).toISOString(),
    ...extra,
  }
}

const codeOf = (colour: 'green' | 'yellow' | 'red', cti = randomBytes(16)) =>
  encodeGridlineCode(
    healthCodeInput(T0, { claims: { t: 'health', p: '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a', c: colour }, cti }),
    issuer.signer,
  )

describe('decideOffline', () => {
  it('admits a green code signed by a trusted key', async () => {
    expect(await decideOffline(scan(await codeOf('green'), { temperature: 36.5 }), trust)).toMatchObject({
      decision: 'admit',
      reasons: ['HEALTH_GREEN'],
      colour: 'green',
      temperature: 36.5,
      offline: true,
    })
  })

  it('refuses a code with one changed byte as a forgery', async () => {
    const cose = unzlibStored(decodeBase45((await codeOf('green')).slice(4))).slice()
    cose[cose.length - 70]! ^= 0x01
    const forged = `GL1:${encodeBase45(zlibStore(cose))}`
    expect(await decideOffline(scan(forged), trust)).toMatchObject({ decision: 'refuse', reasons: ['CODE_BAD_SIGNATURE'] })
  })

  it('refuses a code revoked in the cached trust list', async () => {
    const cti = randomBytes(16)
    const revoked = { ...trust, revocations: [cti.toString('base64url')] }
    expect(await decideOffline(scan(await codeOf('green', cti)), revoked)).toMatchObject({ decision: 'refuse', reasons: ['CODE_REVOKED'] })
  })

  it('judges the code as of the scan time, not the upload time', async () => {
    const late = scan(await codeOf('green'), { scannedAt: new Date((T0 + 2 * 86_400) * 1000).toISOString() })
    expect(await decideOffline(late, trust)).toMatchObject({ decision: 'refuse', reasons: ['CODE_EXPIRED'] })
  })

  it('sends a yellow code home and notes a fever', async () => {
    expect(await decideOffline(scan(await codeOf('yellow'), { temperature: 38.1 }), trust)).toMatchObject({
      decision: 'home_isolation',
      reasons: ['HEALTH_YELLOW', 'FEVER'],
    })
  })

  it('refuses and asks for a check by hand without a trust list', async () => {
    expect(await decideOffline(scan(await codeOf('green')), null)).toMatchObject({ decision: 'refuse', reasons: ['OFFLINE_NO_TRUST'] })
  })

  it("keeps another province's code 待核验 offline and follows the checkpoint's policy", async () => {
    const jiangxi = 'CNHC:360000:abcdefghijklmnop1234'
    expect(await decideOffline(scan(jiangxi, { identityCheck: 'confirmed', temperature: 36.5 }), trust)).toMatchObject({
      decision: 'refuse',
      reasons: ['PENDING_VERIFICATION', 'CODE_SCANNER_OFFLINE'],
      pendingVerification: true,
    })
    // Admitted on a checked paper proof, even before the phone has a trust list.
    expect(
      await decideOffline(scan(jiangxi, { identityCheck: 'confirmed', temperature: 36.5, manualProof: 'paper' }), null, 'admit_manual'),
    ).toMatchObject({
      decision: 'admit',
      reasons: ['PENDING_VERIFICATION', 'CODE_SCANNER_OFFLINE', 'MANUAL_PROOF_PAPER'],
      manualProof: 'paper',
    })
  })
})
