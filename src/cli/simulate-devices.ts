import { parseArgs } from 'node:util'
import type { Config } from '../server/config.ts'
import type { DeviceCredentials, Device } from '../shared/schemas/devices.ts'
import { SimulatedDevice } from './simulated-device.ts'

/** The speakers' group: what the broadcast screen sends to. */
export const SPEAKER_GROUP = '模拟喇叭'

export const SIMULATE_USAGE = `simulate-devices [--bracelets N] [--seals N] [--speakers N] [--rate R] [--fever-every S] [--door-every S]
                  [--seconds T] [--api http://127.0.0.1:8080] [--username admin] [--url mqtt://…]
                                  connects N bracelets and N door seals as real MQTT clients (each with its
                                  own login and key) sending R readings a second in all; every S seconds a
                                  bracelet reports a fever or a seal opens. N speakers (default 3, group
                                  ${SPEAKER_GROUP}) play every announcement and acknowledge it. Through the API of a
                                  running server (password: GRIDLINE_PASSWORD, or the demo one), SIM-BR-0001…,
                                  SIM-DS-0001… and SIM-SP-0001… are registered in the demo village and bracelets
                                  and seals bound to home-isolation orders on first use. Broker: --url,
                                  MQTT_URL, or 127.0.0.1:MQTT_PORT`

const GRID = '330382001201001'
/** Speakers report every minute and say they are alive twice as often (offline after 3 silent minutes). */
const SPEAKER_INTERVAL_S = 60

/** A small client of the running server's API, signed in as an officer. */
async function apiClient(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!login.ok) throw new Error(`sign-in as ${username} at ${base} failed (${login.status})`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T }
  }
}

/**
 * The simulated devices, registered (or given new credentials) through the API and paired on
 * home-isolation orders of demo new residents: the server keeps its own database to itself
 * (an embedded one cannot be opened by two processes).
 */
async function prepareDevices(
  call: Awaited<ReturnType<typeof apiClient>>,
  bracelets: number,
  seals: number,
  speakers: number,
): Promise<{ kind: string; credentials: DeviceCredentials }[]> {
  const areas = await call<{ id: string; code: string }[]>('GET', '/api/areas/tree')
  const grid = areas.data.find((a) => a.code === GRID)
  if (!grid) throw new Error('simulate-devices needs the demo data (npm run gridline -- seed)')
  const known = new Map((await call<Device[]>('GET', '/api/devices')).data.map((d) => [d.serial, d]))
  const wanted = [
    ...Array.from({ length: bracelets }, (_, i) => ({
      serial: `SIM-BR-${String(i + 1).padStart(4, '0')}`,
      kind: 'bracelet' as const,
      pair: i,
    })),
    ...Array.from({ length: seals }, (_, i) => ({
      serial: `SIM-DS-${String(i + 1).padStart(4, '0')}`,
      kind: 'door_seal' as const,
      pair: i,
    })),
    // Speakers stand in public places: never bound to an order (pair -1).
    ...Array.from({ length: speakers }, (_, i) => ({
      serial: `SIM-SP-${String(i + 1).padStart(4, '0')}`,
      kind: 'speaker' as const,
      pair: -1,
    })),
  ]
  const prepared: { kind: string; credentials: DeviceCredentials; pair: number }[] = []
  for (const device of wanted) {
    const existing = known.get(device.serial)
    const answer = existing
      ? await call<DeviceCredentials>('POST', `/api/devices/${existing.id}/rotate-secret`)
      : await call<DeviceCredentials>('POST', '/api/devices', {
          serial: device.serial,
          kind: device.kind,
          areaId: grid.id,
          reportIntervalS: device.kind === 'speaker' ? SPEAKER_INTERVAL_S : 60,
          label: device.kind === 'speaker' ? `模拟喇叭 ${device.serial.slice(-2)}` : 'simulator',
          ...(device.kind === 'speaker' ? { groupName: SPEAKER_GROUP } : {}),
        })
    if (answer.status >= 300) throw new Error(`could not register ${device.serial} (${answer.status})`)
    prepared.push({ kind: device.kind, credentials: answer.data, pair: device.pair })
  }
  const unboundPairs = [...new Set(prepared.filter((p) => p.pair >= 0 && !p.credentials.device.isolationOrderId).map((p) => p.pair))]
  if (unboundPairs.length) {
    const people = await call<{ items: { id: string }[] }>('GET', `/api/people?kind=new_resident&areaId=${grid.id}&pageSize=200`)
    const candidates = people.data.items.map((p) => p.id).reverse()
    for (const pair of unboundPairs) {
      let order: { status: number; data: { id: string } } | undefined
      while (candidates.length && order?.status !== 201)
        order = await call<{ id: string }>('POST', '/api/isolation-orders', { personId: candidates.pop(), kind: 'home' })
      if (order?.status !== 201) break
      for (const p of prepared.filter((x) => x.pair === pair && !x.credentials.device.isolationOrderId))
        await call('POST', `/api/isolation-orders/${order.data.id}/devices`, { serial: p.credentials.device.serial })
    }
  }
  return prepared
}

/**
 * `npm run gridline -- simulate-devices`: real MQTT clients for demo and load, until the time is
 * up, Ctrl-C or `stop` (tests). Prints one line of counts every 5 seconds.
 * @returns the process exit code
 */
export async function runSimulateDevices(config: Config, args: string[], stop?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      bracelets: { type: 'string', default: '10' },
      seals: { type: 'string', default: '10' },
      speakers: { type: 'string', default: '3' },
      rate: { type: 'string', default: '5' },
      'fever-every': { type: 'string', default: '0' },
      'door-every': { type: 'string', default: '0' },
      seconds: { type: 'string', default: '0' },
      url: { type: 'string' },
      api: { type: 'string', default: 'http://127.0.0.1:8080' },
      username: { type: 'string', default: 'admin' },
    },
  })
  const n = (name: keyof typeof values) => Number(values[name])
  if (
    ![n('bracelets'), n('seals'), n('speakers'), n('rate'), n('fever-every'), n('door-every'), n('seconds')].every(
      (v) => Number.isFinite(v) && v >= 0,
    )
  ) {
    console.error(`simulate-devices: numbers expected\n\n${SIMULATE_USAGE}`)
    return 2
  }
  const url = values.url ?? config.devices.mqttUrl ?? `mqtt://127.0.0.1:${config.devices.mqttPort}`
  const call = await apiClient(values.api!, values.username!, process.env.GRIDLINE_PASSWORD ?? 'Gridline2020')
  const prepared = await prepareDevices(call, n('bracelets'), n('seals'), n('speakers'))
  const counts = { sent: 0, fevers: 0, doors: 0, played: 0, failed: 0 }
  const devices: { kind: string; client: SimulatedDevice }[] = []
  const speakers: SimulatedDevice[] = []
  for (const { kind, credentials } of prepared) {
    const secrets = { serial: credentials.mqttUsername, mqttPassword: credentials.mqttPassword, signingKey: credentials.signingKey }
    const client = await SimulatedDevice.connect(url, secrets, config.devices.topicPrefix)
    if (kind !== 'speaker') {
      devices.push({ kind, client })
      continue
    }
    // A speaker plays what it is sent (here: prints it) and acknowledges it.
    await client.runAsSpeaker(
      (text) => {
        counts.played++
        console.log(`simulate-devices: ${secrets.serial} plays: ${text}`)
      },
      (SPEAKER_INTERVAL_S * 1000) / 2,
    )
    speakers.push(client)
  }
  console.log(
    `simulate-devices: ${devices.length + speakers.length} devices connected to ${url} (${speakers.length} speakers in group ${SPEAKER_GROUP})`,
  )
  const pick = (kind: string) =>
    devices.filter((d) => d.kind === kind)[Math.floor(Math.random() * devices.filter((d) => d.kind === kind).length)]?.client
  const send = (run: Promise<unknown>) =>
    run.then(
      () => counts.sent++,
      () => counts.failed++,
    )
  const timers: NodeJS.Timeout[] = []
  let next = 0
  if (n('rate') > 0 && devices.length) {
    timers.push(
      setInterval(() => {
        const device = devices[next++ % devices.length]!
        void send(
          device.kind === 'bracelet'
            ? device.client.send('temperature', { celsius: 36.2 + Math.round(Math.random() * 6) / 10, battery: 80 })
            : device.client.send('door', { open: false, battery: 80 }),
        )
      }, 1000 / n('rate')),
    )
  }
  if (n('fever-every') > 0)
    timers.push(
      setInterval(
        () =>
          void send(
            pick('bracelet')
              ?.temperature(38 + Math.round(Math.random() * 15) / 10)
              .then(() => counts.fevers++) ?? Promise.resolve(),
          ),
        n('fever-every') * 1000,
      ),
    )
  if (n('door-every') > 0)
    timers.push(
      setInterval(
        () =>
          void send(
            pick('door_seal')
              ?.door(true)
              .then(() => counts.doors++) ?? Promise.resolve(),
          ),
        n('door-every') * 1000,
      ),
    )
  timers.push(
    setInterval(
      () =>
        console.log(
          `simulate-devices: sent ${counts.sent}, fevers ${counts.fevers}, doors opened ${counts.doors}, announcements played ${counts.played}, failed ${counts.failed}`,
        ),
      5000,
    ),
  )
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      clearTimeout(deadline)
      resolve()
    }
    process.once('SIGINT', done)
    stop?.addEventListener('abort', done, { once: true })
    const deadline = n('seconds') > 0 ? setTimeout(done, n('seconds') * 1000) : undefined
  })

  for (const timer of timers) clearInterval(timer)
  for (const device of devices) await device.client.close()
  for (const speaker of speakers) await speaker.close()
  console.log(
    `simulate-devices: done: sent ${counts.sent}, fevers ${counts.fevers}, doors opened ${counts.doors}, announcements played ${counts.played}, failed ${counts.failed}`,
  )
  return 0
}
