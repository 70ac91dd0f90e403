import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { GateScanBody } from '../../src/shared/schemas/gate.ts'
import {
  ARTIFACTS,
  chooseCheckpoint,
  issueDemoHealthCode,
  launchChromium,
  PHONE,
  signIn,
  startDemoServer,
  type DemoServer,
} from './helpers.ts'

/**
 * The gate scanner without a network: the service worker reloads the page, the phone decides
 * with its cached trust list, queues the scan in IndexedDB, and uploads it once online; the
 * server ends up with exactly one passage, however often the scan is sent.
 */

const CHECKPOINT = '蛎灰窑西门卡口'

let server: DemoServer | undefined
let browser: Browser | undefined
let context: BrowserContext
let page: Page
let person: { code: string; name: string }
/** Every request the server received, to prove the offline part never reached it. */
const requests: string[] = []

beforeAll(async () => {
  server = await startDemoServer((app) => {
    app.addHook('onRequest', async (request) => {
      requests.push(`${request.method} ${request.url}`)
    })
  })
  person = await issueDemoHealthCode(server, 'green')
  browser = await launchChromium()
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(ARTIFACTS, `failed-gate-offline-${test.task.name.replace(/\W+/g, '-')}.png`) })
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** The scans waiting in the page's IndexedDB queue. */
function queuedScans(): Promise<GateScanBody[]> {
  return page.evaluate(
    () =>
      new Promise<GateScanBody[]>((resolve, reject) => {
        const open = indexedDB.open('gridline-gate')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const all = open.result.transaction('queue').objectStore('queue').getAll()
          all.onsuccess = () => resolve((all.result as { body: GateScanBody }[]).map((item) => item.body))
          all.onerror = () => reject(all.error)
        }
      }),
  )
}

async function passageCount(clientScanId?: string): Promise<number> {
  let query = server!.ctx.deps.db.selectFrom('passage').select((eb) => eb.fn.countAll<string>().as('n'))
  if (clientScanId) query = query.where('client_scan_id', '=', clientScanId)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

describe('gate scanner offline', () => {
  let queued: GateScanBody

  it('installs for offline use on the first online visit', async () => {
    await signIn(page, server!.base, 'guard')
    await page.waitForURL('**/gate')
    await chooseCheckpoint(page, CHECKPOINT)
    // The trust list has been fetched, verified against the pinned anchor and cached…
    await page.locator('[data-testid="gate-trust"]:not([data-version=""])').waitFor()
    // …and the service worker has precached the shell and controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await page.screenshot({ path: join(ARTIFACTS, 'gate-offline-1-online.png') })
  })

  it('decides offline with the cached trust list and queues the scan', async () => {
    const before = requests.length
    await context.setOffline(true)
    await page.locator('[data-testid="gate-online"][data-online="false"]').waitFor()

    await page.getByTestId('gate-code-input').locator('input').fill(person.code)
    await page.getByTestId('gate-code-input').locator('input').press('Enter')
    // Offline too: the identity comes from the signed code, and the guard confirms it.
    await page.getByTestId('gate-confirm-holder').click()
    await page.getByTestId('gate-skip-house').click()
    await page.getByTestId('gate-temp-36.5').click()
    await page.getByTestId('gate-submit').click()

    const result = page.getByTestId('gate-result')
    await result.waitFor()
    expect(await result.getAttribute('data-decision')).toBe('admit')
    expect(await result.getAttribute('data-offline')).toBe('true')
    expect(await page.getByTestId('gate-result-offline').innerText()).toContain('离线判定')
    expect(await page.getByTestId('gate-result-reasons').innerText()).toContain('健康码绿码')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-offline-2-decision.png') })
    await page.getByTestId('gate-next').click()

    await page.locator('[data-testid="gate-queued"][data-count="1"]').waitFor()
    const scans = await queuedScans()
    expect(scans).toHaveLength(1)
    queued = scans[0]!
    expect(queued).toMatchObject({ healthCode: person.code, temperature: 36.5 })
    expect(requests.slice(before)).toEqual([])
    expect(await passageCount()).toBe(0)
  })

  it('reloads while offline from the service worker and still shows the queue', async () => {
    const before = requests.length
    await page.reload()
    await page.getByTestId('gate-scan').waitFor()
    await page.locator('[data-testid="gate-online"][data-online="false"]').waitFor()
    await page.locator('[data-testid="gate-queued"][data-count="1"]').waitFor()
    // The checkpoint and the trust list came back from this phone's storage.
    await page.locator('[data-testid="gate-trust"]:not([data-version=""])').waitFor()
    expect(await page.getByTestId('gate-checkpoint').innerText()).toContain(CHECKPOINT)
    await page.getByTestId('gate-passage-pending').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'gate-offline-3-reloaded.png'), fullPage: true })
    expect(requests.slice(before)).toEqual([])
  })

  it('uploads the queue once back online, and a resend stays one passage', async () => {
    await context.setOffline(false)
    await page.locator('[data-testid="gate-queued"][data-count="0"]').waitFor()
    await page.getByTestId('gate-passage').first().waitFor()
    expect(await page.getByTestId('gate-passage').first().innerText()).toContain(person.name)
    expect(await passageCount(queued.clientScanId)).toBe(1)
    expect(await passageCount()).toBe(1)
    // The guard's 本人核验 made offline travels with the upload.
    expect(queued.identityCheck).toBe('confirmed')
    const uploaded = await server!.ctx.deps.db
      .selectFrom('passage')
      .select('identity_check')
      .where('client_scan_id', '=', queued.clientScanId)
      .executeTakeFirstOrThrow()
    expect(uploaded.identity_check).toBe('confirmed')
    await page.screenshot({ path: join(ARTIFACTS, 'gate-offline-4-uploaded.png'), fullPage: true })

    // An upload whose answer was lost is sent again: the server answers with the same passage.
    const again = await page.evaluate(async (body) => {
      const response = await fetch('/api/gate/scans', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      return (await response.json()) as { duplicate: boolean; decision: string }
    }, queued)
    expect(again).toMatchObject({ duplicate: true, decision: 'admit' })
    expect(await passageCount()).toBe(1)
  })
})
