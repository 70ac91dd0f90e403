import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { houseCodeLink } from '../../src/shared/housing-link.ts'
import { residentIdCheckCharacter } from '../../src/shared/id-document.ts'
import { ARTIFACTS, DEMO_PASSWORD, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'
import { healthAppScreenshot } from './qr-picture.ts'
import { writeQrY4m } from './qr-video.ts'
import { login } from '../factories.ts'

/**
 * The tenant registration page reads the health code instead of taking typed text: from a
 * screenshot chosen in the file picker (the health-code app on the same phone), and through the
 * phone camera (Chromium's fake camera plays a video of the QR). Both registrations are completed
 * with the one-time code from the outbox. A new arrival without a code reaches the grid worker's
 * list as 待核实. Screenshots: test-artifacts/register-scan-*.png.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let workDir: string | undefined
const contexts: BrowserContext[] = []
let tenant: { idNumber: string; name: string; code: string }
let properties: { id: string; address: string; code: string }[]
let current: Page | undefined

beforeAll(async () => {
  server = await startDemoServer()
  const { deps } = server.ctx
  // A green person of the demo registry who lives nowhere yet, with a freshly issued code.
  const person = await deps.db
    .selectFrom('health_status')
    .innerJoin('person', 'person.id', 'health_status.person_id')
    .leftJoin('house_occupancy', (join) =>
      join.onRef('house_occupancy.person_id', '=', 'person.id').on('house_occupancy.ended_at', 'is', null),
    )
    .select(['person.id', 'person.name', 'person.id_number_enc'])
    .where('health_status.colour', '=', 'green')
    .where('person.id_type', '=', 'resident_id')
    .where('house_occupancy.id', 'is', null)
    .orderBy('person.id')
    .executeTakeFirstOrThrow()
  const cookie = await login(server.app, 'admin', DEMO_PASSWORD)
  const issued = await server.app.inject({ method: 'POST', url: `/api/codes/health/${person.id}`, headers: { cookie } })
  expect(issued.statusCode, issued.body).toBe(201)
  tenant = { idNumber: deps.cipher.open(person.id_number_enc), name: person.name, code: issued.json().code }
  // Properties in the demo grid worker's village, so the new arrival lands in their list.
  const village = await deps.db
    .selectFrom('account')
    .innerJoin('area', 'area.id', 'account.area_id')
    .select('area.path')
    .where('account.username', '=', 'gridworker')
    .executeTakeFirstOrThrow()
  properties = await deps.db
    .selectFrom('rental_property')
    .innerJoin('area', 'area.id', 'rental_property.area_id')
    .select(['rental_property.id', 'rental_property.address', 'rental_property.house_code as code'])
    .where('area.path', 'like', `${village.path}%`)
    .where('status', '=', 'code_issued')
    .whereRef('occupants', '<', 'capacity')
    .orderBy('address')
    .limit(3)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, code: r.code! })))
  expect(properties).toHaveLength(3)

  workDir = mkdtempSync(join(tmpdir(), 'gl-reg-'))
  const video = join(workDir, 'health-code.y4m')
  await writeQrY4m(tenant.code, video)
  browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ])
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && current)
    await current.screenshot({ path: join(ARTIFACTS, `failed-register-scan-${test.task.name.replace(/\W+/g, '-')}.png`) })
})

afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await server?.close()
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

async function phone(locale: 'zh-CN' | 'en'): Promise<Page> {
  const context = await browser!.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale })
  await context.grantPermissions(['camera'])
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  current = page
  return page
}

async function openRegistration(page: Page, property: { address: string; code: string }) {
  // The poster's link, as the landlord shares it.
  await page.goto(houseCodeLink(server!.base, property.code))
  await page.getByTestId('reg-house').getByText(property.address).waitFor()
  await page.getByTestId('reg-scan').waitFor()
}

/** Fills the rest of the form, submits, reads the one-time code from the outbox and confirms it. */
async function completeRegistration(page: Page, person: { name: string; idNumber: string }, phoneNumber: string) {
  await page.getByTestId('reg-name').fill(person.name)
  await page.getByTestId('reg-id-number').fill(person.idNumber)
  await page.getByTestId('reg-phone').fill(phoneNumber)
  await page.getByTestId('reg-origin').fill('贵州遵义')
  await page.getByTestId('reg-arrival').click()
  await page.locator(`td[title="${new Date().toISOString().slice(0, 10)}"]`).click()
  await page.getByTestId('reg-submit').click()
  await page.getByTestId('otp-step').waitFor()
  const sms = await server!.ctx.deps.db
    .selectFrom('notification')
    .select('body')
    .where('kind', '=', 'housing_otp')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  await page.getByTestId('otp-input').fill(sms.body.match(/验证码为 (\d{6})/)![1]!)
  await page.getByTestId('otp-confirm').click()
  await page.getByTestId('registration-done').waitFor()
}

const registrationAt = (propertyId: string) =>
  server!.ctx.deps.db
    .selectFrom('house_registration')
    .selectAll()
    .where('property_id', '=', propertyId)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst()

describe('tenant registration reads the health code', () => {
  it('reads the code from a screenshot chosen on the phone and completes the registration', async () => {
    const page = await phone('zh-CN')
    const picture = join(workDir!, 'health-app-screenshot.png')
    await healthAppScreenshot(browser!, tenant.code, picture)
    await openRegistration(page, properties[0]!)
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-step-zh.png'), fullPage: true })

    // A picture without a QR says so and keeps the choice open.
    const blank = join(workDir!, 'blank.png')
    await page.screenshot({ path: blank, clip: { x: 0, y: 0, width: 200, height: 60 } })
    const [noQr] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('reg-scan-picture').click()])
    await noQr.setFiles(blank)
    await page.getByTestId('reg-scan-problem').getByText('图片中没有找到二维码').waitFor()

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('reg-scan-picture').click()])
    expect(await page.getByTestId('reg-picture-input').getAttribute('accept')).toBe('image/*')
    await chooser.setFiles(picture)
    const read = page.getByTestId('health-code-read')
    await read.waitFor()
    expect(await read.getAttribute('data-format')).toBe('gridline')
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-picture-read-zh.png'), fullPage: true })

    await completeRegistration(page, tenant, '13957700011')
    expect(await registrationAt(properties[0]!.id)).toMatchObject({
      status: 'pending',
      health_code_format: 'gridline',
      health_colour: 'green',
      new_arrival: false,
    })
  })

  it('reads the code through the camera (English) and completes the registration', async () => {
    const page = await phone('en')
    await openRegistration(page, properties[1]!)
    await page.getByTestId('lang-toggle').click()
    await page.getByText('Scan your health code with the camera, or choose a screenshot of it').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-step-en.png'), fullPage: true })
    await page.getByTestId('reg-scan-camera').click()
    // The fake camera shows the QR at once: the code is read (and the camera closed) within moments.
    await page.getByTestId('health-code-read').waitFor()
    // The camera is closed once the code is read.
    expect(await page.getByTestId('reg-camera').count()).toBe(0)
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-camera-read-en.png'), fullPage: true })
    // Scan again, this time from the screenshot: the same code reads the same.
    await page.getByTestId('reg-scan-again').click()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('reg-scan-picture').click()])
    await chooser.setFiles(join(workDir!, 'health-app-screenshot.png'))
    await page.getByTestId('health-code-read').getByText('Local health code').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-picture-read-en.png'), fullPage: true })

    await completeRegistration(page, tenant, '13957700012')
    expect(await registrationAt(properties[1]!.id)).toMatchObject({
      status: 'pending',
      health_code_format: 'gridline',
      health_colour: 'green',
    })
  })

  it('registers a new arrival without a code, whom the grid worker then sees as 待核实', async () => {
    const page = await phone('zh-CN')
    await openRegistration(page, properties[2]!)
    // Submitting without a code asks for it, on the field.
    await page.getByTestId('reg-submit').click()
    await page.getByText('请扫描健康码，或选择“我是新到人员，本地还没有健康码”').waitFor()
    await page.getByTestId('reg-new-arrival').click()
    await page.getByTestId('reg-new-arrival-note').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'register-scan-new-arrival-zh.png'), fullPage: true })
    const first17 = '52210119990101021'
    await completeRegistration(page, { name: '吴新到', idNumber: first17 + residentIdCheckCharacter(first17) }, '13957700013')
    expect(await registrationAt(properties[2]!.id)).toMatchObject({ status: 'pending', health_code_format: null, new_arrival: true })

    const staff = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    contexts.push(staff)
    const desk = await staff.newPage()
    current = desk
    await signIn(desk, server!.base, 'gridworker', '/housing?tab=arrivals')
    await desk.goto(`${server!.base}/housing?tab=arrivals`)
    const row = desk.getByTestId('new-arrivals-table').locator('tr', { hasText: '吴新到' })
    await row.getByText('待核实').waitFor()
    await row.getByText('待赋码').waitFor()
    await desk.screenshot({ path: join(ARTIFACTS, 'register-scan-grid-worker-arrivals-zh.png') })
    await row.getByTestId('verify-arrival').click()
    await row.waitFor({ state: 'detached' })
  })
})
