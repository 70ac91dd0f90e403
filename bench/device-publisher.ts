/**
 * The device side of `npm run bench -- devices`, in its own process: signs every message
 * before the clock starts (devices sign on their own CPUs), then publishes them over a few MQTT
 * connections as fast as the broker takes them (or at --rate), at the job's QoS (1 for readings,
 * as the simulator and docs/DEVICES.md now ask; `sent` counts what the broker acknowledged).
 * Protocol with the parent: the first line on stdin is the JSON job; it prints `ready`, waits for
 * another line, publishes, prints one JSON line {sent, elapsedMs}.
 */
import { createInterface } from 'node:readline'
import { connectAsync, type MqttClient } from 'mqtt'
import { signPayload } from '../src/server/modules/devices/protocol.ts'

interface Job {
  url: string
  /** one entry per connection: the login and the devices published through it */
  connections: { username?: string; password?: string; devices: { serial: string; key: string }[] }[]
  prefix: string
  /** messages per device */
  perDevice: number
  /** 0: as fast as possible */
  ratePerS: number
  /** 'raw': unsigned payloads to one topic (the broker's own speed) */
  mode: 'signed' | 'raw'
  rawTopic?: string
  qos: 0 | 1
}

const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const job = JSON.parse((await input.next()).value as string) as Job
const now = Date.now()
const batches: { client: MqttClient | null; messages: { topic: string; payload: Buffer }[] }[] = []
for (const connection of job.connections) {
  const messages: { topic: string; payload: Buffer }[] = []
  for (let i = 0; i < job.perDevice; i++) {
    for (const device of connection.devices) {
      if (job.mode === 'raw') {
        messages.push({
          topic: job.rawTopic!,
          payload: Buffer.from(`{"seq":${i},"ts":${now},"celsius":36.6,"battery":80}\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`),
        })
        continue
      }
      const topic = `${job.prefix}/v1/devices/${device.serial}/temperature`
      messages.push({
        topic,
        payload: signPayload(Buffer.from(device.key, 'base64url'), topic, {
          seq: i + 1,
          ts: now + i,
          celsius: 36 + (i % 9) / 10,
          battery: 80,
        }),
      })
    }
  }
  batches.push({ client: null, messages })
}
for (const [i, connection] of job.connections.entries()) {
  // The embedded broker takes a device's login only under its own client id (its serial).
  batches[i]!.client = await connectAsync(job.url, {
    clientId: connection.username ?? `bench-pub-${process.pid}-${i}`,
    username: connection.username,
    password: connection.password,
    reconnectPeriod: 0,
  })
}
console.log('ready')
await input.next()

const started = performance.now()
let sent = 0
const total = batches.reduce((n, b) => n + b.messages.length, 0)
await Promise.all(
  batches.map(async ({ client, messages }) => {
    const stream = (client as unknown as { stream: NodeJS.WritableStream & { writableLength: number } }).stream
    const share = job.ratePerS ? job.ratePerS / batches.length : 0
    for (let i = 0; i < messages.length; i++) {
      // Keep the socket buffer bounded: wait for it to drain instead of queueing in memory.
      if (stream.writableLength > 1 << 20) await new Promise((resolve) => stream.once('drain', resolve))
      if (share && i % 100 === 0) {
        const due = started + (i / share) * 1000
        const wait = due - performance.now()
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
      } else if (i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve))
      if (job.qos) client!.publish(messages[i]!.topic, messages[i]!.payload, { qos: 1 }, (error) => (error ? undefined : sent++))
      else {
        client!.publish(messages[i]!.topic, messages[i]!.payload, { qos: 0 })
        sent++
      }
    }
    await client!.endAsync()
  }),
)
console.log(JSON.stringify({ sent, total, elapsedMs: performance.now() - started }))
process.exit(0)
