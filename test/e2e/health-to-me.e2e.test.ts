import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import { readCode } from '../../src/server/modules/codes/code-reader.ts'
import { maskName } from '../../src/server/modules/housing/index.ts'
import { ARTIFACTS, launchChromium, openedModal, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * From the health officer's desk to the resident's phone, on the demo data (issue 13): a Yueqing
 * resident signs in on /me with their phone and one-time code and sees their green code; the
 * health officer (`health`, 乐清市) sets them to yellow with a reason on 卫健赋码, and the phone,
 * reloaded, shows yellow with a fresh QR that reads as their yellow code (the green one is
 * revoked). A colour list with one bad row is refused whole — the phone still shows the same
 * yellow code — and the corrected list turns the phone red. Screenshots:
 * test-artifacts/health-to-me-*.png.
 */

type Colour = 'green' | 'yellow' | 'red'

let server: DemoServer | undefined
let browser: Browser | undefined
let phone: Page
let desk: Page
const resident = { id: '', name: '', phone: '', idNumber: '' }
const COLOUR_TEXT: Record<Colour, string> = { green: '绿码', yellow: '黄码', red: '红码' }

function wasm(path: string): ArrayBuffer {
  const bytes = readFileSync(resolve(process.cwd(), 'node_modules/zxing-wasm/dist', path))
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
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

const colourOf = async (personId: string) =>
  (await server!.ctx.deps.db.selectFrom('health_status').select('colour').where('person_id', '=', personId).executeTakeFirstOrThrow())
    .colour

/** The resident's card once it shows a code of this colour. */
const healthCard = (colour: Colour) =>
  phone.locator(
    `[data-testid="me-card"][data-person="${resident.id}"] [data-testid="me-health"][data-colour="${colour}"][data-expired="false"]`,
  )

/** Reads the health code QR of this colour off the phone's screen, as a gate's camera would. */
async function qrOnScreen(colour: Colour): Promise<string> {
  const png = await healthCard(colour).locator('.gl-me-qr canvas').screenshot()
  const [read] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] })
  expect(read?.isValid, 'the QR on screen decodes').toBe(true)
  return read!.text
}

/**
 * Reloads /me and waits until the page has heard from the server since (its saved codes show
 * at once, so the colour on screen alone does not prove the page asked).
 */
async function reloadMe(): Promise<void> {
  const before = await phone.evaluate(() => JSON.parse(localStorage.getItem('gridline.me')!).savedAt as string)
  const asked = phone.waitForResponse((r) => new URL(r.url()).pathname === '/api/public/me' && r.request().method() === 'GET' && r.ok())
  await phone.reload()
  await asked
  await phone.waitForFunction((previous) => JSON.parse(localStorage.getItem('gridline.me') ?? 'null')?.savedAt > previous, before)
}

/** What the phone shows now: colour text and the code its QR holds, checked as a gate would. */
async function expectPhoneShows(colour: Colour): Promise<string> {
  await healthCard(colour).waitFor()
  expect(await phone.getByTestId('me-colour').innerText()).toBe(COLOUR_TEXT[colour])
  expect(await phone.getByTestId('me-name').innerText()).toBe(maskName(resident.name))
  const code = await qrOnScreen(colour)
  expect(await readCode(server!.ctx.deps, code, new Date())).toMatchObject({ valid: true, kind: 'health', personId: resident.id, colour })
  return code
}

async function importList(csv: string, fileName: string) {
  await desk.getByTestId('health-import-open').click()
  const modal = openedModal(desk, 'health-import-choose')
  await modal.waitFor()
  await modal.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await modal.getByTestId('health-import-report').waitFor()
  return modal
}

async function closeImport(modal: Awaited<ReturnType<typeof importList>>) {
  await modal.locator('.ant-modal-close').click()
  await modal.waitFor({ state: 'hidden' })
}

beforeAll(async () => {
  await prepareZXingModule({ overrides: { wasmBinary: wasm('reader/zxing_reader.wasm') }, fireImmediately: true })
  server = await startDemoServer()
  const { db, cipher } = server.ctx.deps
  // A green demo resident of Yueqing (the `health` account's county) who is the only person
  // registered with their phone, so the phone's session holds exactly them.
  const person = await db
    .selectFrom('person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .innerJoin('health_status', 'health_status.person_id', 'person.id')
    .select(['person.id', 'person.name', 'person.phone_enc', 'person.id_number_enc'])
    .where('area.path', 'like', '/330300000000/330382000000/%')
    .where('health_status.colour', '=', 'green')
    .where('person.phone_index', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('person as other')
            .select('other.id')
            .whereRef('other.phone_index', '=', 'person.phone_index')
            .whereRef('other.id', '<>', 'person.id'),
        ),
      ),
    )
    .orderBy('person.id')
    .executeTakeFirstOrThrow()
  Object.assign(resident, {
    id: person.id,
    name: person.name,
    phone: cipher.open(person.phone_enc!),
    idNumber: cipher.open(person.id_number_enc),
  })
  browser = await launchChromium()
  const phoneContext = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  phone = await phoneContext.newPage()
  const deskContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  desk = await deskContext.newPage()
  for (const page of [phone, desk]) page.setDefaultTimeout(20_000)
}, 300_000)

afterEach(async (test) => {
  if (test.task.result?.state !== 'fail') return
  const name = test.task.name.replace(/\W+/g, '-')
  await phone?.screenshot({ path: join(ARTIFACTS, `failed-health-to-me-phone-${name}.png`), fullPage: true })
  await desk?.screenshot({ path: join(ARTIFACTS, `failed-health-to-me-desk-${name}.png`), fullPage: true })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('a colour set by the health officer reaches the resident’s /me page', () => {
  let green = ''
  let yellow = ''

  it('the resident signs in on /me with phone and one-time code and sees their green code', async () => {
    expect(resident.phone).toMatch(/^1\d{10}$/)
    await phone.goto(`${server!.base}/me`)
    await phone.getByTestId('me-sign-in').waitFor()
    await phone.getByTestId('me-phone').fill(resident.phone)
    await phone.getByTestId('me-send-otp').click()
    await phone.getByTestId('me-otp-sent').waitFor()
    await phone.getByTestId('me-otp').fill(await otpFor(resident.id))
    await phone.getByTestId('me-verify').click()
    green = await expectPhoneShows('green')
    await phone.screenshot({ path: join(ARTIFACTS, 'health-to-me-1-green-zh.png'), fullPage: true })
  })

  it('the health officer sets the resident to yellow with a reason on 卫健赋码', async () => {
    await signIn(desk, server!.base, 'health')
    await desk.locator('.ant-menu-item', { hasText: '卫健赋码' }).click()
    await desk.waitForURL('**/health')
    await desk.getByTestId('health-search').fill(resident.idNumber)
    await desk.getByTestId('health-search').press('Enter')
    await desk.waitForURL(`**/health/${resident.id}`)
    const card = desk.getByTestId('health-person')
    await card.getByText(resident.name).waitFor()
    await card.getByTestId('colour-green').waitFor()
    await desk.getByTestId('health-colour').getByText('黄码').click()
    await desk.getByTestId('health-reason').fill('密接者，居家观察 14 天')
    await desk.getByTestId('health-save').click()
    await card.getByTestId('colour-yellow').waitFor()
    await desk.getByTestId('health-history').getByText('原因：密接者，居家观察 14 天').waitFor()
    expect(await colourOf(resident.id)).toBe('yellow')
  })

  it('after a reload the phone shows yellow, with a QR that reads as the resident’s yellow code', async () => {
    await reloadMe()
    yellow = await expectPhoneShows('yellow')
    // The green code the phone showed before no longer passes a gate.
    expect(await readCode(server!.ctx.deps, green, new Date())).toMatchObject({ valid: false, reason: 'REVOKED' })
    await phone.screenshot({ path: join(ARTIFACTS, 'health-to-me-2-yellow-zh.png'), fullPage: true })
  })

  it('a colour list with one bad row names the row, changes nothing, and the phone keeps its yellow code', async () => {
    const stranger = '11010519491231002X'
    const modal = await importList(
      `证件类型,证件号码,颜色,原因\n居民身份证,${resident.idNumber},红,确诊\n居民身份证,${stranger},黄,密接\n`,
      '乐清卫健清单.csv',
    )
    const report = await modal.getByTestId('health-import-report').innerText()
    expect(report).toContain('未做任何修改')
    expect(report).toMatch(/3\s+证件号码\s+您的管辖范围内没有登记此证件号码的人员/)
    expect(report).not.toMatch(/(^|\n)2\s+证件号码/)
    await desk.screenshot({ path: join(ARTIFACTS, 'health-to-me-import-errors-zh.png') })
    await closeImport(modal)
    await desk.getByTestId('health-person').getByTestId('colour-yellow').waitFor()
    expect(await colourOf(resident.id)).toBe('yellow')

    await reloadMe()
    // Same code as before: nothing was revoked, so the page had no reason to sign a new one.
    expect(await expectPhoneShows('yellow')).toBe(yellow)
    await phone.screenshot({ path: join(ARTIFACTS, 'health-to-me-3-yellow-after-bad-list-zh.png'), fullPage: true })
  })

  it('the corrected list turns the resident red, and the phone shows a red code after a reload', async () => {
    const modal = await importList(`证件类型,证件号码,颜色,原因\n居民身份证,${resident.idNumber},红,确诊\n`, '乐清卫健清单.csv')
    await modal.getByTestId('health-import-done').waitFor()
    expect(await modal.getByTestId('health-import-done').innerText()).toContain('已导入 1 行，其中 1 人颜色发生变化')
    await closeImport(modal)
    await desk.getByTestId('health-person').getByTestId('colour-red').waitFor()
    expect(await colourOf(resident.id)).toBe('red')

    await reloadMe()
    await expectPhoneShows('red')
    expect(await readCode(server!.ctx.deps, yellow, new Date())).toMatchObject({ valid: false, reason: 'REVOKED' })
    await phone.screenshot({ path: join(ARTIFACTS, 'health-to-me-4-red-zh.png'), fullPage: true })
  })
})
