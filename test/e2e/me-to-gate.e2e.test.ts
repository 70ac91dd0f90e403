import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { maskName } from '../../src/shared/gate/holder.ts'
import { login } from '../factories.ts'
import { ARTIFACTS, chooseCheckpoint, DEMO_PASSWORD, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'
import { writePictureY4m } from './qr-video.ts'

/**
 * From the resident's phone to the gate, on the demo data (issue 13): a resident of 蛎灰窑 signs
 * in on /me with their phone and the one-time code and sees their green code; a picture of that
 * screen becomes the video the guard's phone camera sees (Chromium's fake camera); the guard's
 * scanner reads it, shows the masked name and birth date, the guard confirms 本人核验, and the
 * passage records it. Another resident's red code is refused at the scan step: no identity step,
 * no temperature. Screenshots: test-artifacts/me-to-gate-*.png.
 */

const CHECKPOINT = '蛎灰窑东门卡口'
type Colour = 'green' | 'red'
type Resident = { id: string; name: string; phone: string; idNumber: string }

let server: DemoServer | undefined
let residentBrowser: Browser | undefined
let videoDir: string
const residents: Resident[] = []
/** What the running test opened (guard Chromiums, resident and guard pages): shot on failure, then closed. */
const open: { browsers: Browser[]; pages: Map<string, Page> } = { browsers: [], pages: new Map() }

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

/** Digits 7–14 of a resident ID number, as the code carries the birth date. */
const birthDate = (idNumber: string) => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`

/**
 * The resident signs in on /me on their phone and shows their code of `colour`; a picture of the
 * QR area of that screen is written as the video a camera held in front of it would see.
 * @returns the path of the Y4M file
 */
async function residentShows(resident: Resident, colour: Colour, label: string): Promise<string> {
  const context: BrowserContext = await residentBrowser!.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const phone = await context.newPage()
  phone.setDefaultTimeout(20_000)
  open.pages.set(`resident-${label}`, phone)
  await phone.goto(`${server!.base}/me`)
  await phone.getByTestId('me-sign-in').waitFor()
  await phone.getByTestId('me-phone').fill(resident.phone)
  await phone.getByTestId('me-send-otp').click()
  await phone.getByTestId('me-otp-sent').waitFor()
  await phone.getByTestId('me-otp').fill(await otpFor(resident.id))
  await phone.getByTestId('me-verify').click()
  const health = phone.locator(
    `[data-testid="me-card"][data-person="${resident.id}"] [data-testid="me-health"][data-colour="${colour}"][data-expired="false"]`,
  )
  await health.waitFor()
  await health.locator('.gl-me-qr canvas').waitFor()
  expect(await phone.getByTestId('me-name').innerText()).toBe(maskName(resident.name))
  expect(await phone.getByTestId('me-colour').innerText()).toBe(colour === 'green' ? '绿码' : '红码')
  await phone.screenshot({ path: join(ARTIFACTS, `me-to-gate-${label}-1-me.png`), fullPage: true })
  // "The screen" the guard's camera sees: the QR area of the resident's phone, as pixels.
  const picture = await health.locator('.gl-me-qr').screenshot()
  const video = join(videoDir, `${label}.y4m`)
  await writePictureY4m(context, picture, video)
  return video
}

/**
 * The guard's phone: a Chromium whose camera plays `video`, signed in as the demo guard on the
 * scanner at the 蛎灰窑 checkpoint with a trust list. Every step and panel the page ever shows is
 * noted in `window.__seen`, so a test can say what never appeared.
 */
async function guardWithCamera(video: string, label: string): Promise<Page> {
  const browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ])
  open.browsers.push(browser)
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  await context.grantPermissions(['camera'])
  await context.addInitScript(() => {
    const seen = new Set<string>()
    ;(window as unknown as { __seen: Set<string> }).__seen = seen
    const note = () => {
      const scan = document.querySelector('[data-testid="gate-scan"]')
      if (scan) seen.add(`step:${scan.getAttribute('data-step')}`)
      for (const id of ['gate-identity', 'gate-temperature', 'gate-result'])
        if (document.querySelector(`[data-testid="${id}"]`)) seen.add(id)
    }
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  open.pages.set(`guard-${label}`, page)
  await signIn(page, server!.base, 'guard')
  await page.waitForURL('**/gate')
  await chooseCheckpoint(page, CHECKPOINT)
  await page.locator('[data-testid="gate-trust"]:not([data-version=""])').waitFor()
  return page
}

const seenOn = (page: Page) => page.evaluate(() => [...(window as unknown as { __seen: Set<string> }).__seen].sort())

const passagesOf = (personId: string) =>
  server!.ctx.deps.db
    .selectFrom('passage')
    .select(['decision', 'temperature', 'identity_check', 'colour', 'reasons'])
    .where('person_id', '=', personId)
    .orderBy('received_at')
    .execute()

beforeAll(async () => {
  server = await startDemoServer()
  const { db, cipher } = server.ctx.deps
  // Green demo residents of the checkpoint's village (蛎灰窑, the guard's area) with a resident ID,
  // each the only person registered with their phone, so /me signs in exactly them.
  const rows = await db
    .selectFrom('person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .innerJoin('health_status', 'health_status.person_id', 'person.id')
    .select(['person.id', 'person.name', 'person.phone_enc', 'person.id_number_enc'])
    .where('area.path', 'like', '%/330382001201/%')
    .where('health_status.colour', '=', 'green')
    .where('person.id_type', '=', 'resident_id')
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
    .limit(2)
    .execute()
  expect(rows, 'two green residents of 蛎灰窑 with a phone of their own').toHaveLength(2)
  for (const row of rows)
    residents.push({ id: row.id, name: row.name, phone: cipher.open(row.phone_enc!), idNumber: cipher.open(row.id_number_enc) })
  videoDir = mkdtempSync(join(tmpdir(), 'gl-me-gate-'))
  residentBrowser = await launchChromium()
}, 180_000)

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') {
    const name = test.task.name.replace(/\W+/g, '-')
    for (const [who, page] of open.pages)
      await page.screenshot({ path: join(ARTIFACTS, `failed-me-to-gate-${who}-${name}.png`), fullPage: true }).catch(() => undefined)
  }
  // Two cores: one guard Chromium at a time, and the resident's phones of this test go too.
  for (const page of open.pages.values())
    await page
      .context()
      .close()
      .catch(() => undefined)
  open.pages.clear()
  for (const browser of open.browsers.splice(0)) await browser.close()
})

afterAll(async () => {
  await residentBrowser?.close()
  await server?.close()
  if (videoDir) rmSync(videoDir, { recursive: true, force: true })
})

describe('from the resident’s /me screen to the gate', () => {
  it('a green code on /me is read by the guard’s camera, shows whose it is, and the passage records 本人核验', async () => {
    const resident = residents[0]!
    const video = await residentShows(resident, 'green', 'green')

    const gate = await guardWithCamera(video, 'green')
    await gate.getByTestId('gate-camera-start').click()
    // The QR in the video of the resident's screen moves the flow on to the identity step.
    await gate.locator('[data-testid="gate-scan"][data-step="identity"]').waitFor()
    expect(await gate.getByTestId('gate-identity-name').innerText()).toBe(maskName(resident.name))
    expect(await gate.getByTestId('gate-identity-name').innerText()).not.toBe(resident.name)
    expect(await gate.getByTestId('gate-identity-birth').innerText()).toBe(birthDate(resident.idNumber))
    expect(await gate.getByTestId('gate-identity-tail').innerText()).toBe(`**** ${resident.idNumber.slice(-4)}`)
    await gate.screenshot({ path: join(ARTIFACTS, 'me-to-gate-green-2-identity.png') })

    await gate.getByTestId('gate-confirm-holder').click()
    await gate.locator('[data-testid="gate-scan"][data-step="house"]').waitFor()
    await gate.getByTestId('gate-skip-house').click()
    await gate.getByTestId('gate-temp-36.5').click()
    await gate.getByTestId('gate-submit').click()

    const result = gate.getByTestId('gate-result')
    await result.waitFor()
    expect(await result.getAttribute('data-decision')).toBe('admit')
    expect(await result.getAttribute('data-offline')).toBe('false')
    expect(await gate.getByTestId('gate-result-title').innerText()).toBe('通行')
    expect(await gate.getByTestId('gate-result-name').innerText()).toBe(resident.name)
    expect(await gate.getByTestId('gate-result-reasons').innerText()).toContain('健康码绿码')
    expect(await gate.getByTestId('gate-result-identity').innerText()).toBe('已本人核验')
    await gate.screenshot({ path: join(ARTIFACTS, 'me-to-gate-green-3-decision.png') })

    // What the page noted on the way, so the red test's "never shown" is not an empty claim.
    expect(await seenOn(gate)).toEqual(
      expect.arrayContaining([
        'step:health',
        'step:identity',
        'gate-identity',
        'step:house',
        'step:temperature',
        'gate-temperature',
        'gate-result',
      ]),
    )

    const passages = await passagesOf(resident.id)
    expect(passages).toHaveLength(1)
    expect(passages[0]).toMatchObject({ decision: 'admit', identity_check: 'confirmed', colour: 'green' })
    expect(Number(passages[0]!.temperature)).toBe(36.5)
  })

  it('a red code on /me is refused at the scan step, with no identity and no temperature step', async () => {
    const resident = residents[1]!
    // Setup only: the health officer sets the resident red (the UI of that is health-to-me's test).
    const health = await login(server!.app, 'health', DEMO_PASSWORD)
    const set = await server!.app.inject({
      method: 'PUT',
      url: `/api/codes/health-status/${resident.id}`,
      headers: { cookie: health },
      payload: { colour: 'red', reason: '确诊，集中隔离' },
    })
    expect(set.statusCode, set.body).toBeLessThan(300)

    const video = await residentShows(resident, 'red', 'red')
    const gate = await guardWithCamera(video, 'red')
    await gate.getByTestId('gate-camera-start').click()

    const result = gate.getByTestId('gate-result')
    await result.waitFor()
    expect(await result.getAttribute('data-decision')).toBe('centralised_isolation')
    expect(await result.getAttribute('data-offline')).toBe('false')
    expect(await gate.getByTestId('gate-result-title').innerText()).toBe('集中隔离')
    expect(await gate.getByTestId('gate-result-reasons').innerText()).toContain('健康码红码')
    expect(await gate.getByTestId('gate-scan').getAttribute('data-step')).toBe('health')
    // Decided at the scan: the identity and temperature steps never showed, not even briefly.
    const seen = await seenOn(gate)
    expect(seen).toContain('gate-result')
    expect(seen).not.toContain('gate-identity')
    expect(seen).not.toContain('step:identity')
    expect(seen).not.toContain('gate-temperature')
    expect(seen).not.toContain('step:temperature')
    await gate.screenshot({ path: join(ARTIFACTS, 'me-to-gate-red-2-decision.png') })

    const passages = await passagesOf(resident.id)
    expect(passages).toHaveLength(1)
    expect(passages[0]).toMatchObject({ decision: 'centralised_isolation', temperature: null, identity_check: null, colour: 'red' })
  })
})
