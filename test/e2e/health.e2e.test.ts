import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { login } from '../factories.ts'
import { ARTIFACTS, DEMO_PASSWORD, launchChromium, openedModal, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * The health officer's screen (卫健赋码) in a real browser on the demo data, as the demo account
 * `health` (乐清市): find a Yueqing resident by ID number, try a colour change without a reason
 * (refused under the field), set yellow with a reason and see it in the history; import a colour
 * list with one bad row (the row is named, nothing changes), then the corrected list (applied,
 * and the history names the file). Screenshots in zh-CN and English go to test-artifacts/health-*.png.
 */

let server: DemoServer | undefined
let browser: Browser | undefined
let page: Page
let base: string
const people: { id: string; idNumber: string; name: string }[] = []

beforeAll(async () => {
  server = await startDemoServer()
  base = server.base
  const rows = await server.ctx.deps.db
    .selectFrom('person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .innerJoin('health_status', 'health_status.person_id', 'person.id')
    .select(['person.id', 'person.name', 'person.id_number_enc'])
    .where('area.path', 'like', '/330300000000/330382000000/%')
    .where('health_status.colour', '=', 'green')
    .orderBy('person.id')
    .limit(2)
    .execute()
  for (const row of rows) people.push({ id: row.id, name: row.name, idNumber: server.ctx.deps.cipher.open(row.id_number_enc) })
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(20_000)
}, 300_000)

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-health-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const colourOf = async (personId: string) =>
  (await server!.ctx.deps.db.selectFrom('health_status').select('colour').where('person_id', '=', personId).executeTakeFirstOrThrow())
    .colour

async function importList(csv: string, fileName: string) {
  await page.getByTestId('health-import-open').click()
  const modal = openedModal(page, 'health-import-choose')
  await modal.waitFor()
  await modal.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await modal.getByTestId('health-import-report').waitFor()
  return modal
}

describe('the health officer (乐清市) on the 卫健赋码 screen', () => {
  it('finds a demo resident of Yueqing by ID number from the side menu', async () => {
    expect(people).toHaveLength(2)
    await signIn(page, base, 'health')
    await page.locator('.ant-menu-item', { hasText: '卫健赋码' }).click()
    await page.waitForURL('**/health')
    await page.getByTestId('health-search').fill(people[0]!.idNumber)
    await page.getByTestId('health-search').press('Enter')
    await page.waitForURL(`**/health/${people[0]!.id}`)
    const card = page.getByTestId('health-person')
    await card.getByText(people[0]!.name).waitFor()
    await card.getByTestId('colour-green').waitFor()
    // The demo's first list shows in the history, with its file.
    expect(await page.getByTestId('health-history').innerText()).toContain('温州市卫健委首批赋码.xlsx')
  })

  it('refuses a colour change without a reason, then sets yellow with one', async () => {
    await page.getByTestId('health-colour').getByText('黄码').click()
    await page.getByTestId('health-save').click()
    await page.getByTestId('health-colour-form').getByText('此项为必填项').waitFor()
    expect(await colourOf(people[0]!.id)).toBe('green')
    await page.getByTestId('health-reason').fill('密接者，居家观察 14 天')
    await page.getByTestId('health-save').click()
    await page.getByTestId('health-person').getByTestId('colour-yellow').waitFor()
    await page.getByTestId('health-history').getByText('原因：密接者，居家观察 14 天').waitFor()
    expect(await page.getByTestId('health-history').innerText()).toContain('绿码 → 黄码')
    expect(await colourOf(people[0]!.id)).toBe('yellow')
    await page.screenshot({ path: join(ARTIFACTS, 'health-colour-zh.png'), fullPage: true })
  })

  it('imports a list with one bad row: the row is named and nothing changes', async () => {
    const stranger = '11010519491231002X'
    const modal = await importList(
      `证件类型,证件号码,颜色,原因\n居民身份证,${people[0]!.idNumber},红,确诊\n居民身份证,${stranger},黄,密接\n`,
      '乐清卫健清单.csv',
    )
    const report = await modal.getByTestId('health-import-report').innerText()
    expect(report).toContain('未做任何修改')
    expect(report).toMatch(/3\s+证件号码\s+您的管辖范围内没有登记此证件号码的人员/)
    expect(await colourOf(people[0]!.id)).toBe('yellow')
    await page.screenshot({ path: join(ARTIFACTS, 'health-import-errors-zh.png') })
    await modal.locator('.ant-modal-close').click()
    await modal.waitFor({ state: 'hidden' })
  })

  it('imports the corrected list: applied, and the history names the file and line', async () => {
    const modal = await importList(
      `证件类型,证件号码,颜色,原因\n居民身份证,${people[0]!.idNumber},红,确诊\n居民身份证,${people[1]!.idNumber},黄,密接\n`,
      '乐清卫健清单.csv',
    )
    await modal.getByTestId('health-import-done').waitFor()
    expect(await modal.getByTestId('health-import-done').innerText()).toContain('已导入 2 行，其中 2 人颜色发生变化')
    await page.screenshot({ path: join(ARTIFACTS, 'health-import-done-zh.png') })
    expect(await colourOf(people[0]!.id)).toBe('red')
    expect(await colourOf(people[1]!.id)).toBe('yellow')
    await modal.locator('.ant-modal-close').click()
    await modal.waitFor({ state: 'hidden' })
    await page.getByTestId('health-person').getByTestId('colour-red').waitFor()
    expect(await page.getByTestId('health-history').innerText()).toContain('文件：乐清卫健清单.csv 第 2 行')
  })

  it('revokes a health code with a reason: the history shows it and gates get it in the trust list', async () => {
    const admin = await login(server!.app, 'admin', DEMO_PASSWORD)
    const issued = await server!.app.inject({ method: 'POST', url: `/api/codes/health/${people[0]!.id}`, headers: { cookie: admin } })
    expect(issued.statusCode).toBe(201)
    await page.reload()
    await page.getByTestId('health-revoke').click()
    const modal = openedModal(page, 'health-revoke-reason')
    await modal.waitFor()
    await modal.getByTestId('health-revoke-reason').fill('手机遗失，作废旧码')
    await modal.getByTestId('health-revoke-confirm').click()
    await page.getByTestId('health-history').getByText('健康码作废：手机遗失，作废旧码').waitFor()
    const cti = (
      await server!.ctx.deps.db.selectFrom('issued_code').select('cti').where('person_id', '=', people[0]!.id).executeTakeFirstOrThrow()
    ).cti
    const trust = await server!.app.inject({ method: 'GET', url: '/api/codes/trust-list' })
    expect(JSON.parse(trust.json().payload).revocations).toContain(cti)
  })

  it('reads the same in English', async () => {
    await page.getByTestId('lang-toggle').click()
    await page.getByTestId('health-history').getByText('File 乐清卫健清单.csv, line 2').waitFor()
    // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: join(ARTIFACTS, 'health-colour-en.png'), fullPage: true })
    const modal = await importList(`id_type,id_number,colour\nresident_id,${people[1]!.idNumber},purple\n`, 'colours.csv')
    expect(await modal.getByTestId('health-import-report').innerText()).toContain('The colour must be green, yellow or red')
    await page.screenshot({ path: join(ARTIFACTS, 'health-import-errors-en.png') })
    await modal.locator('.ant-modal-close').click()
    await modal.waitFor({ state: 'hidden' })
    // An officer away from the desk: the same screen on a phone, the form above the history.
    await page.setViewportSize(PHONE)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: join(ARTIFACTS, 'health-colour-phone-en.png'), fullPage: true })
  })
})
