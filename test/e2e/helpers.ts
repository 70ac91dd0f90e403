import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { buildApp, WEB_DIST } from '../../src/server/app.ts'
import { decodeBase45, encodeBase45, unzlibStored, zlibStore } from '../../src/shared/codes/index.ts'
import { loadDemoData } from '../../src/server/seed/demo.ts'
import { inject } from 'vitest'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import { createTestContext, type TestContext } from '../db.ts'
import { restoreDemoSnapshot } from './demo-snapshot.ts'
import { login } from '../factories.ts'

/** Shared set-up of the browser tests: the real app on a fresh database with the demo data. */

export const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const DEMO_PASSWORD = 'Gridline2020'
/** Quiet, reproducible Chromium: no updates, sync or first-run screens in the background. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
/** A phone held by a guard (iPhone 12–15 logical size). */
export const PHONE = { width: 390, height: 844 }

export interface DemoServer {
  ctx: TestContext
  app: FastifyInstance
  base: string
  close(): Promise<void>
}

/**
 * Checks that the web build and Chromium are there, then starts a migrated database with the
 * demo data and the app listening on a free loopback port.
 * @param beforeListen e.g. add a hook that records requests (hooks must come before listen)
 * @param env more settings, e.g. `{ PUBLIC_URL: 'http://gate.example.test:8080' }`
 * @throws {Error} when the web build or Chromium is missing, with how to fix it
 */
export async function startDemoServer(
  beforeListen?: (app: FastifyInstance) => void,
  env: Record<string, string> = {},
): Promise<DemoServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: build the web first (npx vite build --config vite.config.ts; npm test does it)`)
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  mkdirSync(ARTIFACTS, { recursive: true })
  // The run's demo snapshot (vitest.config.ts, browser project); a file run some other way loads its own.
  const snapshot = inject('demoSnapshot')
  let ctx: TestContext
  if (snapshot) {
    ctx = await createTestContext({ ...env, DATA_KEY: snapshot.dataKey }, { pglite: await restoreDemoSnapshot(snapshot) })
  } else {
    ctx = await createTestContext(env)
    await loadDemoData(ctx.deps)
  }
  const app = await buildApp(ctx.deps, { logger: false })
  beforeListen?.(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    ctx,
    app,
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: async () => {
      await app.close()
      await ctx.close()
    },
  }
}

/** Launches Debian's Chromium with the standard flags plus any given. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...extraArgs] })
}

/**
 * An antd modal holding the element with this test id, once its zoom-in has finished: a click
 * while it still grows can land beside the button on a busy machine.
 */
export function openedModal(page: Page, testId: string) {
  return page.locator('.ant-modal:not(.ant-zoom-appear)').filter({ has: page.getByTestId(testId) })
}

/** Signs in through the login page (the app redirects there from any page). */
export async function signIn(page: Page, base: string, username: string, path = '/'): Promise<void> {
  await page.goto(`${base}${path}`)
  await page.waitForURL('**/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/**
 * A signed health code (`GL1:…`) for a demo person whose health authority colour is `colour`,
 * issued through the API as the admin.
 * @returns the code and the person's name
 */
export async function issueDemoHealthCode(server: DemoServer, colour: 'green' | 'yellow' | 'red'): Promise<{ code: string; name: string }> {
  const person = await server.ctx.deps.db
    .selectFrom('health_status')
    .innerJoin('person', 'person.id', 'health_status.person_id')
    .select(['person.id', 'person.name'])
    .where('health_status.colour', '=', colour)
    .orderBy('person.id')
    .executeTakeFirstOrThrow()
  const cookie = await login(server.app, 'admin', DEMO_PASSWORD)
  const issued = await server.app.inject({ method: 'POST', url: `/api/codes/health/${person.id}`, headers: { cookie } })
  if (issued.statusCode !== 201) throw new Error(`issue health code: ${issued.statusCode} ${issued.body}`)
  return { code: (issued.json() as { code: string }).code, name: person.name }
}

/** Picks the checkpoint on the gate page by its name. */
export async function chooseCheckpoint(page: Page, name: string): Promise<void> {
  await page.getByTestId('gate-checkpoint').click()
  const option = page.locator('.ant-select-item-option', { hasText: name })
  await option.click()
  await page.getByTestId('gate-scan').waitFor()
  // Let the dropdown finish closing so screenshots show the page, not the menu.
  await option.waitFor({ state: 'hidden' })
}

/** The code with one byte of its signed payload changed: what a forger's edit looks like. */
export function forgeCode(code: string): string {
  const cose = unzlibStored(decodeBase45(code.slice(4))).slice()
  cose[cose.length - 70]! ^= 0x01
  return `GL1:${encodeBase45(zlibStore(cose))}`
}

let qrReaderReady: Promise<unknown> | undefined
/**
 * The text of the one QR code in this element's picture: screenshotted into `file` under
 * test-artifacts and decoded with zxing-wasm, as a phone camera would read it (not from the HTML).
 * @throws when no QR code is found
 */
export async function decodeQrPicture(element: Locator, file: string): Promise<string> {
  qrReaderReady ??= (async () => {
    // Node has no fetch for a file path: hand the wasm bytes over directly.
    const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'))
    return prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    })
  })()
  await qrReaderReady
  const png = await element.screenshot({ path: join(ARTIFACTS, file) })
  const [read] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })
  if (!read?.isValid) throw new Error(`no QR code found in ${file}`)
  return read.text
}
