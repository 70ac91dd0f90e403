/**
 * PUBLIC_URL reaches every QR a phone scans: the staff browser opens the app on 127.0.0.1, yet
 * the poster batch, the single poster (the registration link) and the returnee's self-report QR
 * all decode to the public host. The QR images are screenshotted and decoded with zxing-wasm,
 * not read from the HTML.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { houseCodeFromScan } from '../../src/shared/housing-link.ts'
import { login, personInput } from '../factories.ts'
import { ARTIFACTS, DEMO_PASSWORD, decodeQrPicture, launchChromium, PHONE, signIn, startDemoServer, type DemoServer } from './helpers.ts'

const PUBLIC_URL = 'http://gate.example.test:8080'

describe('links and QR codes under PUBLIC_URL', () => {
  let server: DemoServer
  let browser: Browser
  let page: Page
  let villageId: string

  beforeAll(async () => {
    server = await startDemoServer(undefined, { PUBLIC_URL })
    villageId = (
      await server.ctx.deps.db.selectFrom('account').select('area_id').where('username', '=', 'gridworker').executeTakeFirstOrThrow()
    ).area_id
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await signIn(page, server.base, 'gridworker')
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('prints a whole village’s posters, one per property, each QR decoding to the public host around its own code', async () => {
    // A grid worker lands on their inspection work list; the properties tab has the print button.
    await page.goto(`${server.base}/housing?tab=properties`)
    await page.getByTestId('property-table').locator('.ant-table-row').first().waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'housing-print-button.png') })
    await page.getByTestId('print-posters').click()
    await page.waitForURL('**/housing/posters?**')
    const sheets = page.getByTestId('poster')
    await sheets.first().waitFor()
    const expected = await server.ctx.deps.db
      .selectFrom('rental_property')
      .innerJoin('area', 'area.id', 'rental_property.area_id')
      .select(['rental_property.id', 'rental_property.house_code'])
      .where('rental_property.status', '=', 'code_issued')
      .where(
        'area.path',
        'like',
        `${(await server.ctx.deps.db.selectFrom('area').select('path').where('id', '=', villageId).executeTakeFirstOrThrow()).path}%`,
      )
      .execute()
    expect(expected.length).toBeGreaterThan(1)
    expect(await sheets.count()).toBe(expected.length)
    await page.screenshot({ path: join(ARTIFACTS, 'poster-batch-zh.png'), fullPage: false })
    for (let i = 0; i < Math.min(3, expected.length); i++) {
      const sheet = sheets.nth(i)
      const text = await decodeQrPicture(sheet.getByTestId('poster-qr'), `poster-batch-qr-${i}.png`)
      expect(text.startsWith(`${PUBLIC_URL}/h#`), text).toBe(true)
      const propertyId = await sheet.getAttribute('data-property-id')
      expect(houseCodeFromScan(text)).toBe(expected.find((p) => p.id === propertyId)!.house_code)
    }
    // Printing lays one sheet per A4 page: three chosen properties make a three-page PDF.
    const chosen = expected.slice(0, 3).map((p) => p.id)
    await page.goto(`${server.base}/housing/posters?ids=${chosen.join(',')}`)
    await sheets.nth(2).locator('canvas').waitFor()
    expect(await sheets.count()).toBe(3)
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1')
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length).toBe(3)
    // A4 is 595.28 × 841.89 pt; Chromium rounds to whole CSS pixels.
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(boxes).toHaveLength(3)
    for (const [w, h] of boxes) expect(Math.abs(w! - 595.28) < 2 && Math.abs(h! - 841.89) < 2, `${w} × ${h}`).toBe(true)
    await page.evaluate(() => localStorage.setItem('gridline.locale', 'en'))
    await page.reload()
    await page.getByText('House-code posters').or(page.getByTestId('batch-summary')).first().waitFor()
    await sheets.first().waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'poster-batch-en.png'), fullPage: false })
    await page.evaluate(() => localStorage.setItem('gridline.locale', 'zh-CN'))
  })

  it('puts the public host in the single poster’s registration QR too', async () => {
    // A coded property of the grid worker's own village (ids are random: any other could be out of scope).
    const villagePath = (await server.ctx.deps.db.selectFrom('area').select('path').where('id', '=', villageId).executeTakeFirstOrThrow())
      .path
    const property = await server.ctx.deps.db
      .selectFrom('rental_property')
      .innerJoin('area', 'area.id', 'rental_property.area_id')
      .select(['rental_property.id', 'rental_property.house_code'])
      .where('rental_property.status', '=', 'code_issued')
      .where('area.path', 'like', `${villagePath}%`)
      .orderBy('rental_property.id')
      .executeTakeFirstOrThrow()
    const own = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await signIn(own, server.base, 'gridworker', `/housing/properties/${property.id}/poster`)
    await own.goto(`${server.base}/housing/properties/${property.id}/poster`)
    await own
      .getByTestId('poster')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        await own.screenshot({ path: join(ARTIFACTS, 'poster-single-failed.png') })
        throw new Error(`${error.message}\n${await own.locator('body').innerText()}`)
      })
    const text = await decodeQrPicture(own.getByTestId('poster-qr'), 'poster-single-qr.png')
    await own.close()
    expect(text.startsWith(`${PUBLIC_URL}/h#`), text).toBe(true)
    expect(houseCodeFromScan(text)).toBe(property.house_code)
  })

  it('shows the returnee’s self-report link as a QR under the public host; re-issuing it retires the old one on the phone', async () => {
    const cookie = await login(server.app, 'gridworker', DEMO_PASSWORD)
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/returnees',
      headers: { cookie },
      payload: {
        person: { name: '卢小青', idType: 'resident_id', idNumber: personInput(villageId).idNumber, phone: '13911112222' },
        areaId: villageId,
        cameFrom: '湖北武汉',
        arrivedOn: today,
        beforeReturn: [],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const oldPath = created.json().selfServicePath as string

    await page.goto(`${server.base}/returnees`)
    await page.getByTestId('returnees-table').getByText('卢小青').click()
    await page.getByTestId('self-link-reissue').click()
    await page.locator('.ant-popconfirm .ant-btn-primary').click()
    const qr = page.getByTestId('self-link-qr')
    await qr.waitFor()
    const text = await decodeQrPicture(qr, 'returnee-self-link-qr.png')
    expect(text).toMatch(new RegExp(`^${PUBLIC_URL}/self/[A-Za-z0-9_-]{32}$`))
    expect(await page.getByTestId('self-link').innerText()).toBe(text)
    await page.getByTestId('self-link-sms').click()
    await page.getByText('已发送短信至 139****2222').waitFor()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(ARTIFACTS, 'returnee-drawer-self-link.png') })

    // The person's phone: the new link works, the old one says it was replaced.
    const phone = await browser.newPage({ viewport: PHONE })
    await phone.goto(`${server.base}${new URL(text).pathname}`)
    await phone.getByText('居家健康填报').waitFor()
    await phone.goto(`${server.base}${oldPath}`)
    await phone.getByTestId('self-replaced').waitFor()
    expect(await phone.getByTestId('self-replaced').innerText()).toContain('此链接已被新链接替换')
    await phone.screenshot({ path: join(ARTIFACTS, 'self-link-replaced-phone.png') })
    await phone.close()
  })
})
