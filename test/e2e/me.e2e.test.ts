import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import { readCode } from '../../src/server/modules/codes/code-reader.ts'
import { login, personInput, residentId } from '../factories.ts'
import { ARTIFACTS, DEMO_PASSWORD, launchChromium, openedModal, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * 我的健康码 on a phone, on the demo data: a resident signs in on /me with their phone number and
 * the one-time code (read from the outbox), sees their green code — the QR on screen decodes to
 * their own valid signed code — adds a family member with that person's own code, switches to
 * English, and reloads without a network: the saved codes stay, marked offline, and an expired
 * one says so. Then a grid worker issues a person's personal link from the person drawer and that
 * person opens it on their phone: their code and house code show. Screenshots: test-artifacts/me-*.png.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let context: BrowserContext
let page: Page
const mother = { name: '周晓梅', phone: '13600002222', id: '' }
const child = { name: '周小宝', phone: '13600003333', id: '' }

function wasm(path: string): ArrayBuffer {
  const bytes = readFileSync(resolve(process.cwd(), 'node_modules/zxing-wasm/dist', path))
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

async function registerGreen(person: { name: string; phone: string; id: string }) {
  const deps = server!.ctx.deps
  const village = await deps.db.selectFrom('area').select('id').where('code', '=', '330382001201').executeTakeFirstOrThrow()
  const worker = await login(server!.app, 'gridworker', DEMO_PASSWORD)
  const created = await server!.app.inject({
    method: 'POST',
    url: '/api/people',
    headers: { cookie: worker },
    payload: personInput(village.id, { name: person.name, phone: person.phone, idNumber: residentId() }),
  })
  expect(created.statusCode, created.body).toBe(201)
  person.id = created.json().id
  const health = await login(server!.app, 'health', DEMO_PASSWORD)
  const set = await server!.app.inject({
    method: 'PUT',
    url: `/api/codes/health-status/${person.id}`,
    headers: { cookie: health },
    payload: { colour: 'green', reason: '核酸阴性' },
  })
  expect(set.statusCode, set.body).toBeLessThan(300)
}

async function otpFor(personId: string): Promise<string> {
  const row = await server!.ctx.deps.db
    .selectFrom('notification')
    .select('body')
    .where('kind', '=', 'me_otp')
    .where('recipient_person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  return row.body.match(/验证码为 (\d{6})/)![1]!
}

/** Phone number → one-time code from the outbox, in whichever form is open. */
async function enterOtp(person: { phone: string; id: string }) {
  await page.getByTestId('me-phone').fill(person.phone)
  await page.getByTestId('me-send-otp').click()
  await page.getByTestId('me-otp-sent').waitFor()
  await page.getByTestId('me-otp').fill(await otpFor(person.id))
  await page.getByTestId('me-verify').click()
}

/** Reads the health code QR off the screen, as a gate phone's camera would. */
async function qrOnScreen(): Promise<string> {
  const png = await page.locator('.gl-me-qr canvas').screenshot()
  const [read] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })
  expect(read?.isValid, 'the QR on screen decodes').toBe(true)
  return read!.text
}

beforeAll(async () => {
  await prepareZXingModule({ overrides: { wasmBinary: wasm('reader/zxing_reader.wasm') }, fireImmediately: true })
  server = await startDemoServer()
  await registerGreen(mother)
  await registerGreen(child)
  browser = await launchChromium()
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('/me on a phone', () => {
  it('signs in with phone and one-time code and shows the resident’s own valid green code', async () => {
    await page.goto(`${server!.base}/me`)
    await page.getByTestId('me-sign-in').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'me-1-sign-in.png') })
    await enterOtp(mother)
    await page.locator('[data-testid="me-health"][data-colour="green"]').waitFor()
    expect(await page.getByTestId('me-name').innerText()).toBe('周*梅')
    expect(await page.getByTestId('me-colour').innerText()).toBe('绿码')
    const text = await qrOnScreen()
    const read = await readCode(server!.ctx.deps, text, new Date())
    expect(read).toMatchObject({ valid: true, kind: 'health', personId: mother.id, colour: 'green' })
    // Nothing beyond what the gate shows.
    const body = await page.locator('body').innerText()
    expect(body).not.toContain(mother.phone)
    expect(body).not.toContain('周晓梅')
    await page.screenshot({ path: join(ARTIFACTS, 'me-2-code-zh.png'), fullPage: true })
  })

  it('adds a family member only with their own one-time code', async () => {
    await page.getByTestId('me-add-open').click()
    await page.getByTestId('me-add').waitFor()
    await enterOtp(child)
    await page.getByTestId('me-people').waitFor()
    await page.getByTestId('me-people').getByText('周*宝').click()
    await page.locator(`[data-testid="me-card"][data-person="${child.id}"] [data-colour="green"]`).waitFor()
    const read = await readCode(server!.ctx.deps, await qrOnScreen(), new Date())
    expect(read).toMatchObject({ valid: true, personId: child.id })
    await page.screenshot({ path: join(ARTIFACTS, 'me-3-family-zh.png'), fullPage: true })
  })

  it('speaks English on request', async () => {
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' })
    await page.getByTestId('lang-toggle').click()
    await page.getByText('My health code').first().waitFor()
    expect(await page.getByTestId('me-colour').innerText()).toBe('Green')
    await page.screenshot({ path: join(ARTIFACTS, 'me-4-code-en.png'), fullPage: true })
    await page.getByTestId('lang-toggle').click()
    await page.getByText('我的健康码').first().waitFor()
  })

  it('keeps the codes after a reload without a network, says so, and marks an expired one', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await context.setOffline(true)
    await page.reload()
    await page.getByTestId('me-offline').waitFor()
    expect(await page.getByTestId('me-offline').innerText()).toContain('当前离线')
    const read = await readCode(server!.ctx.deps, await qrOnScreen(), new Date())
    expect(read).toMatchObject({ valid: true, kind: 'health' })
    await page.screenshot({ path: join(ARTIFACTS, 'me-5-offline-zh.png'), fullPage: true })

    // A saved code past its expiry is shown as expired, not as valid.
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem('gridline.me')!)
      for (const code of Object.values(saved.codes) as { expiresAt: string }[]) code.expiresAt = new Date(Date.now() - 60_000).toISOString()
      localStorage.setItem('gridline.me', JSON.stringify(saved))
    })
    await page.reload()
    await page.getByTestId('me-expired').waitFor()
    expect(await page.locator('[data-testid="me-health"]').getAttribute('data-expired')).toBe('true')
    await page.screenshot({ path: join(ARTIFACTS, 'me-6-expired-offline-zh.png'), fullPage: true })

    // Back online, the page signs a fresh code by itself.
    await context.setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.locator('[data-testid="me-health"][data-expired="false"]').waitFor()
    await page.getByTestId('me-offline').waitFor({ state: 'detached' })
  })

  it('opens a personal link a grid worker issued in the person drawer, with the house code', async () => {
    // A demo tenant: accepted occupant of a coded property, with a colour.
    const tenant = await server!.ctx.deps.db
      .selectFrom('house_occupancy')
      .innerJoin('rental_property', 'rental_property.id', 'house_occupancy.property_id')
      .innerJoin('health_status', 'health_status.person_id', 'house_occupancy.person_id')
      .innerJoin('person', 'person.id', 'house_occupancy.person_id')
      .innerJoin('area', 'area.id', 'person.area_id')
      .select(['house_occupancy.person_id', 'rental_property.id as property_id', 'health_status.colour'])
      .where('house_occupancy.ended_at', 'is', null)
      .where('rental_property.status', '=', 'code_issued')
      .where('area.path', 'like', '%/330382001201/%')
      .orderBy('house_occupancy.person_id')
      .executeTakeFirstOrThrow()
    const desk = await browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
    const staff = await desk.newPage()
    await signIn(staff, server!.base, 'gridworker')
    await staff.goto(`${server!.base}/people/${tenant.person_id}`)
    await staff.getByTestId('me-link-issue').click()
    const modal = openedModal(staff, 'me-link-text')
    await modal.waitFor()
    const link = (await staff.getByTestId('me-link-text').innerText()).trim()
    expect(link).toMatch(new RegExp(`^${server!.base}/me#[A-Za-z0-9_-]{32}$`))
    await staff.screenshot({ path: join(ARTIFACTS, 'me-7-staff-link-zh.png') })
    await desk.close()

    const phone = await browser!.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const resident = await phone.newPage()
    await resident.goto(link)
    await resident.locator(`[data-testid="me-card"][data-person="${tenant.person_id}"] [data-colour="${tenant.colour}"]`).waitFor()
    expect(new URL(resident.url()).hash).toBe('') // the token left the address bar
    await resident.locator('[data-testid="me-house"] canvas').waitFor()
    const png = await resident.locator('[data-testid="me-house"] canvas').screenshot()
    const [house] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })
    expect(await readCode(server!.ctx.deps, house!.text, new Date())).toMatchObject({
      valid: true,
      kind: 'house',
      propertyId: tenant.property_id,
    })
    await resident.screenshot({ path: join(ARTIFACTS, 'me-8-link-house-zh.png'), fullPage: true })
    await phone.close()
  })
})
