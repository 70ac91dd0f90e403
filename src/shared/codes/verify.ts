/**
 * The one entry point: any scanned text → a typed result. The prefix picks the format.
 */
import type { CryptoBackend } from './backend.ts'
import type { VerifyContext } from './context.ts'
import { DCC_PREFIX, verifyDcc } from './dcc.ts'
import { GRIDLINE_PREFIX, verifyGridlineBody } from './gridline.ts'
import { refuse } from './result.ts'
import type { VerifyResult } from './result.ts'
import { SHC_PREFIX, verifyShc } from './shc.ts'
import type { TrustList } from './trust.ts'
import { isTrustStore, prepareTrust } from './trust-store.ts'
import type { TrustStore } from './trust-store.ts'

/**
 * The longest text the verifier reads. One QR code holds at most 4296 alphanumeric characters;
 * a SMART Health Card may come in several chunks of about 1200 each. Longer text is refused
 * before any decoding starts.
 */
export const MAX_CODE_TEXT_LENGTH = 16 * 1024

/** Options of `verifyCode`. A raw trust list needs a backend; a prepared store carries its own. */
export type VerifyOptions = {
  /** The instant to verify at (the CLI's `--at`). */
  now: Date
  /** Revoked code ids (base64url `cti`) newer than the trust list, e.g. a fresher cached list. */
  revocations?: ReadonlySet<string> | readonly string[]
  /** Clock tolerance for nbf/exp in seconds (a gate phone's clock may lag the issuer's). Default 0. */
  leewaySeconds?: number
} & ({ trust: TrustStore; backend?: CryptoBackend } | { trust: TrustList; backend: CryptoBackend })

// Preparing parses certificates and hashes keys: do it once per trust list object and backend.
const prepared = new WeakMap<TrustList, Map<CryptoBackend, Promise<TrustStore>>>()
const revocationSets = new WeakMap<readonly string[], ReadonlySet<string>>()

function storeFor(trust: TrustList, backend: CryptoBackend): Promise<TrustStore> {
  let byBackend = prepared.get(trust)
  if (!byBackend) {
    byBackend = new Map()
    prepared.set(trust, byBackend)
  }
  let store = byBackend.get(backend)
  if (!store) {
    store = prepareTrust(trust, backend)
    byBackend.set(backend, store)
  }
  return store
}

function revocationSet(revocations: VerifyOptions['revocations']): ReadonlySet<string> | undefined {
  if (!revocations || revocations instanceof Set) return revocations as ReadonlySet<string> | undefined
  const list = revocations as readonly string[]
  let set = revocationSets.get(list)
  if (!set) {
    set = new Set(list)
    revocationSets.set(list, set)
  }
  return set
}

function formatOf(code: string): VerifyResult['format'] {
  if (code.startsWith(GRIDLINE_PREFIX)) return 'gridline'
  if (code.startsWith(DCC_PREFIX)) return 'dcc'
  if (code.slice(0, SHC_PREFIX.length).toLowerCase() === SHC_PREFIX) return 'shc'
  return 'unknown'
}

/**
 * Verifies a scanned code: Gridline `GL1:`, EU DCC `HC1:` or SMART Health Card `shc:/` (a
 * multi-QR card: all chunks, one per line). Never throws for a bad code; the reason says why.
 * @throws {TypeError} only for a raw trust list given without a backend (a programming error)
 * @param text the QR text; surrounding whitespace is ignored
 * @returns `{ valid, format, reason, kid?, claims? }`
 * @example
 * const result = await verifyCode(scanned, { trust: store, now: new Date() })
 * if (result.valid && result.format === 'gridline' && result.claims.type === 'health') admit(result.claims.colour)
 */
export async function verifyCode(text: string, options: VerifyOptions): Promise<VerifyResult> {
  let store: TrustStore
  if (isTrustStore(options.trust)) store = options.trust
  else if (options.backend) store = await storeFor(options.trust, options.backend)
  else throw new TypeError('verifyCode: a raw trust list needs a crypto backend')
  const context: VerifyContext = {
    store,
    now: Math.floor(options.now.getTime() / 1000),
    leeway: options.leewaySeconds ?? 0,
    extraRevoked: revocationSet(options.revocations),
  }
  if (text.length > MAX_CODE_TEXT_LENGTH)
    return refuse(formatOf(text.trimStart()), 'TOO_LARGE', `longer than ${MAX_CODE_TEXT_LENGTH} characters`)
  const code = text.trim()
  if (code.startsWith(GRIDLINE_PREFIX)) return verifyGridlineBody(code.slice(GRIDLINE_PREFIX.length), context)
  if (code.startsWith(DCC_PREFIX)) return verifyDcc(code, context)
  if (code.slice(0, SHC_PREFIX.length).toLowerCase() === SHC_PREFIX) return verifyShc(code, context)
  return refuse('unknown', 'BAD_PREFIX', 'no GL1:, HC1: or shc:/ prefix')
}
