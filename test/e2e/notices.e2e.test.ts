import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * Public notices (政策发布) in a real browser on the demo data, phone-sized and without an
 * account: from the login page's footer to the list, a search for 贷款贴息, the notice with its
 * document number and link, and its related notices; a punctuation-only search explained under
 * the box; then the policy officer writes and publishes a notice on the staff desk and the public
 * finds it. Screenshots go to test-artifacts/notices-*.png.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let base: string

beforeAll(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-notices-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('public notices on a phone, without an account', () => {
  it('opens the list from the login page footer', async () => {
    await page.goto(`${base}/login`)
    await page.getByTestId('login-public-notices').click()
    await page.waitForURL('**/notices')
    await page.getByTestId('notices-list').waitFor()
    expect(await page.getByTestId('notice-card').count()).toBe(10)
    expect(await page.getByTestId('notices-count').innerText()).toBe('共 11 条')
    await page.screenshot({ path: join(ARTIFACTS, 'notices-list.png') })
  })

  it('searches 贷款贴息, marks the match, and puts the loan-interest notice first', async () => {
    await page.getByTestId('notices-search').locator('input').fill('贷款贴息')
    await page.getByTestId('notices-search').locator('input').press('Enter')
    await page.waitForURL(/q=/)
    await page.getByText('“贷款贴息”共找到').waitFor()
    const first = page.getByTestId('notice-card').first()
    expect(await first.innerText()).toContain('战“疫”专项贷款贴息资金申报指南')
    expect(await first.locator('mark').first().innerText()).toBe('贷款贴息')
    await page.screenshot({ path: join(ARTIFACTS, 'notices-search.png') })
  })

  it('opens the notice: metadata, the link to the subsidy, and related notices', async () => {
    await page.getByTestId('notice-card').first().click()
    await page.getByTestId('notice-article').waitFor()
    expect(await page.getByTestId('notice-title').innerText()).toBe('战“疫”专项贷款贴息资金申报指南')
    const article = await page.getByTestId('notice-article').innerText()
    expect(article).toContain('瓯海区财政局')
    expect(article).toContain('2020-02-12')
    expect(await page.getByTestId('notice-link').getAttribute('href')).toBe('/subsidies?policy=OH-2020-01')
    const related = page.getByTestId('notice-related').getByTestId('notice-card')
    expect(await related.count()).toBe(5)
    expect(await related.first().innerText()).toContain('“16条”扶持措施')
    await page.screenshot({ path: join(ARTIFACTS, 'notices-detail.png'), fullPage: true })

    // A related notice opens in place; the 16 measures carry their document number.
    await related.first().click()
    await page.getByText('温瓯政办〔2020〕8号').waitFor()
    await page.getByTestId('notice-back').click()
    await page.getByTestId('notice-title').filter({ hasText: '战“疫”专项贷款贴息资金申报指南' }).waitFor()
    await page.getByTestId('notice-back').click()
    await page.getByText('“贷款贴息”共找到').waitFor()
  })

  it('explains a punctuation-only search under the box instead of searching', async () => {
    await page.getByTestId('notices-search').locator('input').fill('，。！')
    await page.getByTestId('notices-search').locator('input').press('Enter')
    expect(await page.getByTestId('notices-search-error').innerText()).toBe('请输入要搜索的文字（标点符号无法搜索）')
  })

  it('switches to English', async () => {
    await page.goto(`${base}/notices?category=recruitment`)
    await page.getByTestId('notices-list').waitFor()
    await page.getByTestId('lang-toggle').click()
    await page.getByText('Public notices').first().waitFor()
    expect(await page.getByTestId('notices-count').innerText()).toBe('2 notices')
    await page.screenshot({ path: join(ARTIFACTS, 'notices-english.png') })
    await page.getByTestId('lang-toggle').click()
  })
})

describe('the notices desk', () => {
  it('lets the policy officer write and publish a notice that the public then finds', async () => {
    const desk = await browser!.newPage({ viewport: { width: 1366, height: 860 } })
    await signIn(desk, base, 'policy', '/notices-admin')
    await desk.getByTestId('notices-table').locator('.ant-table-row').first().waitFor()
    await desk.getByTestId('notice-add').click()
    await desk.getByTestId('notice-form-title').fill('瓯海区企业用工补助申领提醒')
    await desk.getByTestId('notice-form-office').fill('瓯海区人力资源和社会保障局')
    await desk.getByTestId('notice-form-link').fill('https://example.com')
    await desk.getByTestId('notice-form-body').fill('请符合条件的企业于3月底前在线申领用工补助。\n\n逾期不再受理。')
    const keywords = desk.getByTestId('notice-form-keywords').locator('input')
    await keywords.fill('用工补助')
    await keywords.press('Enter')
    await desk.getByTestId('notice-form-publish').click()
    // The shared schema refuses a link to another site, on the link field.
    await desk.getByText('链接须为本系统内的地址').waitFor()
    await desk.getByTestId('notice-form-link').fill('/subsidies')
    await desk.screenshot({ path: join(ARTIFACTS, 'notices-desk-form.png') })
    await desk.getByTestId('notice-form-publish').click()
    await desk.getByTestId('notice-form').waitFor({ state: 'detached' })
    await desk.getByTestId('notices-table').getByText('瓯海区企业用工补助申领提醒').waitFor()
    await desk.screenshot({ path: join(ARTIFACTS, 'notices-desk.png') })
    await desk.close()

    await page.goto(`${base}/notices?q=${encodeURIComponent('用工补助')}`)
    await page.getByTestId('notices-list').waitFor()
    expect(await page.getByTestId('notice-card').first().innerText()).toContain('瓯海区企业用工补助申领提醒')
  })
})
