import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { runSimulateDevices, SPEAKER_GROUP } from '../../src/cli/simulate-devices.ts'
import { startDeviceRuntime, type DeviceRuntime } from '../../src/worker/device-runtime.ts'
import { ARTIFACTS, launchChromium, signIn, startDemoServer, type DemoServer } from './helpers.ts'

/**
 * 应急喇叭 in a browser: `simulate-devices` speakers come online on the screen, and after an
 * announcement they turn to 已播放 without a reload; the demo's unconnected speakers read 离线.
 */
let server: DemoServer
let runtime: DeviceRuntime
let browser: Browser
let page: Page
let simulator: Promise<number> | undefined
const stop = new AbortController()

beforeAll(async () => {
  server = await startDemoServer()
  const prefix = `gle2e${randomBytes(4).toString('hex')}`
  runtime = await startDeviceRuntime(server.ctx.deps, {
    mqttPort: 0,
    host: '127.0.0.1',
    topicPrefix: prefix,
    sweepEveryMs: null,
    log: () => {},
  })
  const config = { ...server.ctx.deps.config, devices: { ...server.ctx.deps.config.devices, topicPrefix: prefix } }
  simulator = runSimulateDevices(
    config,
    ['--bracelets', '0', '--seals', '0', '--speakers', '2', '--rate', '0', '--api', server.base, '--url', runtime.brokerUrl],
    stop.signal,
  )
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  page = await context.newPage()
  page.setDefaultTimeout(30_000)
}, 180_000)

afterAll(async () => {
  stop.abort()
  await simulator
  await browser?.close()
  await runtime?.stop()
  await server?.close()
})

describe('the broadcast screen', () => {
  it('shows simulated speakers online, then played after an announcement, live; unconnected ones offline', async () => {
    await signIn(page, server.base, 'gridworker', '/isolation/speakers')
    const states = page.getByTestId('speaker-states')
    await states.getByTestId('speaker-SIM-SP-0001').getByText('在线').waitFor()
    await states.getByTestId('speaker-SIM-SP-0002').getByText('在线').waitFor()
    await states.getByTestId('speaker-LHY-SPK-01').getByText('离线').waitFor()

    await page.locator('.ant-select').filter({ hasText: '喇叭分组' }).click()
    await page.locator(`.ant-select-item-option[title="${SPEAKER_GROUP}"]`).click()
    await page.getByPlaceholder('广播内容').fill('今晚八点全员核酸检测，请到村委会广场排队')
    await page.getByRole('button', { name: /发送广播/ }).click()
    // No reload: the screen looks again by itself.
    await states.getByTestId('speaker-SIM-SP-0001').getByText('已播放').waitFor()
    await states.getByTestId('speaker-SIM-SP-0002').getByText('已播放').waitFor()
    await page.getByTestId('announcement-history').getByText('模拟喇叭 01 · 已播放').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'speakers-zh.png'), fullPage: true })

    await page.getByTestId('lang-toggle').click()
    await states.getByTestId('speaker-SIM-SP-0001').getByText('Played').waitFor()
    await states.getByTestId('speaker-LHY-SPK-01').getByText('Offline').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'speakers-en.png'), fullPage: true })
  })
})
