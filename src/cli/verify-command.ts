/**
 * `gridline verify --trust FILE [--at ISO-TIME]`: the offline verification tool for auditors and
 * integrators. Reads codes one per line on stdin, prints one JSON line per code. Opens no
 * database and reads no server configuration: the trust file is the only input besides stdin.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { nodeCryptoBackend } from '../server/codes/node-crypto-backend.ts'
import { trustFileSchema, trustListFromAnchors } from '../shared/codes/trust.ts'
import type { TrustList } from '../shared/codes/trust.ts'
import { prepareTrust } from '../shared/codes/trust-store.ts'
import type { TrustStore } from '../shared/codes/trust-store.ts'
import { verifyCode } from '../shared/codes/verify.ts'

export const VERIFY_USAGE = `Usage: npm run gridline -- verify --trust FILE [--at ISO-TIME] < codes.txt

Reads codes (GL1:, HC1:, shc:/) one per line on standard input; a multi-QR SMART Health Card is
given as its chunks on consecutive lines. Prints one JSON line per code:
  {"valid": true|false, "format": "gridline"|"dcc"|"shc"|"unknown", "reason": "OK"|…, "claims": {…}|null}
(refusals also carry "detail"). Exit status: 0 all valid, 1 some refused, 2 bad arguments or trust file.

FILE is JSON: a list of trust anchors, each one of
  {"kid": "<base64url>"?, "publicKey": "<base64 SPKI DER>", "notBefore"?, "notAfter"?}   a Gridline key
  {"certificate": "<PEM or base64 DER>"}                                                  a DCC signing certificate
  {"iss": "<url>", "jwks": {"keys": […]}, "crl": {…}?}                                     a SMART Health Card issuer
or a whole Gridline trust list ({"version", "issuedAt", "keys", "revocations", …}).
--at verifies as of that instant instead of now.`

/** Where the command reads and writes (the test passes its own streams). */
export interface CommandIo {
  stdin: Readable
  stdout: Writable
  stderr: Writable
}

const CHUNK = /^shc:\/(\d+)\/(\d+)\//i

// DCC validation clocks carry up to 7 fractional digits; Date.parse wants at most 3.
function parseInstant(text: string): Date | undefined {
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isFinite(ms) ? new Date(ms) : undefined
}

async function loadTrust(file: string): Promise<TrustStore> {
  const parsed = trustFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    throw new Error(
      `not a trust file: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
        .join('; ')}`,
    )
  }
  const list: TrustList = Array.isArray(parsed.data) ? await trustListFromAnchors(parsed.data, nodeCryptoBackend) : parsed.data
  return prepareTrust(list, nodeCryptoBackend)
}

/**
 * Runs the command.
 * @param args the arguments after `verify`
 * @returns the exit status: 0 all codes valid, 1 some refused, 2 usage or trust-file error
 */
export async function runVerifyCommand(args: string[], io: CommandIo = process): Promise<number> {
  let values: { trust?: string; at?: string; help?: boolean }
  try {
    values = parseArgs({ args, options: { trust: { type: 'string' }, at: { type: 'string' }, help: { type: 'boolean' } } }).values
  } catch (error) {
    io.stderr.write(`verify: ${(error as Error).message}\n\n${VERIFY_USAGE}\n`)
    return 2
  }
  if (values.help) {
    io.stdout.write(`${VERIFY_USAGE}\n`)
    return 0
  }
  if (!values.trust) {
    io.stderr.write(`verify: --trust FILE is required\n\n${VERIFY_USAGE}\n`)
    return 2
  }
  const at = values.at === undefined ? new Date() : parseInstant(values.at)
  if (!at) {
    io.stderr.write(`verify: --at ${JSON.stringify(values.at)} is not an ISO time\n`)
    return 2
  }
  let store: TrustStore
  try {
    store = await loadTrust(values.trust)
  } catch (error) {
    io.stderr.write(`verify: ${values.trust}: ${(error as Error).message}\n`)
    return 2
  }
  for (const problem of store.problems) io.stderr.write(`verify: trust entry skipped: ${problem}\n`)

  let refused = 0
  const emit = async (text: string) => {
    const result = await verifyCode(text, { trust: store, now: at })
    if (!result.valid) refused++
    const line = {
      valid: result.valid,
      format: result.format,
      reason: result.reason,
      claims: result.claims ?? null,
      ...(!result.valid && result.detail ? { detail: result.detail } : {}),
    }
    io.stdout.write(`${JSON.stringify(line)}\n`)
  }
  // Chunks of one multi-QR card are collected until all have arrived, then verified together.
  let chunks: string[] = []
  let chunkTotal = 0
  for await (const raw of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    const line = raw.trim()
    if (!line) continue
    const chunk = CHUNK.exec(line)
    if (!chunk) {
      if (chunks.length) await emit(chunks.join('\n'))
      chunks = []
      await emit(line)
      continue
    }
    if (chunks.length && Number(chunk[2]) !== chunkTotal) await emit(chunks.join('\n'))
    if (!chunks.length || Number(chunk[2]) !== chunkTotal) chunks = []
    chunkTotal = Number(chunk[2])
    chunks.push(line)
    if (chunks.length === chunkTotal) {
      await emit(chunks.join('\n'))
      chunks = []
    }
  }
  if (chunks.length) await emit(chunks.join('\n'))
  return refused ? 1 : 0
}
