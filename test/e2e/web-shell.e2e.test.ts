import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { residentIdCheckCharacter } from '../../src/shared/id-document.ts'
import { MESSAGES } from '../../src/shared/messages.ts'
import { ARTIFACTS, launchChromium, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * The web UI in a real browser against the real app on an in-memory database with the demo
 * data: login, the village headline numbers, the people list with masked IDs, the language
 * switch, and ID-number errors placed on the ID field (client-side check and server 409).
 */

const MASKED_RESIDENT_ID = /^\d{4}\*{10}[\dX]{4}$/

// A resident ID with a valid birth date; the wrong variant differs only in its check character.
const FIRST17 = '33038219900307004'
const VALID_ID = FIRST17 + residentIdCheckCharacter(FIRST17)
const WRONG_ID = FIRST17 + (residentIdCheckCharacter(FIRST17) === '1' ? '2' : '1')

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let base: string

beforeAll(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  // Keep the screen of a failure next to the other screenshots.
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** The figure shown on a headline card, once it has loaded. */
async function statValue(testId: string): Promise<string> {
  const value = page.getByTestId(testId).locator('.ant-statistic-content-value')
  await value.waitFor()
  return (await value.innerText()).trim()
}

/** The error text under a form field, identified by the test id of its input. */
function fieldError(inputTestId: string) {
  return page.locator(`.ant-form-item:has([data-testid="${inputTestId}"]) .ant-form-item-explain-error`)
}

async function openRegisterForm(name: string, idNumber: string) {
  await page.getByTestId('register-person').click()
  await page.getByTestId('person-name').fill(name)
  await page.getByTestId('person-id-number').fill(idNumber)
  await page.getByTestId('person-form-submit').click()
}

async function closeDrawer() {
  await page.locator('.ant-drawer-close').click()
  await page.waitForURL('**/people')
  await page.locator('.ant-drawer-mask').waitFor({ state: 'detached' })
}

describe('web shell', () => {
  it('signs a grid worker in and shows the village headline numbers', async () => {
    await page.goto(`${base}/`)
    await page.waitForURL('**/login')
    await page.getByTestId('login-username').fill('gridworker')
    await page.getByTestId('login-password').fill('Gridline2020')
    await page.getByTestId('login-submit').click()
    await page.waitForURL(`${base}/`)

    expect(await statValue('stat-residents')).toMatch(/^2,?500$/)
    expect(await statValue('stat-new-residents')).toMatch(/^1,?300$/)
    expect(await page.getByTestId('stat-stayed').innerText()).toContain('265')
    expect(await statValue('stat-landlords')).toBe('120')
    expect(await statValue('stat-rental-rooms')).toBe('600')
    await expect(page.getByRole('heading', { level: 4 }).innerText()).resolves.toContain('蛎灰窑经合社')
    // The chart of the three grids has drawn (a canvas inside its box).
    await page.getByTestId('children-chart').locator('canvas').waitFor()
    await page.getByTestId('children-table').getByText('蛎灰窑第一网格').waitFor()
    await page.waitForTimeout(300) // let the bars finish their entry animation for the picture
    await page.screenshot({ path: join(ARTIFACTS, 'home-gridworker.png'), fullPage: true })
  })

  it('searches people by name prefix and shows only masked ID numbers', async () => {
    await page.getByRole('menuitem', { name: '人员管理' }).click()
    await page.waitForURL('**/people')
    const search = page.getByTestId('people-search').locator('input')
    await search.fill('陈')
    await search.press('Enter')
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('[data-testid="people-table"] tr.ant-table-row td:first-child')]
      return names.length > 0 && names.every((cell) => cell.textContent?.startsWith('陈'))
    })
    const masked = await page.getByTestId('masked-id').allInnerTexts()
    expect(masked.length).toBeGreaterThan(0)
    for (const id of masked) expect(id).toMatch(MASKED_RESIDENT_ID)
    expect(await page.getByTestId('people-table').innerText()).not.toMatch(/\d{17}[\dX]/)
    await page.screenshot({ path: join(ARTIFACTS, 'people-gridworker.png'), fullPage: true })

    // A grid worker may reveal one full ID number on purpose (the server audits it).
    await page.locator('[data-testid="people-table"] tr.ant-table-row').first().click()
    await page.getByTestId('reveal-identity').click()
    // the masked number stays on screen until the audited read answers
    await expect.poll(() => page.getByTestId('person-id').innerText()).toMatch(/^\d{17}[\dX]$/)
    await closeDrawer()
  })

  it('switches the interface to English and keeps the choice', async () => {
    await page.getByTestId('lang-toggle').click()
    await page.getByRole('menuitem', { name: 'People' }).waitFor()
    await page.getByRole('columnheader', { name: 'ID number' }).waitFor()
    expect(await page.getByTestId('register-person').innerText()).toBe('Register')
    await page.reload()
    await page.getByRole('menuitem', { name: /\bHome$/ }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem('gridline.locale'))).toBe('en')
  })

  it('puts a wrong ID check digit error on the ID field, in the UI language', async () => {
    await openRegisterForm('Test Person', WRONG_ID)
    await fieldError('person-id-number').getByText(MESSAGES['id.check_digit'].en).waitFor()
    await page.getByRole('button', { name: 'Cancel' }).click()

    await page.getByTestId('lang-toggle').click()
    await page.getByRole('menuitem', { name: '人员管理' }).waitFor()
    await openRegisterForm('测试人员', WRONG_ID)
    const error = fieldError('person-id-number')
    await error.getByText(MESSAGES['id.check_digit']['zh-CN']).waitFor()
    expect(await error.innerText()).toContain('身份证号校验位不正确')
    await page.screenshot({ path: join(ARTIFACTS, 'register-error.png') })
  })

  it('shows the server duplicate-ID error on the ID field', async () => {
    // The form from the previous test is still open: correct the number and save.
    await page.getByTestId('person-id-number').fill(VALID_ID)
    await page.getByTestId('person-form-submit').click()
    await page.getByText('已登记：测试人员').waitFor()
    await page.getByTestId('person-drawer').getByText('测试人员').waitFor()
    await closeDrawer()

    await openRegisterForm('测试人员二', VALID_ID)
    await fieldError('person-id-number').getByText(MESSAGES.PERSON_DUPLICATE_ID['zh-CN']).waitFor()
  })

  it('lets a village cadre correct a name without ever seeing the full ID number', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    const cadre = await context.newPage()
    cadre.setDefaultTimeout(15_000)
    await signIn(cadre, base, 'cadre', '/people')
    await cadre.waitForURL('**/people')
    const search = cadre.getByTestId('people-search').locator('input')
    await search.fill('测试人员')
    await search.press('Enter')
    await cadre.locator('[data-testid="people-table"] tr.ant-table-row', { hasText: '测试人员' }).first().click()
    await cadre.getByTestId('person-drawer').getByText('测试人员').first().waitFor()
    expect(await cadre.getByTestId('reveal-identity').count()).toBe(0)
    await cadre.getByRole('button', { name: /编\s*辑/ }).click()
    const idInput = cadre.getByTestId('person-id-number')
    expect(await idInput.inputValue()).toBe('')
    expect(await idInput.getAttribute('placeholder')).toMatch(/^\d{4}\*{10}[\dX]{4}（留空则不修改）$/)
    await cadre.getByTestId('person-name').fill('测试人员改')
    await cadre.waitForTimeout(400) // the modal's zoom-in animation, for a readable picture
    await cadre.screenshot({ path: join(ARTIFACTS, 'edit-as-cadre.png') })
    await cadre.getByTestId('person-form-submit').click()
    await cadre.getByText('已保存：测试人员改').waitFor()
    // The stored ID number is the one registered earlier, untouched by the edit.
    const row = await server!.ctx.deps.db
      .selectFrom('person')
      .select('id_number_enc')
      .where('name', '=', '测试人员改')
      .executeTakeFirstOrThrow()
    expect(server!.ctx.deps.cipher.open(row.id_number_enc)).toBe(VALID_ID)
    await context.close()
  })

  it('shows the Ouhai policy officer the subsidies paid and the recruitment hires on the home page', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    const officer = await context.newPage()
    officer.setDefaultTimeout(15_000)
    await signIn(officer, base, 'policy')
    const overview = await officer.evaluate(async () => (await fetch('/api/overview')).json())
    const { subsidies, recruitment } = overview.programmes
    const shown = async (testId: string) =>
      (await officer.getByTestId(testId).locator('.ant-statistic-content-value').innerText()).replace(/,/g, '')
    await officer.getByTestId('stat-recruitment-hires').waitFor()
    expect(Number(await shown('stat-subsidies-paid'))).toBeCloseTo(subsidies.paidFen / 1_000_000, 2)
    expect(Number(await shown('stat-recruitment-hires'))).toBe(recruitment.hires)
    expect(await officer.getByTestId('stat-recruitment-hires').innerText()).toContain('40,000')
    expect(Number(await shown('stat-subsidies-days'))).toBe(subsidies.medianWorkdaysToPay)
    await officer.screenshot({ path: join(ARTIFACTS, 'home-policy-officer.png'), fullPage: true })
    // The figures open the module behind them.
    await officer.getByTestId('stat-subsidies-paid').click()
    await officer.waitForURL('**/subsidies/numbers')
    await context.close()
  })

  it('lets the policy officer open a town from the comparison and go back up by the breadcrumb, from the keyboard', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
    try {
      const officer = await context.newPage()
      officer.setDefaultTimeout(15_000)
      await signIn(officer, base, 'policy')
      const heading = officer.getByRole('heading', { level: 4 })
      const district: string = (await officer.evaluate(async () => (await fetch('/api/overview')).json())).area.name
      const town = officer.getByTestId('children-table').locator('tr.gl-clickable-row').first()
      const townName = (await town.locator('td').first().innerText()).trim()
      await town.click()
      await expect.poll(() => heading.innerText()).toContain(townName)
      // The step back up is a real button: it takes focus and answers Enter.
      const up = officer.locator('.ant-breadcrumb').getByRole('button', { name: district })
      await up.focus()
      await officer.screenshot({ path: join(ARTIFACTS, 'home-breadcrumb.png') })
      await officer.keyboard.press('Enter')
      await expect.poll(() => heading.innerText()).toContain(district)
      await expect.poll(() => officer.locator('.ant-breadcrumb').count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
