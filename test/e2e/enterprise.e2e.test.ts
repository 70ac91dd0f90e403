import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium, openedModal, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * The problem closed loop of PRODUCT.md §5 (发现→办理→解决→反馈) in a real browser on the demo
 * data: the eyewear maker in Quxi street reports a problem from its portal; the Ouhai liaison
 * officer finds it at the top of the work list, accepts, works on and resolves it; the enterprise
 * confirms and rates it; the area office board counts it open, then resolved and rated.
 * Screenshots go to test-artifacts/enterprise-*.png.
 */

const TITLE = '测温枪短缺 20 把'

let server: DemoServer | undefined
let browser: Browser | undefined
let enterprise: Page
let liaison: Page
const consoleProblems: string[] = []
const before: { open: number; resolved: number; rated: string } = { open: 0, resolved: 0, rated: '' }

async function newPage(): Promise<Page> {
  // China time, as at a desk in Wenzhou: deadlines and history read in Beijing time.
  const context = await browser!.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('console', (m) => {
    // The 401 of /api/auth/me before signing in is how the app learns it must show the login page.
    if (m.type() === 'error' && !m.text().includes('401')) consoleProblems.push(m.text())
  })
  page.on('pageerror', (e) => consoleProblems.push(e.message))
  return page
}

/** A screenshot; a drawer or dialog is shot at the window's size (its mask does not stretch over a full page). */
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `enterprise-${name}.png`), fullPage })

/** A figure of the board, once loaded. */
async function figure(page: Page, testId: string): Promise<string> {
  const value = page.getByTestId(`${testId}-value`)
  await page.waitForFunction((id) => {
    const text = document.querySelector(`[data-testid="${id}-value"]`)?.textContent ?? '—'
    return text !== '—'
  }, testId)
  return (await value.innerText()).trim()
}

async function openBoard(page: Page) {
  await page.goto(`${server!.base}/enterprise/board`)
  await page.getByTestId('board-area-chart').locator('canvas').waitFor()
}

/** Presses an action button in the problem drawer, fills its dialog if it has one, and waits for the new state. */
async function act(page: Page, action: string, state: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>) {
  const drawer = page.getByTestId('problem-drawer')
  await drawer.getByTestId(`problem-action-${action}`).click()
  if (fill) {
    const dialog = openedModal(page, 'problem-action-submit')
    await dialog.waitFor()
    await fill(dialog)
    await page.getByTestId('problem-action-submit').click()
    await dialog.waitFor({ state: 'hidden' })
  }
  await drawer.getByTestId('problem-state').getByText(state, { exact: true }).waitFor()
}

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchChromium()
  enterprise = await newPage()
  liaison = await newPage()
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') {
    for (const [name, page] of [
      ['enterprise', enterprise],
      ['liaison', liaison],
    ] as const) {
      await page?.screenshot({
        path: join(ARTIFACTS, `failed-enterprise-${name}-${test.task.name.replace(/\W+/g, '-')}.png`),
        fullPage: true,
      })
    }
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('enterprise problem closed loop', () => {
  it('shows the liaison officer the board of Ouhai before anything happens', async () => {
    await signIn(liaison, server!.base, 'liaison', '/enterprise/board')
    await openBoard(liaison)
    before.open = Number(await figure(liaison, 'board-open'))
    before.resolved = Number(await figure(liaison, 'board-resolved'))
    before.rated = await liaison.getByTestId('board-satisfaction').locator('.gl-ent-figure-note').innerText()
    expect(before.open).toBeGreaterThan(0)
    await liaison.waitForTimeout(500) // the bars' entry animation, for the picture
    await shot(liaison, 'board-before')
  })

  it('lets the enterprise report a problem from its portal', async () => {
    await signIn(enterprise, server!.base, 'enterprise', '/enterprise')
    await enterprise.getByTestId('portal-card').getByText('温州市瓯海眼镜有限公司').waitFor()
    expect(await enterprise.getByTestId('portal-owner').innerText()).toBe('驻企服务员 潘磊')
    await enterprise.getByTestId('portal-problems').locator('tr.ant-table-row').first().waitFor()
    await shot(enterprise, 'portal')

    await enterprise.getByTestId('report-problem').click()
    await enterprise.getByTestId('problem-report-category').click()
    await enterprise.locator('.ant-select-item-option', { hasText: '防疫物资' }).click()
    await enterprise.getByText('受理后 3 个工作日内办结').waitFor()
    await enterprise.getByTestId('problem-report-title').fill(TITLE)
    await enterprise.getByTestId('problem-report-description').fill('复工后每天两次测温，现有测温枪不够用，市场上买不到。')
    await enterprise.waitForTimeout(300)
    await shot(enterprise, 'report-form', false)
    await enterprise.getByTestId('problem-report-submit').click()
    const drawer = enterprise.getByTestId('problem-drawer')
    await drawer.getByText(TITLE).first().waitFor()
    expect(await drawer.getByTestId('problem-state').innerText()).toBe('待受理')
    expect(await drawer.getByTestId('problem-history').innerText()).toContain('反映问题')
  })

  it('puts it at the top of the liaison officer’s work list, and the board counts it open', async () => {
    await openBoard(liaison)
    await liaison.waitForFunction(
      (n) => document.querySelector('[data-testid="board-open-value"]')?.textContent === String(n),
      before.open + 1,
    )
    await liaison.goto(`${server!.base}/enterprise/worklist`)
    // Unaccepted problems come first (oldest first), then the rest by deadline.
    const rows = liaison.getByTestId('worklist-table').locator('tr.ant-table-row')
    await rows.filter({ hasText: TITLE }).waitFor()
    const texts = await rows.allInnerTexts()
    const at = texts.findIndex((text) => text.includes(TITLE))
    for (const text of texts.slice(0, at + 1)) expect(text).toContain('待受理')
    expect(texts.slice(at + 1).some((text) => text.includes('剩') || text.includes('逾期'))).toBe(true)
    await shot(liaison, 'worklist')
  })

  it('lets the liaison accept, work on and resolve it, each step in the history', async () => {
    await liaison.getByTestId('worklist-table').locator('tr.ant-table-row', { hasText: TITLE }).click()
    await liaison.getByTestId('problem-drawer').getByText(TITLE).first().waitFor()
    await act(liaison, 'accept', '已受理', (dialog) => dialog.getByTestId('problem-action-note').fill('已受理，今天联系供货商'))
    // The deadline now counts 3 working days from today on the Chinese calendar.
    expect(await liaison.getByTestId('problem-deadline').innerText()).toMatch(/\d{4}-\d{2}-\d{2}\s*剩 \d 个工作日/)
    await act(liaison, 'start', '办理中')
    await act(liaison, 'resolve', '待企业确认', (dialog) =>
      dialog.getByTestId('problem-action-note').fill('街道专班调配测温枪 20 把，已送达企业'),
    )
    const history = await liaison.getByTestId('problem-history').innerText()
    for (const step of ['反映问题', '受理', '开始办理', '办结']) expect(history).toContain(step)
    expect(history).toContain('驻企服务员 潘磊')
    await shot(liaison, 'resolved', false)
  })

  it('lets the enterprise confirm it and rate the service', async () => {
    await enterprise.reload()
    await enterprise.getByTestId('portal-problems').locator('tr.ant-table-row', { hasText: TITLE }).click()
    const drawer = enterprise.getByTestId('problem-drawer')
    await drawer.getByTestId('problem-state').getByText('待企业确认', { exact: true }).waitFor()
    await act(enterprise, 'confirm', '已办结', async (dialog) => {
      await dialog.locator('.ant-rate-star').nth(4).click()
      await dialog.getByTestId('problem-action-note').fill('当天就送到了，谢谢专班')
      await enterprise.waitForTimeout(300)
      await shot(enterprise, 'confirm', false)
    })
    expect(await drawer.getByTestId('problem-history').innerText()).toContain('5/5 当天就送到了，谢谢专班')
    await shot(enterprise, 'closed', false)
  })

  it('moves the board: one open fewer, one more resolved and rated', async () => {
    await openBoard(liaison)
    await liaison.waitForFunction(
      (n) => document.querySelector('[data-testid="board-resolved-value"]')?.textContent === String(n),
      before.resolved + 1,
    )
    expect(Number(await figure(liaison, 'board-open'))).toBe(before.open)
    expect(await liaison.getByTestId('board-satisfaction').locator('.gl-ent-figure-note').innerText()).not.toBe(before.rated)
    await liaison.waitForTimeout(500)
    await shot(liaison, 'board-after')
  })
})

describe('the rest of the module', () => {
  it('lets the enterprise book an expert visit and file its resumption application', async () => {
    await enterprise.goto(`${server!.base}/enterprise/experts`)
    const slots = enterprise.getByTestId('experts-slots')
    await slots.locator('tr.ant-table-row').first().waitFor()
    await slots.locator('tr.ant-table-row').first().getByRole('button').click()
    await enterprise.getByTestId('expert-dialog-text').fill('镜架供应商停工，咨询融资过渡方案')
    await openedModal(enterprise, 'expert-dialog-text')
      .getByRole('button', { name: /确\s*定/ })
      .click()
    await enterprise.getByTestId('experts-bookings').getByText('镜架供应商停工，咨询融资过渡方案').waitFor()
    await shot(enterprise, 'experts')

    await enterprise.goto(`${server!.base}/enterprise/resumption`)
    await enterprise.getByTestId('resumption-table').locator('tr.ant-table-row').first().click()
    await enterprise.locator('.ant-drawer').getByText('进宿舍').waitFor()
    await enterprise.waitForTimeout(300)
    await shot(enterprise, 'resumption', false)
  })

  it('shows the liaison the registry and the resumption queue', async () => {
    await liaison.goto(`${server!.base}/enterprise/registry`)
    await liaison.getByTestId('registry-table').getByText('浙江德赛集团有限公司').waitFor()
    await shot(liaison, 'registry')
    await liaison.getByTestId('registry-table').getByText('浙江德赛集团有限公司').click()
    await liaison.getByTestId('owner-history').getByText('驻企服务员 潘磊').waitFor()
    expect(await liaison.getByTestId('enterprise-drawer').innerText()).toContain('德赛集团"1+1+3"助企服务小组')
    await liaison.waitForTimeout(300)
    await shot(liaison, 'registry-owner', false)
    await liaison.locator('.ant-drawer-close').click()
    await liaison.goto(`${server!.base}/enterprise/resumption`)
    await liaison.getByTestId('resumption-table').locator('tr.ant-table-row').first().waitFor()
    expect(await liaison.getByTestId('resumption-table').locator('tr.ant-table-row').first().innerText()).toContain('待审核')
    await shot(liaison, 'resumption-queue')
  })

  it('shows the expert their visits and the panel review, and the board in English', async () => {
    const expert = await newPage()
    await signIn(expert, server!.base, 'expert', '/enterprise')
    await expert.getByTestId('experts-bookings').getByText('海外订单违约纠纷：不可抗力证明与谈判策略').waitFor()
    await expert.getByText('瓯珑电气海外订单违约纠纷集中会诊').waitFor()
    await shot(expert, 'expert')
    await expert.context().close()

    await liaison.getByTestId('lang-toggle').click()
    await openBoard(liaison)
    await liaison.getByText('Open problems').first().waitFor()
    await liaison.waitForTimeout(500)
    await shot(liaison, 'board-en')
    expect(consoleProblems).toEqual([])
  })
})
