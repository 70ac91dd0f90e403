import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestIssuer, healthCodeInput } from '../../test/test-keys.ts'
import { decodeBase45, encodeBase45 } from '../shared/codes/base45.ts'
import { encodeGridlineCode } from '../shared/codes/gridline.ts'
import { unzlibStored, zlibStore } from '../shared/codes/zlib.ts'

const DCC_FILE = resolve(import.meta.dirname, '../../test/vectors/dcc/AE/2DCode/raw/vaccine.json')
const SHC_DIR = resolve(import.meta.dirname, '../../test/vectors/shc/examples')

/** Runs the real entry point as a user would, with no database configuration at all. */
function runCli(args: string[], input: string) {
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: '/nonexistent/gridline-must-not-open' }
  const run = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'verify', ...args], { input, encoding: 'utf8', env, timeout: 60_000 })
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  return { status: run.status, lines, stderr: run.stderr }
}

function tempFile(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gridline-verify-')), name)
  writeFileSync(file, JSON.stringify(content))
  return file
}

describe('gridline verify (CLI)', () => {
  it('verifies ours and a DCC at --at, refuses a tampered code, one JSON line each', async () => {
    const dcc = JSON.parse(readFileSync(DCC_FILE, 'utf8')) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } }
    const clock = Math.floor(Date.parse(dcc.TESTCTX.VALIDATIONCLOCK) / 1000)
    const issuer = createTestIssuer()
    const ours = await encodeGridlineCode(healthCodeInput(clock - 3600), issuer.signer)
    // One byte of the signature changed, re-wrapped and re-encoded: a well-formed forgery.
    const cose = Uint8Array.from(unzlibStored(decodeBase45(ours.slice(4))))
    cose[cose.length - 10]! ^= 0x01
    const tampered = `GL1:${encodeBase45(zlibStore(cose))}`
    const trust = tempFile('trust.json', [{ publicKey: issuer.spki.toString('base64') }, { certificate: dcc.TESTCTX.CERTIFICATE }])

    const { status, lines, stderr } = runCli(
      ['--trust', trust, '--at', dcc.TESTCTX.VALIDATIONCLOCK],
      `${ours}\n\n${tampered}\n${dcc.PREFIX}\nnot a code\n`,
    )

    expect(stderr).toBe('')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatchObject({
      valid: true,
      format: 'gridline',
      reason: 'OK',
      claims: { type: 'health', colour: 'green', iss: 'CN-330300' },
    })
    expect(lines[1]).toMatchObject({ valid: false, format: 'gridline', reason: 'BAD_SIGNATURE', claims: null })
    expect(lines[2]).toMatchObject({ valid: true, format: 'dcc', reason: 'OK', claims: { type: 'v', dcc: { ver: expect.any(String) } } })
    expect(lines[3]).toMatchObject({ valid: false, format: 'unknown', reason: 'BAD_PREFIX' })
    expect(Object.keys(lines[0]!).sort()).toEqual(['claims', 'format', 'reason', 'valid'])
    expect(status).toBe(1)
  })

  it('refuses the DCC at the wall clock, since its certificate and code expired long ago', () => {
    const dcc = JSON.parse(readFileSync(DCC_FILE, 'utf8')) as { PREFIX: string; TESTCTX: { CERTIFICATE: string } }
    const trust = tempFile('trust.json', [{ certificate: dcc.TESTCTX.CERTIFICATE }])
    const { status, lines } = runCli(['--trust', trust], `${dcc.PREFIX}\n`)
    expect(lines).toEqual([expect.objectContaining({ valid: false, format: 'dcc', reason: 'EXPIRED' })])
    expect(status).toBe(1)
  })

  it('joins a multi-QR SMART Health Card given on consecutive lines and checks the CRL', () => {
    const read = (name: string) => readFileSync(join(SHC_DIR, name), 'utf8').trim()
    const trust = tempFile('trust.json', [
      {
        iss: 'https://spec.smarthealth.cards/examples/issuer',
        jwks: JSON.parse(read('issuer/.well-known/jwks.json')),
        crl: JSON.parse(read('issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json')),
      },
    ])
    const chunks = [0, 1, 2].map((i) => read(`example-02-f-qr-code-numeric-value-${i}.txt`))
    const input = [read('example-00-f-qr-code-numeric-value-0.txt'), ...chunks, read('example-03-f-qr-code-numeric-value-0.txt')].join('\n')
    const { status, lines } = runCli(['--trust', trust, '--at', '2023-07-01T00:00:00Z'], input)
    expect(lines.map((line) => [line.format, line.reason])).toEqual([
      ['shc', 'OK'],
      ['shc', 'OK'],
      ['shc', 'REVOKED'],
    ])
    expect(status).toBe(1)
  })

  it('exits 2 on a missing or malformed trust file and a bad --at', () => {
    expect(runCli([], '').status).toBe(2)
    expect(runCli(['--trust', tempFile('bad.json', { keys: 'no' })], '').status).toBe(2)
    expect(runCli(['--trust', tempFile('ok.json', []), '--at', 'yesterday'], '').status).toBe(2)
  })
})
