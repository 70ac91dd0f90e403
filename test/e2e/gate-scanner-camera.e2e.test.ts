import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  ARTIFACTS,
  chooseCheckpoint,
  forgeCode,
  issueDemoHealthCode,
  launchChromium,
  PHONE,
  signIn,
  startDemoServer,
  type DemoServer,
} from './helpers.ts'
import { decodeBase45, decodeCoseSign1, decodeGridlinePayload, unzlibStored } from '../../src/shared/codes/index.ts'
import { identityClaims } from '../../src/shared/gate/holder.ts'
import { writeQrY4m } from './qr-video.ts'

/**
 * The gate scanner's camera path end to end: a real signed health code, rendered as a QR into
 * the video Chromium's fake camera plays, read by zxing-wasm in the page, verified on the
 * phone (identity shown for 本人核验, or refused at once), decided by the server.
 */

const CHECKPOINT = '蛎灰窑东门卡口'

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let videoDir: string | undefined
let person: { code: string; name: string }
let identity: { n: string; b?: string; d: string }

const foreignRequests: string[] = []

/** What a health code should show: computed from the record of the person it was issued to. */
async function identityOf(code: string) {
  const { deps } = server!.ctx
  const claims = decodeGridlinePayload(decodeCoseSign1(unzlibStored(decodeBase45(code.slice(4))), { mode: 'strict' }).payload)
  if (claims.type !== 'health') throw new Error('not a health code')
  const row = await deps.db
    .selectFrom('person')
    .select(['name', 'id_type', 'id_number_enc'])
    .where('id', '=', claims.personId)
    .executeTakeFirstOrThrow()
  return identityClaims({ name: row.name, idType: row.id_type, idNumber: deps.cipher.open(row.id_number_enc) })
}

beforeAll(async () => {
  server = await startDemoServer()
  person = await issueDemoHealthCode(server, 'green')
  identity = await identityOf(person.code)
  videoDir = mkdtempSync(join(tmpdir(), 'gl-qr-'))
  const video = join(videoDir, 'health-code.y4m')
  await writeQrY4m(person.code, video)
  browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ])
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
  it('reads a green health code through the camera, shows whose it is, records 本人核验 and admits', async () => {
    const { base, ctx } = server!
    // A guard lands on the scanner after signing in.
    await signIn(page, base, 'guard')
    await page.waitForURL('**/gate')
    await chooseCheckpoint(page, CHECKPOINT)
    // The phone verifies with its cached trust list: wait until it has one.
    await page.locator('[data-testid="gate-trust"]:not([data-version=""])').waitFor()

    await page.getByTestId('gate-camera-start').click()
    // The QR in the video moves the flow on to the identity step: masked name, birth date, ID tail.
    await page.locator('[data-testid="gate-scan"][data-step="identity"]').waitFor()
    expect(identity.b).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await page.getByTestId('gate-identity-name').innerText()).toBe(identity.n)
    expect(identity.n).not.toBe(person.name)
    expect(await page.getByTestId('gate-identity-birth').innerText()).toBe(identity.b)
    expect(await page.getByTestId('gate-identity-tail').innerText()).toBe(`**** ${identity.d}`)
    await page.screenshot({ path: join(ARTIFACTS, 'gate-identity-zh.png') })
    await page.getByTestId('gate-confirm-holder').click()
    await page.locator('[data-testid="gate-scan"][data-step="house"]').waitFor()
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
    expect(await page.getByTestId('gate-result-identity').innerText()).toBe('已本人核验')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-camera-admit.png') })

    const passages = await ctx.deps.db.selectFrom('passage').select(['decision', 'temperature', 'device_id', 'identity_check']).execute()
    expect(passages).toHaveLength(1)
    expect(passages[0]).toMatchObject({ decision: 'admit', identity_check: 'confirmed' })
    expect(Number(passages[0]!.temperature)).toBe(36.5)

    // Back to scanning; the passage shows in the list below. The fake camera keeps showing the
    // green code: stop it before it is read again, and type the other codes in as a scanner gun would.
    await page.getByTestId('gate-next').click()
    await page.getByTestId('gate-camera-stop').click()
    await page.getByTestId('gate-passage').first().waitFor()
    expect(await page.getByTestId('gate-passage').first().innerText()).toContain(person.name)
    await page.screenshot({ path: join(ARTIFACTS, 'gate-camera-after.png'), fullPage: true })
    expect(foreignRequests).toEqual([])
  })

  it('refuses forged and red codes the moment they are scanned, with no temperature step', async () => {
    const { ctx } = server!
    const input = page.getByTestId('gate-code-input').locator('input')
    const scanAndSee = async (code: string, shot: string) => {
      await input.fill(code)
      await input.press('Enter')
      const result = page.getByTestId('gate-result')
      await result.waitFor()
      const seen = {
        decision: await result.getAttribute('data-decision'),
        reasons: await page.getByTestId('gate-result-reasons').innerText(),
        // Decided at the health-code step: the identity and temperature steps never came.
        step: await page.getByTestId('gate-scan').getAttribute('data-step'),
        temperatureShown: await page.getByTestId('gate-temperature').count(),
      }
      await page.screenshot({ path: join(ARTIFACTS, shot) })
      await page.getByTestId('gate-next').click()
      return seen
    }
    const forged = await scanAndSee(forgeCode(person.code), 'gate-result-forged.png')
    expect(forged).toMatchObject({ decision: 'refuse', step: 'health', temperatureShown: 0 })
    expect(forged.reasons).toContain('健康码验签失败（疑似伪造）')

    const red = await issueDemoHealthCode(server!, 'red')
    const redSeen = await scanAndSee(red.code, 'gate-result-red.png')
    expect(redSeen).toMatchObject({ decision: 'centralised_isolation', step: 'health', temperatureShown: 0 })
    expect(redSeen.reasons).toContain('健康码红码')
    const passages = await ctx.deps.db
      .selectFrom('passage')
      .select(['decision', 'temperature', 'identity_check'])
      .orderBy('received_at', 'desc')
      .limit(2)
      .execute()
    expect(passages.map((p) => [p.decision, p.temperature, p.identity_check])).toEqual([
      ['centralised_isolation', null, null],
      ['refuse', null, null],
    ])
  })

  it('refuses 非本人 with that reason, and shows the identity step in English', async () => {
    const { ctx } = server!
    const input = page.getByTestId('gate-code-input').locator('input')
    const yellow = await issueDemoHealthCode(server!, 'yellow')
    const gateOrders = async () =>
      (await ctx.deps.db.selectFrom('isolation_order').select('id').where('source', '=', 'gate').execute()).length
    const ordersBefore = await gateOrders()
    await input.fill(yellow.code)
    await input.press('Enter')
    await page.locator('[data-testid="gate-scan"][data-step="identity"]').waitFor()
    await page.getByTestId('gate-not-holder').click()
    await page.getByTestId('gate-result').waitFor()
    expect(await page.getByTestId('gate-result').getAttribute('data-decision')).toBe('refuse')
    expect(await page.getByTestId('gate-result-reasons').innerText()).toContain('非本人')
    expect(await page.getByTestId('gate-result-reasons').innerText()).not.toContain('黄码')
    expect(await page.getByTestId('gate-result-name').count()).toBe(0)
    await page.screenshot({ path: join(ARTIFACTS, 'gate-result-not-holder.png') })
    await page.getByTestId('gate-next').click()
    const [last] = await ctx.deps.db
      .selectFrom('passage')
      .select(['decision', 'identity_check', 'reasons'])
      .orderBy('received_at', 'desc')
      .limit(1)
      .execute()
    expect(last).toMatchObject({ decision: 'refuse', identity_check: 'not_holder' })
    expect(last!.reasons.split(',')[0]).toBe('IDENTITY_NOT_HOLDER')
    // The yellow person was not the one at the gate: nobody is sent into isolation for it.
    expect(await gateOrders()).toBe(ordersBefore)

    await page.getByTestId('lang-toggle').click()
    const yellowIdentity = await identityOf(yellow.code)
    // A fresh code of the same person (the very same text is ignored for a few seconds).
    const again = await issueDemoHealthCode(server!, 'yellow')
    await input.fill(again.code)
    await input.press('Enter')
    await page.locator('[data-testid="gate-scan"][data-step="identity"]').waitFor()
    expect(await page.getByTestId('gate-identity-name').innerText()).toBe(yellowIdentity.n)
    expect(await page.getByTestId('gate-identity').innerText()).toContain('Confirm holder')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-identity-en.png') })
    await page.getByTestId('gate-confirm-holder').click()
    await page.getByTestId('gate-skip-house').click()
    await page.getByTestId('gate-temp-38.0').click()
    await page.getByTestId('gate-submit').click()
    await page.getByTestId('gate-result').waitFor()
    expect(await page.getByTestId('gate-result').getAttribute('data-decision')).toBe('home_isolation')
    expect(await page.getByTestId('gate-result-reasons').innerText()).toContain('Fever')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-page-en.png'), fullPage: true })
  })
})
