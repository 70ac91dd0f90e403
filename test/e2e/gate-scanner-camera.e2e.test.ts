import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, chooseCheckpoint, issueDemoHealthCode, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'
import { writeQrY4m } from './qr-video.ts'

/**
 * The gate scanner's camera path end to end: a real signed health code, rendered as a QR into
 * the video Chromium's fake camera plays, read by zxing-wasm in the page, decided by the server.
 */

const CHECKPOINT = '蛎灰窑东门卡口'

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let videoDir: string | undefined
let person: { code: string; name: string }

beforeAll(async () => {
  server = await startDemoServer()
  person = await issueDemoHealthCode(server, 'green')
  videoDir = mkdtempSync(join(tmpdir(), 'gl-qr-'))
  const video = join(videoDir, 'health-code.y4m')
  await writeQrY4m(person.code, video)
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`])
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  await context.grantPermissions(['camera'])
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-gate-camera-${test.task.name.replace(/\W+/g, '-')}.png`) })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (videoDir) rmSync(videoDir, { recursive: true, force: true })
})

describe('gate scanner camera', () => {
  it('reads a green health code through the camera and admits the person', async () => {
    const { base, ctx } = server!
    // A guard lands on the scanner after signing in.
    await signIn(page, base, 'guard')
    await page.waitForURL('**/gate')
    await chooseCheckpoint(page, CHECKPOINT)

    await page.getByTestId('gate-camera-start').click()
    await page.locator('[data-testid="gate-camera"][data-state="on"]').waitFor()
    // The QR in the video moves the flow on to the house code step.
    await page.locator('[data-testid="gate-scan"][data-step="house"]').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'gate-camera-house-step.png') })
    await page.getByTestId('gate-skip-house').click()
    await page.getByTestId('gate-temp-36.5').click()
    await page.screenshot({ path: join(ARTIFACTS, 'gate-temperature.png') })
    await page.getByTestId('gate-submit').click()

    const result = page.getByTestId('gate-result')
    await result.waitFor()
    expect(await result.getAttribute('data-decision')).toBe('admit')
    expect(await result.getAttribute('data-offline')).toBe('false')
    expect(await page.getByTestId('gate-result-title').innerText()).toBe('通行')
    expect(await page.getByTestId('gate-result-name').innerText()).toBe(person.name)
    expect(await page.getByTestId('gate-result-reasons').innerText()).toContain('健康码绿码')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-camera-admit.png') })

    const passages = await ctx.deps.db.selectFrom('passage').select(['decision', 'temperature', 'device_id']).execute()
    expect(passages).toHaveLength(1)
    expect(passages[0]).toMatchObject({ decision: 'admit' })
    expect(Number(passages[0]!.temperature)).toBe(36.5)

    // Back to scanning; the passage shows in the list below.
    await page.getByTestId('gate-next').click()
    await page.getByTestId('gate-passage').first().waitFor()
    expect(await page.getByTestId('gate-passage').first().innerText()).toContain(person.name)
    await page.screenshot({ path: join(ARTIFACTS, 'gate-camera-after.png'), fullPage: true })
  })
})
