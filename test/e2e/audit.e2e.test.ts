import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { login } from '../factories.ts'
import { ARTIFACTS, DEMO_PASSWORD, launchChromium, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * The audit log as the city administrator reads it: a grid worker's reveal of a full ID stands
 * out with the person's masked name and the worker's name; a list is one line that opens to the
 * names; the quick filter, the person filter and the CSV export; both languages.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let revealed: { id: string; name: string; idNumber: string }

beforeAll(async () => {
  server = await startDemoServer()
  // the grid worker lists the village and reveals one person's full ID
  const cookie = await login(server.app, 'gridworker', DEMO_PASSWORD)
  const list = (await server.app.inject({ method: 'GET', url: '/api/people?pageSize=20', headers: { cookie } })).json()
  const reveal = await server.app.inject({ method: 'GET', url: `/api/people/${list.items[0].id}/identity`, headers: { cookie } })
  expect(reveal.statusCode).toBe(200)
  revealed = { id: list.items[0].id, name: list.items[0].name, idNumber: reveal.json().idNumber }
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', acceptDownloads: true })
  page = await context.newPage()
  page.setDefaultTimeout(20_000)
}, 180_000)

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-audit-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const rows = () => page.locator('[data-testid="audit-table"] tr.ant-table-row')
/** The masked form the server shows: first character, stars, last character. */
const masked = (name: string) => {
  const chars = [...name]
  return chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`
}

describe('audit log page', () => {
  it('makes the reveal stand out with names, not ids', async () => {
    await signIn(page, server!.base, 'admin', '/audit')
    const reveal = page.locator('tr.gl-audit-reveal').first()
    await reveal.waitFor()
    const text = await reveal.innerText()
    expect(text).toContain('查看完整证件')
    expect(text).toContain('网格员 陈晓燕')
    expect(text).toContain(masked(revealed.name))
    expect(text).not.toContain(revealed.id)
    expect(text).not.toContain(revealed.name.length > 1 ? revealed.name : '\u0000')
    // the list the worker made is one line, not one per person, and opens to the names
    const list = rows().filter({ hasText: '列表查询' }).filter({ hasText: '网格员 陈晓燕' })
    await expect(list.count()).resolves.toBe(1)
    await list.locator('.ant-table-row-expand-icon').click()
    await expect(page.getByTestId('audit-targets').innerText()).resolves.toContain(masked(revealed.name))
    await page.screenshot({ path: join(ARTIFACTS, 'audit-zh-CN.png'), fullPage: true })
  })

  it('shows only reveals and changes, and only one person’s entries', async () => {
    await page.getByTestId('audit-sensitive').getByText('只看查看明文与修改').click()
    await page.waitForFunction(() => !document.querySelector('[data-testid="audit-table"] tr.ant-table-row .ant-tag:not(.ant-tag-solid)'))
    expect(await rows().count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(ARTIFACTS, 'audit-sensitive-zh-CN.png'), fullPage: true })
    await page.getByText('全部记录').click()
    await page.locator('tr.gl-audit-reveal').first().getByTestId('audit-subject').click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tr.ant-table-row').length <= 3)
    const texts = await rows().allInnerTexts()
    expect(texts.some((t) => t.includes('查看完整证件'))).toBe(true)
    expect(texts.some((t) => t.includes('列表查询'))).toBe(true) // the list that named them
    for (const t of texts) expect(t.includes(masked(revealed.name)) || t.includes('列表查询')).toBe(true)
  })

  it('finds a person by full ID number without putting it in a URL', async () => {
    const urls: string[] = []
    page.on('request', (request) => urls.push(request.url()))
    await page.getByRole('button', { name: /^重\s*置$/ }).click()
    await page.getByTestId('audit-person').click()
    await page.keyboard.type(revealed.idNumber)
    await page.locator('.ant-select-item-option').filter({ hasText: revealed.name }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tr.ant-table-row').length <= 4)
    const texts = await rows().allInnerTexts()
    expect(texts.some((t) => t.includes('查看完整证件'))).toBe(true)
    for (const t of texts) expect(t.includes(masked(revealed.name)) || t.includes('列表查询')).toBe(true)
    expect(urls.some((u) => u.includes(revealed.idNumber))).toBe(false)
    page.removeAllListeners('request')
  })

  it('exports the filtered entries as CSV for Excel', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()])
    const csv = await readFile((await download.path())!, 'utf8')
    expect(csv.startsWith('\uFEFF时间,操作人')).toBe(true)
    expect(csv).toContain(`网格员 陈晓燕,gridworker,查看完整证件,人员,${masked(revealed.name)}`)
    // the export is the newest entry now
    await page.getByText('全部记录').click()
    // the table keeps the one person's rows on screen until the unfiltered page arrives
    const unfiltered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/audit' && !new URL(r.url()).searchParams.has('personId'),
    )
    await page.getByRole('button', { name: /^重\s*置$/ }).click()
    await unfiltered
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tr.ant-table-row').length > 4)
    await expect(rows().first().innerText()).resolves.toContain('审计日志')
  })

  it('reads the same in English', async () => {
    await page.getByTestId('lang-toggle').click()
    await page.getByRole('menuitem', { name: 'Audit log' }).waitFor()
    const reveal = page.locator('tr.gl-audit-reveal').first()
    await expect(reveal.innerText()).resolves.toContain('Reveal identity')
    await page.screenshot({ path: join(ARTIFACTS, 'audit-en.png'), fullPage: true })
    await page.getByTestId('lang-toggle').click()
  })
})
