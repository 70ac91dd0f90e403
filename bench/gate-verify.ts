/**
 * Verifier speed against raw signature checks, measured side by side in one process on one
 * core: raw = `node:crypto` ES256 verify of one Sig_structure with a cached KeyObject; lib = the
 * whole pipeline of `verifyCode` (prefix, base45, zlib, COSE, kid lookup, verify, CWT, claims,
 * revocation and time checks) over 1,000 distinct GL1 codes. The two alternate in short slices
 * so CPU frequency drift hits both alike. Goal: lib ≥ 0.70 × raw.
 *
 * Run alone: `npx tsx bench/gate-verify.ts [seconds]`.
 */
import { createPublicKey, randomUUID, verify } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { nodeCryptoBackend } from '../src/server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../test/test-keys.ts'
import { decodeBase45 } from '../src/shared/codes/base45.ts'
import { decodeCoseSign1, sigStructure } from '../src/shared/codes/cose.ts'
import { encodeGridlineCode } from '../src/shared/codes/gridline.ts'
import { prepareTrust } from '../src/shared/codes/trust-store.ts'
import { verifyCode } from '../src/shared/codes/verify.ts'
import { unzlibStored } from '../src/shared/codes/zlib.ts'

const CODES = 1000
const SLICES = 10
const BATCH = 250

/** Runs `step` in batches until `ms` have passed; returns how many ran and the time taken. */
async function runFor(ms: number, step: (i: number) => unknown): Promise<{ count: number; ms: number }> {
  const start = performance.now()
  let count = 0
  while (performance.now() - start < ms) {
    for (let i = 0; i < BATCH; i++) await step(count++)
  }
  return { count, ms: performance.now() - start }
}

/**
 * Measures raw ES256 verifies and library decode+verify per second, alternating.
 * @param seconds total measuring time, split evenly between the two
 * @returns both rates, rounded
 */
export async function benchVerify(seconds: number): Promise<{ raw_verify_per_s: number; lib_verify_per_s: number }> {
  const issuer = createTestIssuer()
  const iat = Math.floor(Date.now() / 1000)
  const now = new Date((iat + 60) * 1000)
  const codes: string[] = []
  for (let i = 0; i < CODES; i++) {
    codes.push(await encodeGridlineCode(healthCodeInput(iat, { claims: { t: 'health', p: randomUUID(), c: 'green' } }), issuer.signer))
  }
  const store = await prepareTrust(
    { version: 1, issuedAt: now.toISOString(), keys: [issuer.trustedKey()], revocations: [] },
    nodeCryptoBackend,
  )

  const cose = decodeCoseSign1(unzlibStored(decodeBase45(codes[0]!.slice(4))), { mode: 'strict' })
  const message = sigStructure(cose.protectedBytes, cose.payload)
  const key = createPublicKey({ key: issuer.spki, format: 'der', type: 'spki' })
  const raw = () => {
    if (!verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, cose.signature)) throw new Error('raw verify failed')
  }
  const lib = async (i: number) => {
    const result = await verifyCode(codes[i % CODES]!, { trust: store, now })
    if (!result.valid) throw new Error(`library refused a genuine code: ${result.reason}`)
  }

  // Warm both paths (JIT, key import) before timing.
  await runFor(200, raw)
  await runFor(200, lib)
  const slice = (seconds * 1000) / (2 * SLICES)
  const totals = { raw: { count: 0, ms: 0 }, lib: { count: 0, ms: 0 } }
  for (let s = 0; s < SLICES; s++) {
    for (const [name, step] of [
      ['raw', raw],
      ['lib', lib],
    ] as const) {
      const done = await runFor(slice, step)
      totals[name].count += done.count
      totals[name].ms += done.ms
    }
  }
  const raw_verify_per_s = Math.round((totals.raw.count * 1000) / totals.raw.ms)
  const lib_verify_per_s = Math.round((totals.lib.count * 1000) / totals.lib.ms)
  console.log(
    `verify bench: raw ${raw_verify_per_s}/s, library ${lib_verify_per_s}/s, ratio ${(lib_verify_per_s / raw_verify_per_s).toFixed(3)} (goal ≥ 0.70)`,
  )
  return { raw_verify_per_s, lib_verify_per_s }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchVerify(Number(process.argv[2] ?? 10))))
}
