import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, chooseCheckpoint, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'
import {
  DEMO_PLATFORMS,
  reverifyPendingScans,
  startDemoPlatform,
  type HealthPlatformSimulator,
} from '../../src/server/modules/platforms/index.ts'
import { changePlatform } from '../../src/server/modules/platforms/platforms.service.ts'

/**
 * Issue 20 end to end: 小蒋 comes back from Jiangxi with his home province's health code. The
 * gate asks the (simulated) Jiangxi platform, the guard does 本人核验, the passage says it was
 * verified online by 江西省健康码平台. With the platform down the guard sees 待核验 and the
 * checkpoint's policy (admit on a checked paper proof); when the platform is back the queued
 * scan is verified again.
 */

const CHECKPOINT = '蛎灰窑东门卡口'
const JIANGXI = DEMO_PLATFORMS[0].name

let server: DemoServer | undefined
let jiangxi: HealthPlatformSimulator | undefined
let browser: Browser | undefined
let page: Page

beforeAll(async () => {
  server = await startDemoServer()
  // The demo registers Jiangxi on a fixed port; this run's simulator takes a free one.
  jiangxi = await startDemoPlatform('jiangxi', 0)
  const platform = await server.ctx.deps.db.selectFrom('health_platform').select('id').where('name', '=', JIANGXI).executeTakeFirstOrThrow()
  await changePlatform(server.ctx.deps, platform.id, { endpoint: jiangxi.endpoint })
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page)
    await page.screenshot({ path: join(ARTIFACTS, `failed-provinces-${test.task.name.replace(/\W+/g, '-')}.png`) })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await jiangxi?.close()
})

async function chooseCheckpointOn(other: Page) {
  await other.getByTestId('gate-checkpoint').click()
  const option = other.locator('.ant-select-item-option', { hasText: CHECKPOINT })
  await option.click()
  await other.getByTestId('gate-unverified-policy').waitFor()
  await option.waitFor({ state: 'hidden' })
}

async function scanTyped(code: string) {
  await page.getByTestId('gate-code-input').locator('input').fill(code)
  await page.getByTestId('gate-code-input').locator('input').press('Enter')
  await page.locator('[data-testid="gate-scan"][data-step="identity"]').waitFor()
}
async function finishWithTemperature() {
  await page.getByTestId('gate-skip-house').click()
  await page.getByTestId('gate-temp-36.5').click()
  await page.getByTestId('gate-submit').click()
  await page.getByTestId('gate-result').waitFor()
}

describe("another province's health code at the gate", () => {
  it('admits a returnee with a green Jiangxi code after 本人核验, verified online by 江西省健康码平台', async () => {
    const { base } = server!
    const returnee = jiangxi!.issueCode({ surname: '蒋' })
    await signIn(page, base, 'guard')
    await page.waitForURL('**/gate')
    await chooseCheckpoint(page, CHECKPOINT)
    await page.locator('[data-testid="gate-trust"]:not([data-version=""])').waitFor()

    await scanTyped(returnee.code)
    await expect.poll(() => page.getByTestId('gate-identity-verified-online').textContent()).toContain(JIANGXI)
    expect(await page.getByTestId('gate-identity-name').textContent()).toBe(returnee.maskedName)
    expect(await page.getByTestId('gate-identity-tail').textContent()).toContain(returnee.idTail)
    await page.screenshot({ path: join(ARTIFACTS, 'provinces-1-identity-verified-online.png') })
    await page.getByTestId('gate-confirm-holder').click()
    await finishWithTemperature()

    expect(await page.getByTestId('gate-result').getAttribute('data-decision')).toBe('admit')
    expect(await page.getByTestId('gate-result-verified-online').textContent()).toBe(`由${JIANGXI}在线核验`)
    expect(await page.getByTestId('gate-result-identity').isVisible()).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'provinces-2-admitted-verified-online.png') })
    await page.getByTestId('gate-next').click()
    await expect.poll(() => page.getByTestId('gate-passage-verified-online').first().textContent()).toContain(JIANGXI)
  })

  it('shows 待核验 while the platform is down, admits on a checked paper proof, and verifies the scan again when it is back', async () => {
    const { base, ctx } = server!
    // The grid worker sets the checkpoint's policy on the scanner page: admit on a checked proof.
    const workerContext = await browser!.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    })
    const workerPage = await workerContext.newPage()
    await signIn(workerPage, base, 'gridworker')
    await workerPage.goto(`${base}/gate`)
    await chooseCheckpointOn(workerPage)
    await workerPage.getByTestId('gate-unverified-policy').getByText('查验证明后放行').click()
    const policyOf = async () =>
      (await ctx.deps.db.selectFrom('checkpoint').select('unverified_policy').where('name', '=', CHECKPOINT).executeTakeFirstOrThrow())
        .unverified_policy
    await expect.poll(policyOf).toBe('admit_manual')
    await workerPage.locator('[data-testid="gate-unverified-policy"] .ant-segmented-item-selected', { hasText: '查验证明后放行' }).waitFor()
    await workerPage.screenshot({ path: join(ARTIFACTS, 'provinces-0-grid-worker-sets-policy.png') })
    await workerContext.close()
    const returnee = jiangxi!.issueCode()
    jiangxi!.mode = 'down'

    await scanTyped(returnee.code)
    const pending = page.getByTestId('gate-identity-pending')
    await expect.poll(() => pending.textContent()).toContain('待核验')
    expect(await pending.textContent()).toContain('发码平台无法连接')
    expect(await pending.textContent()).toContain('查验纸质证明')
    expect(await page.getByTestId('gate-identity-missing').textContent()).toContain('发码平台未应答')
    await page.screenshot({ path: join(ARTIFACTS, 'provinces-3-pending-verification.png') })
    await page.getByTestId('gate-proof-paper').click()
    await finishWithTemperature()
    expect(await page.getByTestId('gate-result').getAttribute('data-decision')).toBe('admit')
    expect(await page.getByTestId('gate-result-pending').textContent()).toContain('待核验')
    expect(await page.getByTestId('gate-result-reasons').textContent()).toContain('已人工查验纸质证明（已通知网格员）')
    await page.screenshot({ path: join(ARTIFACTS, 'provinces-4-admitted-on-paper-proof.png') })
    await page.getByTestId('gate-next').click()
    await expect.poll(() => page.getByTestId('gate-passage-awaiting').count()).toBe(1)
    // The grid worker is told of the admission on a paper proof.
    expect(await ctx.deps.db.selectFrom('alert').select('id').where('kind', '=', 'admitted_unverified').execute()).toHaveLength(1)

    // The platform is back: the queued scan is verified again (the server's loop runs this).
    jiangxi!.mode = 'ok'
    expect(await reverifyPendingScans(ctx.deps)).toBe(1)
    await page.reload()
    await page.getByTestId('gate-passages').waitFor()
    await expect.poll(() => page.getByTestId('gate-passage-verified-online').count()).toBe(2)
    expect(await page.getByTestId('gate-passage-awaiting').count()).toBe(0)
    await page.screenshot({ path: join(ARTIFACTS, 'provinces-5-reverified.png') })
  })
})
