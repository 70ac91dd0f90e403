/**
 * The QR size of our codes (docs/CODES.md quotes these numbers): encode many codes, draw the
 * longest as a QR at ECC level M with zxing-wasm, read the picture back and verify it.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { prepareZXingModule as prepareReader, readBarcodes } from 'zxing-wasm/reader'
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer'
import { nodeCryptoBackend } from '../../server/codes/node-crypto-backend.ts'
import { createTestIssuer, healthCodeInput } from '../../../test/test-keys.ts'
import { BASE45_ALPHABET } from './base45.ts'
import { encodeGridlineCode } from './gridline.ts'
import { verifyCode } from './verify.ts'

const T0 = 1_790_000_000
const issuer = createTestIssuer()
const trust = { version: 1, issuedAt: new Date(T0 * 1000).toISOString(), keys: [issuer.trustedKey()], revocations: [] }

function wasm(path: string): ArrayBuffer {
  const bytes = readFileSync(resolve(process.cwd(), 'node_modules/zxing-wasm/dist', path))
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

async function lengths(make: () => Parameters<typeof encodeGridlineCode>[0], count: number): Promise<string[]> {
  const codes: string[] = []
  for (let i = 0; i < count; i++) codes.push(await encodeGridlineCode(make(), issuer.signer))
  return codes.sort((a, b) => a.length - b.length)
}

/** Draws a code as QR (ECC M, 4 px per module), reads the picture back. */
async function roundTrip(text: string) {
  const written = await writeBarcode(text, { format: 'QRCode', ecLevel: 'M', scale: 4 })
  expect(written.error).toBe('')
  const [read] = await readBarcodes(written.image!, { formats: ['QRCode'] })
  return { modules: written.symbol.width, version: Number(read!.version), ecLevel: read!.ecLevel, text: read!.text }
}

describe('QR size of Gridline codes', () => {
  beforeAll(async () => {
    await prepareWriter({ overrides: { wasmBinary: wasm('writer/zxing_writer.wasm') }, fireImmediately: true })
    await prepareReader({ overrides: { wasmBinary: wasm('reader/zxing_reader.wasm') }, fireImmediately: true })
  })

  it('fits a health code with identity (张*明, birth date, ID tail) in QR version 11-M (61×61), alphanumeric mode, and reads it back genuine', async () => {
    const colours = ['green', 'yellow', 'red'] as const
    const identity = { n: '张*明', b: '1990-01-01', d: '123X' }
    const codes = await lengths(
      () => healthCodeInput(T0, { claims: { t: 'health', p: randomUUID(), c: colours[Math.floor(Math.random() * 3)]!, ...identity } }),
      300,
    )
    const shortest = codes[0]!.length
    const longest = codes.at(-1)!
    console.log(`health code: ${shortest}–${longest.length} characters`)
    // Alphanumeric mode needs every character in the QR alphanumeric set, which base45 is.
    expect([...longest].every((c) => BASE45_ALPHABET.includes(c))).toBe(true)
    expect(longest.length).toBeLessThanOrEqual(366) // version 11-M alphanumeric capacity
    const qr = await roundTrip(longest)
    console.log(`longest health code as QR: version ${qr.version}-${qr.ecLevel}, ${qr.modules}×${qr.modules} modules`)
    expect(qr).toMatchObject({ version: 11, ecLevel: 'M', modules: 61, text: longest })
    expect(await verifyCode(qr.text, { trust, backend: nodeCryptoBackend, now: new Date((T0 + 60) * 1000) })).toMatchObject({
      valid: true,
      claims: { holder: { name: '张*明' } },
    })
  })

  it('stays within version 12-M (65×65) for the longest masked name a code may carry', async () => {
    // 16 characters, 3 UTF-8 bytes each: the worst case maskName can produce.
    const identity = { n: '欧'.repeat(16), b: '1990-01-01', d: '123X' }
    const codes = await lengths(() => healthCodeInput(T0, { claims: { t: 'health', p: randomUUID(), c: 'yellow', ...identity } }), 50)
    const qr = await roundTrip(codes.at(-1)!)
    console.log(`worst-case name: ${codes.at(-1)!.length} characters, version ${qr.version}-${qr.ecLevel}, ${qr.modules}×${qr.modules}`)
    expect(qr.version).toBeLessThanOrEqual(12)
  })

  it('fits a house code in the same version', async () => {
    const codes = await lengths(() => healthCodeInput(T0, { claims: { t: 'house', h: randomUUID() } }), 100)
    const qr = await roundTrip(codes.at(-1)!)
    console.log(`house code: ${codes[0]!.length}–${codes.at(-1)!.length} characters, version ${qr.version}-${qr.ecLevel}`)
    expect(qr.version).toBeLessThanOrEqual(11)
  })
})
