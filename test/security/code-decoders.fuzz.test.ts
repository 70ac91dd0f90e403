/**
 * Standing proof (issue 14): the code decoders read whatever a camera hands them. Random and
 * mutated health codes, house codes, EU DCCs and SMART Health Cards must come back as a typed
 * refusal (`valid: false` with one of VERIFY_REASONS), never as a thrown error or a hang. The
 * lower decoding steps may only throw their own typed errors (CodeError, Base45Error).
 * Fixed seeds: a failure reproduces; fast-check prints the shrunk input.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeCryptoBackend } from '../../src/server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../test-keys.ts'
import {
  BASE45_ALPHABET,
  Base45Error,
  CODE_FORMATS,
  CodeError,
  CborTag,
  decodeBase45,
  decodeCbor,
  decodeCoseSign1,
  decodeGridlinePayload,
  decodeShcNumeric,
  encodeBase45,
  encodeCbor,
  encodeCoseSign1,
  encodeGridlineCode,
  GRIDLINE_CLAIM,
  HCERT_CLAIM,
  inflateZlib,
  joinShcChunks,
  prepareTrust,
  sigStructure,
  verifyCode,
  VERIFY_REASONS,
  zlibStore,
  type TrustList,
  type VerifyResult,
} from '../../src/shared/codes/index.ts'

const T0 = 1_790_000_000
const NOW = new Date((T0 + 60) * 1000)
const SEED = 20_261_208
/** A decoder that has not answered after this long is taken as hung (it answers in milliseconds). */
const HANG_MS = 5_000
const RUNS = 300

const issuer = createTestIssuer()
const SHC_DIR = resolve(import.meta.dirname, '../vectors/shc/examples')
const shcJwks = JSON.parse(readFileSync(join(SHC_DIR, 'issuer/.well-known/jwks.json'), 'utf8'))
const trust: TrustList = {
  version: 1,
  issuedAt: new Date(T0 * 1000).toISOString(),
  keys: [issuer.trustedKey()],
  revocations: [],
  shcIssuers: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: shcJwks }],
}
const storePromise = prepareTrust(trust, nodeCryptoBackend)

const healthCode = await encodeGridlineCode(healthCodeInput(T0), issuer.signer)
const houseCode = await encodeGridlineCode(
  healthCodeInput(T0, { claims: { t: 'house', h: '6f1c2b0e-8d5a-4c3e-9b7f-2a1d0e9c8b7a' } }),
  issuer.signer,
)
const dccCode = JSON.parse(readFileSync(resolve(import.meta.dirname, '../vectors/dcc/UA/2DCode/raw/1.json'), 'utf8')).PREFIX as string
const shcCode = readFileSync(join(SHC_DIR, 'example-00-f-qr-code-numeric-value-0.txt'), 'utf8').trim()
const shcChunks = [0, 1, 2].map((chunk) => readFileSync(join(SHC_DIR, `example-02-f-qr-code-numeric-value-${chunk}.txt`), 'utf8').trim())
const SAMPLES = { gridlineHealth: healthCode, gridlineHouse: houseCode, dcc: dccCode, shc: shcCode, shcMulti: shcChunks.join('\n') }

/** The typed outcome every input must reach: a result, with a known format and reason. */
async function verifyTyped(text: string): Promise<VerifyResult> {
  const result = await verifyCode(text, { trust: await storePromise, now: NOW })
  expect(typeof result.valid).toBe('boolean')
  expect(VERIFY_REASONS).toContain(result.reason)
  expect(CODE_FORMATS).toContain(result.format)
  if (!result.valid) expect(result.reason).not.toBe('OK')
  return result
}

/** Runs a decoding step: it returns, or throws one of the library's typed errors. */
function decodesOrRefusesTyped(step: () => unknown) {
  try {
    step()
  } catch (error) {
    if (!(error instanceof CodeError || error instanceof Base45Error)) throw error
  }
}

const params = (runs = RUNS) => ({ seed: SEED, numRuns: runs, timeout: HANG_MS, markInterruptAsFailure: true })

/** One edit of a text: replace, insert or delete a character, cut the tail, or repeat a slice. */
const mutatedText = (base: string, alphabet: string) =>
  fc
    .array(
      fc.record({
        kind: fc.constantFrom('replace', 'insert', 'delete', 'truncate', 'repeat'),
        at: fc.nat(),
        char: fc.oneof(fc.constantFrom(...alphabet.split('')), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce((text, edit) => {
        const at = text.length === 0 ? 0 : edit.at % text.length
        switch (edit.kind) {
          case 'replace':
            return text.slice(0, at) + edit.char + text.slice(at + 1)
          case 'insert':
            return text.slice(0, at) + edit.char + text.slice(at)
          case 'delete':
            return text.slice(0, at) + text.slice(at + 1)
          case 'truncate':
            return text.slice(0, at)
          case 'repeat':
            return text.slice(0, at) + text.slice(at, at + 16).repeat(3) + text.slice(at)
          default:
            return text
        }
      }, base),
    )

/** CBOR-shaped values: what a hand-made code could carry in any claim. */
const cborValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n) + 1n, max: 2n ** 64n - 1n }),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(fc.integer({ min: -300, max: 300 }), fc.string({ maxLength: 6 })), tie('value')), { maxLength: 4 })
      .map((entries) => new Map(entries)),
    fc.tuple(fc.constantFrom(0, 1, 18, 61, 1004), tie('value')).map(([tag, value]) => new CborTag(tag, value)),
  ),
})).value

/** A CWT claims map with the keys codes use (iss, exp, nbf, iat, cti, Gridline, hcert) and random values. */
const cwtClaims = fc
  .array(fc.tuple(fc.constantFrom(1, 4, 5, 6, 7, GRIDLINE_CLAIM, HCERT_CLAIM, 99), cborValue), { maxLength: 8 })
  .map((entries) => new Map<number, unknown>(entries))

/** Encodes a value, or none when the CBOR encoder itself refuses it (e.g. a tag it cannot write). */
function tryEncodeCbor(value: unknown): Uint8Array | null {
  try {
    return encodeCbor(value)
  } catch {
    return null
  }
}

describe('code decoders under random and mutated input', () => {
  it('refuses arbitrary text, with or without a known prefix, with a typed reason', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 400, unit: 'grapheme' }),
      fc.string({ maxLength: 400, unit: 'binary' }),
      fc
        .tuple(fc.constantFrom('GL1:', 'HC1:', 'shc:/', 'SHC:/', ' GL1:', 'shc:/1/2/'), fc.string({ maxLength: 400, unit: 'binary' }))
        .map(([p, s]) => p + s),
      fc
        .tuple(fc.constantFrom('GL1:', 'HC1:'), fc.string({ maxLength: 600, unit: fc.constantFrom(...BASE45_ALPHABET.split('')) }))
        .map(([p, s]) => p + s),
      fc
        .tuple(fc.constantFrom('shc:/', 'shc:/2/3/'), fc.string({ maxLength: 600, unit: fc.constantFrom(...'0123456789'.split('')) }))
        .map(([p, s]) => p + s),
    )
    await fc.assert(
      fc.asyncProperty(text, async (input) => {
        const result = await verifyTyped(input)
        expect(result.valid).toBe(false)
      }),
      params(),
    )
  })

  it.each(Object.entries(SAMPLES))('answers every mutation of a genuine %s code with a typed result', async (_name, sample) => {
    expect((await verifyTyped(sample)).reason, 'the unmutated sample decodes').not.toMatch(/^(BAD_|MALFORMED)/)
    await fc.assert(
      fc.asyncProperty(mutatedText(sample, `${BASE45_ALPHABET}0123456789/\n`), async (input) => {
        await verifyTyped(input)
      }),
      params(),
    )
  })

  it('refuses Gridline and DCC envelopes around random CBOR, unsigned or carrying random bytes as COSE', async () => {
    const envelope = fc.record({
      prefix: fc.constantFrom('GL1:', 'HC1:'),
      body: fc.oneof(
        cborValue,
        fc
          .tuple(cborValue, cwtClaims, fc.uint8Array({ maxLength: 80 }))
          .map(
            ([header, claims, signature]) =>
              new CborTag(18, [tryEncodeCbor(header) ?? new Uint8Array(), new Map(), tryEncodeCbor(claims) ?? new Uint8Array(), signature]),
          ),
      ),
      compress: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(envelope, async ({ prefix, body, compress }) => {
        const bytes = tryEncodeCbor(body)
        if (!bytes) return
        const result = await verifyTyped(prefix + encodeBase45(compress ? zlibStore(bytes) : bytes))
        expect(result.valid).toBe(false)
      }),
      params(),
    )
  })

  it('answers a genuinely signed Gridline code whose claims are random with a typed result', async () => {
    const protectedBytes = encodeCbor(
      new Map<number, unknown>([
        [1, -7],
        [4, new Uint8Array(issuer.kid)],
      ]),
    )
    await fc.assert(
      fc.asyncProperty(cwtClaims, async (claims) => {
        const payload = tryEncodeCbor(claims)
        if (!payload) return
        const signature = issuer.signer.sign(sigStructure(protectedBytes, payload))
        const cose = encodeCoseSign1(protectedBytes, payload, await signature)
        const result = await verifyTyped(`GL1:${encodeBase45(zlibStore(cose))}`)
        // Random claims never make a complete, valid code (iss, cti, times and the claim all at once).
        expect(result.valid).toBe(false)
      }),
      params(200),
    )
  })

  it('answers random SMART Health Card JWS text, numeric-encoded, with a typed refusal', async () => {
    const jwsCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''))
    const numeric = (jws: string) => `shc:/${[...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('')}`
    const jws = fc.oneof(
      fc.string({ maxLength: 300, unit: jwsCharacter }),
      fc
        .tuple(fc.json(), fc.string({ maxLength: 100, unit: jwsCharacter }), fc.string({ maxLength: 90, unit: jwsCharacter }))
        .map(([header, payload, signature]) => `${Buffer.from(header).toString('base64url')}.${payload}.${signature}`),
    )
    await fc.assert(
      fc.asyncProperty(jws, async (text) => {
        const result = await verifyTyped(numeric(text))
        expect(result.valid).toBe(false)
      }),
      params(),
    )
  })

  it('lets the decoding steps throw only their own typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300, unit: 'binary' }), (bytes, text) => {
        decodesOrRefusesTyped(() => decodeBase45(text))
        decodesOrRefusesTyped(() => decodeCbor(bytes))
        decodesOrRefusesTyped(() => decodeCbor(bytes, true))
        decodesOrRefusesTyped(() => inflateZlib(bytes))
        decodesOrRefusesTyped(() => decodeCoseSign1(bytes, { mode: 'strict' }))
        decodesOrRefusesTyped(() => decodeCoseSign1(bytes, { mode: 'lenient' }))
        decodesOrRefusesTyped(() => decodeGridlinePayload(bytes))
        decodesOrRefusesTyped(() => decodeShcNumeric(text))
        decodesOrRefusesTyped(() => joinShcChunks(text.split('\n')))
      }),
      { seed: SEED, numRuns: 2_000 },
    )
  })
})
