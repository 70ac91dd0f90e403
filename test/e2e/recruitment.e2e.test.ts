import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * The return-bus sign-up of PRODUCT.md §7 in a real browser on the demo data: a worker in
 * Yingtan opens /join on a phone, picks the region, takes a seat on a bus, signs up and sees the
 * number and the bus; the Ouhai recruiter finds the sign-up and the team's progress.
 * Screenshots go to test-artifacts/recruitment-*.png.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let worker: Page
let recruiter: Page
const consoleProblems: string[] = []
const story: { number?: string; plate?: string; freeBefore?: number } = {}

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser!.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('401')) consoleProblems.push(m.text())
  })
  page.on('pageerror', (e) => consoleProblems.push(e.message))
  return page
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `recruitment-${name}.png`), fullPage })

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchChromium()
  worker = await newPage(PHONE)
  recruiter = await newPage({ width: 1366, height: 900 })
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') {
    for (const [name, page] of [
      ['worker', worker],
      ['recruiter', recruiter],
    ] as const) {
      await page?.screenshot({ path: join(ARTIFACTS, `failed-recruitment-${name}.png`), fullPage: true })
    }
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('return bus sign-up', () => {
  it('lets a worker pick a region, take a bus seat and sign up on a phone without an account', async () => {
    await worker.goto(`${server!.base}/join`)
    await worker.getByText('第一步：选择您所在的地区').waitFor()
    await worker.getByTestId('join-region').click()
    await worker.keyboard.type('鹰潭')
    await worker.locator('.ant-select-item-option', { hasText: '江西省鹰潭市' }).click()
    await worker.getByTestId('join-jobs').locator('.gl-join-job').first().waitFor()
    const bus = worker.getByTestId('join-bus-option').filter({ hasNotText: '已满' }).first()
    story.plate = (await bus.getAttribute('data-plate'))!
    story.freeBefore = Number(await bus.getAttribute('data-free'))
    expect(story.freeBefore).toBeGreaterThan(0)
    await shot(worker, 'join-region')

    await bus.click()
    await worker.getByTestId('join-phone').fill('1391234')
    await worker.getByTestId('join-submit').click()
    // The shared rule answers at once, on the fields.
    await worker.getByText('请输入正确的手机号码').waitFor()
    await worker.getByText('此项为必填项').waitFor()
    await shot(worker, 'join-errors')
    // A corrected field loses its error as the worker types; the untouched one keeps its own,
    // and a language switch re-words that one without bringing the corrected one back.
    await worker.getByTestId('join-phone').fill('13912345678')
    await worker.getByText('请输入正确的手机号码').waitFor({ state: 'detached' })
    expect(await worker.getByText('此项为必填项').count()).toBe(1)
    await worker.getByTestId('lang-toggle').click()
    await worker.getByText('This field is required').waitFor()
    expect(await worker.getByText('Enter a valid mobile phone number').count()).toBe(0)
    await worker.getByTestId('lang-toggle').click()
    await worker.getByText('此项为必填项').waitFor()
    await worker.getByTestId('join-name').fill('刘志明')
    await worker.getByText('此项为必填项').waitFor({ state: 'detached' })
    await worker.getByTestId('join-posting').click()
    await worker.keyboard.type('SMT')
    await worker.locator('.ant-select-item-option', { hasText: 'SMT 操作员' }).click()
    await shot(worker, 'join-form')
    await worker.getByTestId('join-submit').click()

    const receipt = worker.getByTestId('join-receipt')
    await receipt.getByText('报名成功').waitFor()
    story.number = await worker.getByTestId('join-number').innerText()
    expect(story.number).toMatch(/^ZG\d{6}$/)
    expect(await worker.getByTestId('join-seat').innerText()).toContain(story.plate)
    expect(await worker.getByTestId('join-seat').innerText()).toContain('集合')
    await shot(worker, 'join-done')
  })

  it('answers the same phone again with a message only, in the chosen language, showing nothing of the first sign-up', async () => {
    await worker.getByText('再报一人').click()
    await worker.getByTestId('lang-toggle').click()
    await worker.getByText('Step 2: your details').waitFor()
    await worker.getByTestId('join-name').fill('Liu Zhiming')
    await worker.getByTestId('join-phone').fill('139 1234 5678')
    await worker.getByTestId('join-submit').click()
    const receipt = worker.getByTestId('join-receipt')
    await receipt.getByText('You had already signed up').waitFor()
    const text = await receipt.innerText()
    expect(text).toContain('This phone has already signed up with this team; a recruiter will call you')
    // Whoever knows the phone learns neither the sign-up number nor the bus or collection point.
    expect(text).not.toContain(story.number!)
    expect(text).not.toContain(story.plate!)
    expect(await worker.getByTestId('join-number').count()).toBe(0)
    expect(await worker.getByTestId('join-seat').count()).toBe(0)
    await shot(worker, 'join-again-en')
  })

  it('shows the recruiter the new sign-up with its seat, phone masked', async () => {
    await signIn(recruiter, server!.base, 'recruiter', '/recruitment/signups')
    await recruiter.getByTestId('rec-search').locator('input').fill(story.number!)
    await recruiter.getByTestId('rec-search').locator('input').press('Enter')
    const row = recruiter.getByTestId('rec-signups-table').locator('tr.ant-table-row', { hasText: story.number! })
    await row.waitFor()
    const text = await row.innerText()
    expect(text).toContain('刘志明')
    expect(text).toContain('139****5678')
    expect(text).toContain(story.plate!)
    expect(text).toContain('已报名')
    await shot(recruiter, 'signups')
  })

  it('shows the team’s progress against quota with the bar chart', async () => {
    await recruiter.getByTestId('rec-tab-progress').click()
    const table = recruiter.getByTestId('rec-progress-table')
    const team1 = table.locator('tr.ant-table-row', { hasText: '瓯海区第一外出招工专班' })
    await team1.waitFor()
    expect(await team1.innerText()).toContain('2000')
    expect(await team1.innerText()).toMatch(/\d+(\.\d)?%/)
    await recruiter.getByTestId('rec-totals').first().waitFor()
    expect(await recruiter.getByTestId('rec-totals').first().innerText()).toContain('20 个专班')
    await recruiter.getByTestId('rec-chart').locator('canvas').waitFor()
    await recruiter.waitForTimeout(800) // the bars' entry animation, for the picture
    await shot(recruiter, 'progress')
  })

  it('lists the 20 teams with their target regions', async () => {
    await recruiter.getByTestId('rec-tab-teams').click()
    const rows = recruiter.getByTestId('rec-teams-table').locator('tr.ant-table-row')
    await rows.first().getByText('江西省鹰潭市').waitFor()
    expect(await rows.count()).toBe(20)
    await shot(recruiter, 'teams', false)
  })

  it('shows the recruiter the worker’s seat taken on the bus', async () => {
    await recruiter.getByTestId('rec-tab-buses').click()
    const busRow = recruiter.getByTestId('rec-points').locator('tr.ant-table-row', { hasText: story.plate! })
    await busRow.waitFor()
    const seats = /(\d+)\/(\d+)/.exec(await busRow.innerText())!
    expect(Number(seats[2]) - Number(seats[1])).toBe(story.freeBefore! - 1)
    await shot(recruiter, 'buses', false)
  })

  it('lets the enterprise confirm the hire of a worker matched to its job', async () => {
    const enterprise = await newPage({ width: 1366, height: 900 })
    await signIn(enterprise, server!.base, 'enterprise', '/recruitment')
    const postings = enterprise.getByTestId('rec-postings-table')
    await postings.locator('tr.ant-table-row', { hasText: '眼镜装配工' }).locator('.ant-table-row-expand-icon').click()
    const signups = enterprise.getByTestId('rec-posting-signups')
    const row = signups.locator('tr.ant-table-row', { has: enterprise.getByTestId('rec-confirm-hire') }).first()
    const number = await row.locator('td').first().innerText()
    await row.getByTestId('rec-confirm-hire').click()
    await signups.locator('tr.ant-table-row', { hasText: number }).getByText('已录用').waitFor()
    await shot(enterprise, 'enterprise-hire', false)
    expect(consoleProblems).toEqual([])
  })
})
