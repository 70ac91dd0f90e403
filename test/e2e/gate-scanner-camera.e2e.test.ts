import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, chooseCheckpoint, forgeCode, issueDemoHealthCode, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'
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
const foreignRequests: string[] = []

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
  // The decoder's wasm must come from us, never from zxing-wasm's default CDN.
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(server!.base) && !/^(data|blob):/.test(url)) foreignRequests.push(url)
  })
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
    expect(foreignRequests).toEqual([])
  })

  it('shows isolation and refusals in their colours, with the reason in words', async () => {
    // The fake camera keeps showing the green code: type the others in as a scanner gun would.
    await page.getByTestId('gate-camera-stop').click()
    const decide = async (code: string, temperature: string, shot: string) => {
      const input = page.getByTestId('gate-code-input').locator('input')
      await input.fill(code)
      await input.press('Enter')
      await page.getByTestId('gate-skip-house').click()
      await page.getByTestId(`gate-temp-${temperature}`).click()
      await page.getByTestId('gate-submit').click()
      const result = page.getByTestId('gate-result')
      await result.waitFor()
      const decision = await result.getAttribute('data-decision')
      const reasons = await page.getByTestId('gate-result-reasons').innerText()
      await page.screenshot({ path: join(ARTIFACTS, shot) })
      await page.getByTestId('gate-next').click()
      return { decision, reasons }
    }
    const yellow = await issueDemoHealthCode(server!, 'yellow')
    expect(await decide(yellow.code, '36.3', 'gate-result-yellow.png')).toMatchObject({ decision: 'home_isolation' })
    const forged = await decide(forgeCode(person.code), '36.5', 'gate-result-forged.png')
    expect(forged.decision).toBe('refuse')
    expect(forged.reasons).toContain('健康码验签失败（疑似伪造）')

    await page.getByTestId('lang-toggle').click()
    const red = await issueDemoHealthCode(server!, 'red')
    const redResult = await decide(red.code, '38.0', 'gate-result-red-en.png')
    expect(redResult.decision).toBe('centralised_isolation')
    expect(redResult.reasons).toContain('Fever')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-page-en.png'), fullPage: true })
  })
})
