import { existsSync, mkdirSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SimulatedDevice } from '../../src/cli/simulated-device.ts'
import type { DeviceCredentials } from '../../src/shared/schemas/devices.ts'
import { buildApp, WEB_DIST } from '../../src/server/app.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../../src/worker/device-runtime.ts'
import { createTestContext, type TestContext } from '../db.ts'
import { createAreaTree, createTestAccount, login, personInput, TEST_PASSWORD } from '../factories.ts'

/**
 * The grid worker's live alert page in a real browser: a fever from a simulated bracelet (real
 * MQTT through the in-process broker) appears without a reload, is acknowledged, and then does
 * not escalate while an unacknowledged alert does. Also pictures of the returnee and isolation
 * pages with data. Screenshots go to test-artifacts/.
 */

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const MINUTE = 60_000

let ctx: TestContext | undefined
let app: FastifyInstance | undefined
let runtime: DeviceRuntime | undefined
let browser: Browser | undefined
let page: Page
let base: string
let cookie: string
const devices: SimulatedDevice[] = []
let tree: Awaited<ReturnType<typeof createAreaTree>>

async function post<T>(url: string, payload: unknown): Promise<T> {
  const response = await app!.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object })
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  return response.json()
}

/** A person in home isolation with one bound device of the kind, connected. */
async function isolated(name: string, kind: 'bracelet' | 'door_seal') {
  const person = await post<{ id: string }>('/api/people', personInput(tree.gridA.id, { name }))
  const order = await post<{ id: string }>('/api/isolation-orders', { personId: person.id, kind: 'home', address: '蛎灰窑出租房 12 号' })
  const credentials = await post<DeviceCredentials>('/api/devices', {
    serial: `${kind}-${randomBytes(3).toString('hex')}`,
    kind,
    areaId: tree.gridA.id,
    reportIntervalS: 3600,
  })
  await post(`/api/isolation-orders/${order.id}/devices`, { serial: credentials.device.serial })
  const device = await SimulatedDevice.connect(
    runtime!.brokerUrl,
    { serial: credentials.mqttUsername, mqttPassword: credentials.mqttPassword, signingKey: credentials.signingKey },
    'gle2e',
  )
  devices.push(device)
  return { personId: person.id, device }
}

const row = (name: string) => page.locator('[data-testid="alert-row"]', { hasText: name })

beforeAll(async () => {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error(`${WEB_DIST}/index.html is missing: build the web first (npx vite build --config vite.config.ts)`)
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  mkdirSync(ARTIFACTS, { recursive: true })
  ctx = await createTestContext()
  tree = await createAreaTree(ctx.deps)
  await createTestAccount(ctx.deps, 'wang', 'grid_worker', tree.villageA.id)
  await createTestAccount(ctx.deps, 'lin', 'village_cadre', tree.villageA.id)
  app = await buildApp(ctx.deps, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  cookie = await login(app, 'wang')
  runtime = await startDeviceRuntime(ctx.deps, { mqttPort: 0, host: '127.0.0.1', topicPrefix: 'gle2e', sweepEveryMs: null, log: () => {} })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
})

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page)
    await page.screenshot({ path: join(ARTIFACTS, `failed-${test.task.name.replace(/\W+/g, '-')}.png`), fullPage: true })
})

afterAll(async () => {
  for (const device of devices) await device.close().catch(() => {})
  await browser?.close()
  await runtime?.stop()
  await app?.close()
  await ctx?.close()
})

describe('live alerts', () => {
  let feverPerson: { personId: string; device: SimulatedDevice }

  it('shows a fever from a bracelet the moment it is raised, without a reload', async () => {
    feverPerson = await isolated('赵小燕', 'bracelet')
    await page.goto(`${base}/login`)
    await page.getByTestId('login-username').fill('wang')
    await page.getByTestId('login-password').fill(TEST_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(`${base}/`)
    await page.getByRole('menuitem', { name: '实时预警' }).click()
    await page.waitForURL('**/alerts')
    await page.getByTestId('alerts-live').waitFor()
    expect(await page.locator('[data-testid="alert-row"]').count()).toBe(0)

    await feverPerson.device.temperature(36.7)
    await feverPerson.device.temperature(38.6)
    await row('赵小燕').waitFor()
    expect(await row('赵小燕').getAttribute('data-kind')).toBe('fever')
    expect(await row('赵小燕').innerText()).toMatch(/体温异常[\s\S]*赵小燕[\s\S]*第一网格[\s\S]*网格员[\s\S]*待确认/)
    await page.locator('.ant-notification-notice').first().waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'alerts-live-fever.png'), fullPage: true })
  })

  it('acknowledges it, and it stops escalating while an unacknowledged alert goes to the village cadre', async () => {
    await row('赵小燕').getByTestId('alert-acknowledge').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="alert-row"]')?.getAttribute('data-status') === 'acknowledged')
    expect(await row('赵小燕').innerText()).toContain('处理中')

    const door = await isolated('钱大伟', 'door_seal')
    await door.device.door(true)
    await row('钱大伟').waitFor()

    await runtime!.runSweeps(new Date(Date.now() + 16 * MINUTE))
    await row('钱大伟').getByText('已升级至村干部').waitFor()
    expect(await row('赵小燕').innerText()).not.toContain('已升级')
    const levels = await ctx!.deps.db
      .selectFrom('alert')
      .innerJoin('person', 'person.id', 'alert.person_id')
      .select(['person.name', 'alert.escalation_level', 'alert.status'])
      .execute()
    expect(Object.fromEntries(levels.map((l) => [l.name, [l.status, l.escalation_level]]))).toEqual({
      赵小燕: ['acknowledged', 0],
      钱大伟: ['open', 1],
    })
    await runtime!.runSweeps(new Date(Date.now() + 120 * MINUTE))
    await row('钱大伟').getByText('已升级至街道').waitFor()
    expect(await row('赵小燕').innerText()).not.toContain('已升级')
    await page.screenshot({ path: join(ARTIFACTS, 'alerts-acknowledged-and-escalated.png'), fullPage: true })
  })

  it('closes the acknowledged alert with a handling note', async () => {
    await row('赵小燕').getByTestId('alert-handle').click()
    await page.getByTestId('handle-note').fill('已上门复测体温 37.0 °C，联系社区医生随访')
    await page.waitForTimeout(400) // the dialog's opening animation, for the picture
    await page.screenshot({ path: join(ARTIFACTS, 'alerts-handle-note.png') })
    await page.getByTestId('handle-submit').click()
    await row('赵小燕').waitFor({ state: 'detached' })
    const events = (await app!.inject({ method: 'GET', url: `/api/alerts`, headers: { cookie } })).json()
    expect(events.map((e: { personName: string }) => e.personName)).toEqual(['钱大伟'])
  })

  it('shows returnees with today’s report status and the isolation orders with their devices', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const arrived = new Date(Date.parse(today) - 3 * 86400_000).toISOString().slice(0, 10)
    for (const [name, report] of [
      ['孙丽', 36.6],
      ['周杰', null],
      ['吴敏', 37.8],
    ] as const) {
      const beforeReturn = Array.from({ length: 14 }, (_, i) => ({
        day: new Date(Date.parse(arrived) - (i + 1) * 86400_000).toISOString().slice(0, 10),
        temperature: 36.4 + (i % 4) / 10,
      }))
      const created = await post<{ id: string }>('/api/returnees', {
        person: { name, idType: 'resident_id', idNumber: personInput(tree.gridA.id).idNumber },
        areaId: tree.gridA.id,
        cameFrom: '湖北武汉',
        arrivedOn: arrived,
        address: '蛎灰窑出租房 8 号',
        beforeReturn,
      })
      if (report !== null) await post(`/api/returnees/${created.id}/reports`, { temperature: report })
    }
    await page.getByRole('menuitem', { name: '三返人员' }).click()
    await page.waitForURL('**/returnees')
    await page.getByTestId('returnees-table').getByText('周杰').waitFor()
    expect(await page.getByTestId('returnees-table').innerText()).toMatch(/周杰[\s\S]*未报告/)
    await page.screenshot({ path: join(ARTIFACTS, 'returnees-gridworker.png'), fullPage: true })
    await page.getByTestId('returnees-table').getByText('吴敏').click()
    await page.locator('.ant-drawer').getByText('37.8').first().waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'returnee-drawer.png'), fullPage: true })
    await page.locator('.ant-drawer-close').click()

    await page.getByRole('menuitem', { name: '居家隔离' }).click()
    await page.waitForURL('**/isolation')
    await page.getByTestId('isolation-table').getByText('钱大伟').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'isolation-orders.png'), fullPage: true })
  })

  it('shows the device registry, the loudspeakers, and the person’s own phone page', async () => {
    await post('/api/devices', {
      serial: 'LHY-SPK-01',
      kind: 'speaker',
      areaId: tree.villageA.id,
      groupName: '村口广场',
      label: '村口广场喇叭 1',
      reportIntervalS: 300,
    })
    await page.getByRole('tab', { name: '设备' }).click()
    await page.getByText('LHY-SPK-01').waitFor()
    await page.waitForTimeout(400) // the tab's entry animation, for the picture
    await page.screenshot({ path: join(ARTIFACTS, 'isolation-devices.png'), fullPage: true })
    await page.getByRole('tab', { name: '应急喇叭' }).click()
    await page.getByText('广播记录').waitFor()
    await page.waitForTimeout(400)
    await page.screenshot({ path: join(ARTIFACTS, 'isolation-speakers.png'), fullPage: true })

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const created = await post<{ selfServicePath: string }>('/api/returnees', {
      person: { name: '郑强', idType: 'resident_id', idNumber: personInput(tree.gridA.id).idNumber },
      areaId: tree.gridA.id,
      cameFrom: '湖南邵阳',
      arrivedOn: today,
    })
    const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    await phone.goto(`${base}${created.selfServicePath}`)
    await phone.getByText('郑，您好').waitFor()
    await phone.getByRole('button', { name: /提\s*交/ }).click()
    await phone.getByText('今日已填报，谢谢配合').waitFor()
    await phone.screenshot({ path: join(ARTIFACTS, 'self-service-phone.png'), fullPage: true })
    await phone.close()
  })
})
