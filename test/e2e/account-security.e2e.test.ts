import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { base32Decode, hotp, timeStep } from '../../src/server/crypto/totp.ts'
import {
  ARTIFACTS,
  decodeQrPicture,
  DEMO_PASSWORD,
  launchChromium,
  openedModal,
  signIn,
  startDemoServer,
  type DemoServer,
} from './helpers.ts'

/**
 * Account security as the policy officer uses it: sees where they are signed in and signs the
 * other browser out, turns on two-step verification by scanning the QR code (here: reading the
 * key beside it), keeps the recovery codes, then signs in with the app's code and, in English,
 * with a recovery code. The admin sees it on and resets it.
 */

/** Answers on a machine shared by many test runs can take seconds: poll that long, not 1 s. */
const SLOW = { timeout: 20_000 }

const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50'

let server: DemoServer | undefined
let browser: Browser | undefined
let context: BrowserContext
let page: Page
let secret: Buffer
let enrolledStep: number
let recoveryCodes: string[]

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(20_000)
}, 180_000)

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-account-security-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** The policy officer's phone, signed in through the API. */
async function signInOnPhone(): Promise<string> {
  const response = await server!.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'policy', password: DEMO_PASSWORD },
    headers: { 'user-agent': WECHAT_IPHONE },
    remoteAddress: '10.40.0.2',
  })
  expect(response.statusCode).toBe(200)
  return `gl_session=${response.cookies.find((c) => c.name === 'gl_session')!.value}`
}

const sessionRows = () => page.locator('[data-testid="sessions-table"] tr.ant-table-row')

/** The account menu once its slide-in has finished: a click while it still moves can miss. */
async function accountMenu() {
  await page.getByTestId('account-menu').click()
  const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden):not(.ant-slide-up-appear):not(.ant-slide-up-enter)')
  await menu.waitFor()
  return menu
}

async function openSecurityFromMenu() {
  await (await accountMenu()).getByTestId('account-menu-security').click()
  await page.getByTestId('sessions-table').waitFor()
  expect(new URL(page.url()).pathname).toBe('/account/security')
}

async function signOutFromMenu() {
  await (await accountMenu()).locator('.ant-dropdown-menu-item-danger').click()
  await page.getByTestId('login-username').waitFor()
}

describe('account security page', () => {
  it('lists where the policy officer is signed in and signs the phone out', async () => {
    const phone = await signInOnPhone()
    await signIn(page, server!.base, 'policy')
    await openSecurityFromMenu()
    await expect.poll(() => sessionRows().count(), SLOW).toBe(2)
    const texts = await sessionRows().allInnerTexts()
    expect(texts.some((text) => text.includes('当前设备') && text.includes('Chrome'))).toBe(true)
    expect(texts.some((text) => text.includes('WeChat 8.0 · iPhone') && text.includes('10.40.0.2'))).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'account-security-sessions-zh-CN.png'), fullPage: true })

    await page.getByTestId('sessions-sign-out-others').click()
    await page.locator('.ant-popconfirm .ant-btn-primary').click()
    await expect.poll(() => sessionRows().count(), SLOW).toBe(1)
    const me = await server!.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phone } })
    expect(me.statusCode).toBe(401)
  })

  it('turns on two-step verification with the QR code and shows the recovery codes once', async () => {
    await page.getByTestId('two-factor-enable').click()
    await page.getByTestId('two-factor-qr').waitFor()
    const typed = (await page.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '')
    // what the app scans holds the same key, with the parameters every app reads
    const scanned = new URL(await decodeQrPicture(page.getByTestId('two-factor-qr'), 'account-security-qr.png'))
    expect(scanned.protocol).toBe('otpauth:')
    expect(`${scanned.host}${scanned.pathname}`).toBe('totp/Gridline:policy')
    expect(Object.fromEntries(scanned.searchParams)).toEqual({
      secret: typed,
      issuer: 'Gridline',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    })
    secret = base32Decode(typed)
    enrolledStep = timeStep(new Date())
    await page.screenshot({ path: join(ARTIFACTS, 'account-security-enrol-zh-CN.png'), fullPage: true })
    await page.getByTestId('two-factor-code').fill(hotp(secret, enrolledStep))
    await page.getByTestId('two-factor-confirm').click()
    const modal = openedModal(page, 'two-factor-recovery-codes')
    await modal.waitFor()
    recoveryCodes = (await page.getByTestId('two-factor-recovery-codes').innerText()).split(/\s+/).filter(Boolean)
    expect(recoveryCodes).toHaveLength(10)
    expect(recoveryCodes.every((code) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(code))).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'account-security-recovery-zh-CN.png') })
    await page.getByTestId('two-factor-recovery-saved').click()
    await expect.poll(() => page.getByTestId('two-factor-status').innerText(), SLOW).toContain('已开启')
  })

  it('then asks for the code after the password, refuses a wrong one and signs in with the right one', async () => {
    await signOutFromMenu()
    await page.getByTestId('login-username').fill('policy')
    await page.getByTestId('login-password').fill(DEMO_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-code').waitFor()
    await page.getByTestId('login-code').fill('000000')
    await page.getByTestId('login-code-submit').click()
    await expect.poll(() => page.getByTestId('login-error').innerText(), SLOW).toContain('验证码错误')
    await page.screenshot({ path: join(ARTIFACTS, 'login-code-zh-CN.png'), fullPage: true })
    // a code not used yet: the next step's, or the current one if the clock has moved on (a busy machine)
    await page.getByTestId('login-code').fill(hotp(secret, Math.max(enrolledStep + 1, timeStep(new Date()))))
    await page.getByTestId('login-code-submit').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    await page.getByTestId('account-menu').waitFor()
  })

  it('signs in with a recovery code in English, and the code is spent', async () => {
    await page.evaluate(() => localStorage.setItem('gridline.locale', 'en'))
    await page.goto(`${server!.base}/account/security`)
    await expect.poll(() => page.getByTestId('two-factor-status').innerText(), SLOW).toContain('On (since')
    await page.screenshot({ path: join(ARTIFACTS, 'account-security-en.png'), fullPage: true })
    await signOutFromMenu()
    await page.getByTestId('login-username').fill('policy')
    await page.getByTestId('login-password').fill(DEMO_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-code').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'login-code-en.png'), fullPage: true })
    await page.getByTestId('login-code').fill(recoveryCodes[0]!)
    await page.getByTestId('login-code-submit').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    const again = await server!.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'policy', password: DEMO_PASSWORD, code: recoveryCodes[0] },
      remoteAddress: '10.40.0.3',
    })
    expect(again.json()).toMatchObject({ code: 'AUTH_SECOND_FACTOR_INVALID' })
  })

  it('the admin sees the policy officer has it and resets it', async () => {
    await page.evaluate(() => localStorage.setItem('gridline.locale', 'zh-CN'))
    await signOutFromMenu()
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(DEMO_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    await page.goto(`${server!.base}/account/security`)
    const row = page.locator('[data-testid="two-factor-accounts"] tr.ant-table-row', { hasText: '(policy)' })
    await expect.poll(() => row.innerText(), SLOW).toContain('已开启')
    await page.screenshot({ path: join(ARTIFACTS, 'account-security-admin-zh-CN.png'), fullPage: true })
    await row.getByRole('button').click()
    await page.locator('.ant-popconfirm .ant-btn-primary').click()
    await expect.poll(() => row.innerText(), SLOW).toContain('未开启')
    const plain = await server!.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'policy', password: DEMO_PASSWORD },
      remoteAddress: '10.40.0.4',
    })
    expect(plain.statusCode).toBe(200)
  })
})
