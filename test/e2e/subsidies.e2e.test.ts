import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { shippedWorkCalendar } from '../../src/server/modules/enterprise/calendar.service.ts'
import { chinaDate } from '../../src/server/modules/enterprise/work-calendar.ts'
import { ARTIFACTS, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * 惠企政策兑现 in a real browser on the demo data (issue 7, "paid the same working day"): the
 * eyewear maker in Quxi sees which of Ouhai's 16 measures it may apply for and why not, applies for
 * the loan-interest subsidy (50% of interest paid), the policy officer approves it, puts it in a
 * payout batch, which a second policy officer approves (the creator cannot), exports the bank
 * file and imports the bank's result (twice: the second changes nothing; both stay in the batch's
 * import history), and the enterprise sees it paid within the one-day promise.
 * Screenshots go to test-artifacts/subsidies-*.png.
 */

const LOAN_POLICY = 'OH-2020-01'
const ENTERPRISE = '温州市瓯海眼镜有限公司'
const BANK_HEADER =
  'instruction_id,batch_number,application_number,payee_account_name,payee_bank_name,payee_account_no,amount,currency,purpose'

let server: DemoServer | undefined
let browser: Browser | undefined
let enterprise: Page
let officer: Page
const consoleProblems: string[] = []
const state = { number: '', bankFile: '', resultFile: '' }

async function newPage(): Promise<Page> {
  // A desk in Wenzhou: China time and a Chinese browser.
  const context = await browser!.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('console', (m) => {
    // The 401 of /api/auth/me before signing in is how the app learns it must show the login page.
    if (m.type() === 'error' && !m.text().includes('401')) consoleProblems.push(m.text())
  })
  page.on('pageerror', (e) => consoleProblems.push(e.message))
  return page
}

/**
 * A screenshot; drawers are shot at the window's size (their mask does not stretch over a full
 * page), after their slide-in and the toasts have settled.
 */
async function shot(page: Page, name: string, fullPage = true) {
  if (!fullPage) await page.waitForTimeout(400)
  await page.screenshot({ path: join(ARTIFACTS, `subsidies-${name}.png`), fullPage })
}

/** No message key or English word list leaked into the Chinese screen. */
async function expectAllChinese(page: Page) {
  const text = await page.locator('body').innerText()
  expect(text).not.toMatch(/\bsub\.[a-zA-Z]+\.[a-zA-Z]+/)
  expect(text).not.toMatch(/\b(Awaiting review|Payment failed|Not met|You qualify)\b/)
}

/** A tiny but real PDF, as a scanner would give: the server stores bytes, it does not render them. */
function pdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  )
}

/** The text box of a number field (antd puts the test id on the input or on its wrapper, by version). */
function figure(scope: ReturnType<Page['locator']>, testId: string) {
  return scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

/** Beijing wall-clock time as the bank writes it (no zone: the layout reads it as +08:00). */
function bankTime(now = new Date()): string {
  return new Date(now.getTime() - 1000 + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchChromium()
  enterprise = await newPage()
  officer = await newPage()
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') {
    for (const [name, page] of [
      ['enterprise', enterprise],
      ['officer', officer],
    ] as const) {
      await page?.screenshot({
        path: join(ARTIFACTS, `failed-subsidies-${name}-${test.task.name.replace(/\W+/g, '-')}.png`),
        fullPage: true,
      })
    }
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('subsidy paid the same working day', () => {
  it('shows the enterprise the policies it may apply for, and in words why not the others', async () => {
    await signIn(enterprise, server!.base, 'enterprise', '/subsidies')
    const loan = enterprise.getByTestId(`policy-card-${LOAN_POLICY}`)
    await loan.getByTestId('policy-eligible').waitFor()
    expect(await loan.getByTestId('policy-eligible').innerText()).toContain('可申报')
    // The formula in words, without the unit the form's label carries (已付利息（元）).
    expect(await loan.getByTestId('policy-amount-rule').innerText()).toBe('按已付利息的 50% 补贴，最高 100 万元')
    expect(await loan.getByTestId('policy-apply').isEnabled()).toBe(true)

    // The agriculture subsidy is not for an eyewear maker: the card says so, rule by rule.
    const refused = enterprise.getByTestId('policy-card-OH-2020-05')
    const reasons = await refused.getByTestId('policy-failed-rules').innerText()
    expect(reasons).toContain('不符合：行业须为 食品、其他 之一；本企业为 眼镜')
    expect(await refused.getByTestId('policy-apply').isDisabled()).toBe(true)
    await expectAllChinese(enterprise)
    await shot(enterprise, 'catalogue')

    // The accountant on a phone: one card per row, nothing cut off.
    await enterprise.setViewportSize(PHONE)
    await loan.scrollIntoViewIfNeeded()
    const box = await loan.boundingBox()
    expect(box!.width).toBeLessThanOrEqual(PHONE.width)
    await enterprise.evaluate(() => window.scrollTo(0, 0))
    await shot(enterprise, 'catalogue-phone', false)
    await enterprise.setViewportSize({ width: 1366, height: 900 })
  })

  it('lets the enterprise apply with its documents, the amount worked out as it types', async () => {
    await enterprise.getByTestId(`policy-card-${LOAN_POLICY}`).getByTestId('policy-apply').click()
    const drawer = enterprise.getByTestId('apply-drawer')
    await drawer.getByTestId('apply-form').waitFor()
    expect(await drawer.getByTestId('apply-account-name').inputValue()).toBe(ENTERPRISE)

    await figure(drawer, 'apply-input-interestPaid').fill('38000')
    await expect.poll(() => drawer.getByTestId('apply-preview-amount').innerText()).toBe('19,000.00 元')
    await figure(drawer, 'apply-input-loanAmount').fill('1200000')
    expect(await drawer.getByTestId('apply-preview').innerText()).toContain('最高 100 万元')
    await drawer.getByTestId('apply-bank-name').fill('瓯海农商银行瞿溪支行')
    await drawer.getByTestId('apply-account-no').fill('6228 4803 2101 5566 778')
    const uploads = drawer.locator('[data-testid^="apply-doc-"] input[type="file"]')
    expect(await uploads.count()).toBe(2)
    await uploads.nth(0).setInputFiles({ name: '贷款合同.pdf', mimeType: 'application/pdf', buffer: pdf('loan contract') })
    await uploads.nth(1).setInputFiles({ name: '付息凭证.pdf', mimeType: 'application/pdf', buffer: pdf('interest receipt') })
    await drawer.getByText('付息凭证.pdf').waitFor()
    await expectAllChinese(enterprise)
    await shot(enterprise, 'apply', false)

    await drawer.getByTestId('apply-submit').click()
    const detail = enterprise.getByTestId('application-drawer')
    const number = detail.getByTestId('application-number')
    await number.waitFor()
    state.number = (await number.innerText()).trim()
    expect(state.number).toMatch(/^HQ\d{8}-\d{6}$/)
    expect(await detail.getByTestId('application-state').innerText()).toBe('待审核')
    expect(await detail.getByTestId('application-amount').innerText()).toBe('19,000.00 元')
    expect(await detail.getByTestId('application-precheck').innerText()).not.toContain('不符合')
    expect(await detail.getByTestId('application-documents').innerText()).toContain('贷款合同.pdf')
    await shot(enterprise, 'submitted', false)
  })

  it('lets the policy officer approve it from the to-do list (one level)', async () => {
    await signIn(officer, server!.base, 'policy', '/subsidies/applications')
    const row = officer.getByTestId('application-table').locator('tr.ant-table-row', { hasText: state.number })
    await row.waitFor()
    await shot(officer, 'todo')
    await row.click()
    const detail = officer.getByTestId('application-drawer')
    await detail.getByTestId('application-number').getByText(state.number).waitFor()
    await detail.getByTestId('app-action-approve').click()
    await officer.getByTestId('decision-note').fill('材料齐全，同意兑付')
    await officer.getByTestId('decision-submit').click()
    await detail.getByTestId('application-state').getByText('已批准', { exact: true }).waitFor()
    expect(await detail.getByTestId('application-history').innerText()).toContain('材料齐全，同意兑付')
    await expectAllChinese(officer)
    await shot(officer, 'approved', false)
  })

  it('puts it in a batch, which a second officer approves before the bank file can be exported', async () => {
    await officer.goto(`${server!.base}/subsidies/payouts`)
    const row = officer.getByTestId('payable-table').locator('tr.ant-table-row', { hasText: state.number })
    await row.locator('input[type="checkbox"]').check()
    await officer.getByTestId('batch-create').click()
    let drawer = officer.getByTestId('batch-drawer')
    await drawer.getByTestId('batch-payments').locator('tr.ant-table-row', { hasText: state.number }).waitFor()
    // The creator may not approve nor export their own batch.
    const batchNumber = await drawer.locator('.ant-drawer-title .gl-mono').innerText()
    expect(await drawer.getByTestId('batch-approve').isDisabled()).toBe(true)
    expect(await drawer.getByTestId('batch-export').isDisabled()).toBe(true)
    expect(await drawer.getByTestId('batch-approval-hint').innerText()).toBe('此批次由您创建，须由另一名政策兑现专员复核')
    await shot(officer, 'batch-awaiting-approval', false)

    const second = await newPage()
    await signIn(second, server!.base, 'policy2', '/subsidies/payouts')
    const waiting = second.getByTestId('batch-table').locator('tr.ant-table-row', { hasText: batchNumber })
    await waiting.getByTestId('batch-needs-approval').waitFor()
    await waiting.click()
    const secondDrawer = second.getByTestId('batch-drawer')
    await secondDrawer.getByTestId('batch-payments').locator('tr.ant-table-row', { hasText: state.number }).waitFor()
    await secondDrawer.getByTestId('batch-approve').click()
    await second.getByText('已复核通过，可以导出银行文件').waitFor()
    await expectAllChinese(second)
    await shot(second, 'batch-approved', false)
    await second.context().close()

    await officer.reload()
    await officer.getByTestId('batch-table').locator('tr.ant-table-row', { hasText: batchNumber }).click()
    drawer = officer.getByTestId('batch-drawer')
    await drawer.getByTestId('batch-payments').locator('tr.ant-table-row', { hasText: state.number }).waitFor()
    expect(await drawer.getByTestId('batch-approve').count()).toBe(0)

    const [download] = await Promise.all([officer.waitForEvent('download'), drawer.getByTestId('batch-export').click()])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    state.bankFile = await readFile((await download.path())!, 'utf8')
    const lines = state.bankFile.split('\r\n')
    expect(lines[0]).toBe(BANK_HEADER)
    const line = lines.find((l) => l.includes(state.number))!
    expect(line.split(',')).toEqual(
      expect.arrayContaining([state.number, ENTERPRISE, '瓯海农商银行瞿溪支行', '6228480321015566778', '19000.00', 'CNY']),
    )
    await drawer.getByTestId('batch-state').getByText('已交银行').waitFor()
    await shot(officer, 'batch-exported', false)

    const instructionId = line.split(',')[0]
    state.resultFile = `instruction_id,status,bank_reference,failure_reason,settled_at\r\n${instructionId},SUCCESS,OHRCB2026000123,,${bankTime()}\r\n`
  })

  it('imports the bank result once: paid; and again: nothing changes', async () => {
    const drawer = officer.getByTestId('batch-drawer')
    const file = { name: '银行回单.csv', mimeType: 'text/csv', buffer: Buffer.from(state.resultFile) }
    await drawer.locator('input[type="file"]').setInputFiles(file)
    await expect
      .poll(() => drawer.getByTestId('batch-report-counts').innerText())
      .toBe('共 1 行：到账 1 笔，失败 0 笔，无变化 0 笔，有误 0 行')
    await drawer.getByTestId('batch-payments').locator('tr.ant-table-row', { hasText: state.number }).getByText('已到账').waitFor()
    await shot(officer, 'result-imported', false)

    await drawer.locator('input[type="file"]').setInputFiles(file)
    await expect
      .poll(() => drawer.getByTestId('batch-report-counts').innerText())
      .toBe('共 1 行：到账 0 笔，失败 0 笔，无变化 1 笔，有误 0 行')
    await drawer.getByTestId('batch-state').getByText('已对账').waitFor()
    // Both imports stay in the batch's history: who, and which file by its SHA-256.
    const history = drawer.getByTestId('batch-imports').locator('tr.ant-table-row')
    await expect.poll(() => history.count()).toBe(2)
    expect(await history.nth(0).innerText()).toContain('叶青')
    expect(await history.nth(1).innerText()).toContain('到账 0')
    await expectAllChinese(officer)
    await shot(officer, 'result-reimported', false)
  })

  it('shows the enterprise its subsidy paid within the one-day promise, in working days of the shared calendar', async () => {
    await enterprise.goto(`${server!.base}/subsidies/applications`)
    const row = enterprise.getByTestId('application-table').locator('tr.ant-table-row', { hasText: state.number })
    await row.getByText('已兑付').waitFor()
    // Filed and paid minutes apart, but a run may cross midnight China time: the expected count
    // comes from the recorded times and the shipped calendar (0 the same day, 1 across a working-day midnight).
    const mine = await enterprise.request.get(`${server!.base}/api/subsidies/applications?pageSize=100`)
    const paid = ((await mine.json()).items as { number: string; submittedAt: string; paidAt: string | null }[]).find(
      (a) => a.number === state.number,
    )!
    const expected = shippedWorkCalendar().workdaysBetween(chinaDate(new Date(paid.submittedAt)), chinaDate(new Date(paid.paidAt!)))
    expect(expected).toBeLessThanOrEqual(1)
    expect(await row.getByTestId('row-workdays').innerText()).toBe(`${expected} 个工作日`)
    await row.click()
    const detail = enterprise.getByTestId('application-drawer')
    await detail.getByTestId('application-number').getByText(state.number).waitFor()
    const workdays = await detail.getByTestId('application-workdays').innerText()
    expect(workdays).toContain(expected === 0 ? '当天兑付（0 个工作日）' : `${expected} 个工作日`)
    expect(workdays).toContain('在 1 个工作日承诺内')
    expect(await detail.getByTestId('application-payments').innerText()).toContain('OHRCB2026000123')
    await expectAllChinese(enterprise)
    await shot(enterprise, 'paid', false)
  })

  it('shows the numbers to the officer', async () => {
    await officer.goto(`${server!.base}/subsidies/numbers`)
    await officer.getByTestId('sub-num-chart').locator('canvas').waitFor()
    await expect.poll(() => officer.getByTestId('sub-num-paid-value').innerText()).not.toBe('—')
    await officer.waitForTimeout(500) // the bars' entry animation, for the picture
    await expectAllChinese(officer)
    await shot(officer, 'numbers')
    expect(consoleProblems).toEqual([])
  })
})
