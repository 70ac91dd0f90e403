// A second process that loads the gate API over loopback: N keep-alive connections, each
// sending scans back to back for a fixed time. Plain JS so it starts fast and its own cost is
// small. Prints one JSON line: acknowledged scan ids, errors and latency percentiles.
import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'

const [url, cookie, checkpointId, codesFile, secondsText, connectionsText] = process.argv.slice(2)
const codes = JSON.parse(readFileSync(codesFile, 'utf8'))
const seconds = Number(secondsText)
const connections = Number(connectionsText)
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
const latencies = []
const acknowledged = []
let errors = 0
const deadline = Date.now() + seconds * 1000

function post(body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint()
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', cookie, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks = []
        response.on('data', (c) => chunks.push(c))
        response.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6)
          resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() })
        })
      },
    )
    request.on('error', () => resolve({ status: 0, body: '' }))
    request.end(body)
  })
}

async function loop(index) {
  let n = index
  while (Date.now() < deadline) {
    const clientScanId = randomUUID()
    const body = JSON.stringify({
      clientScanId,
      checkpointId,
      deviceId: `bench-${index}`,
      healthCode: codes[n++ % codes.length],
      temperature: 36.5,
    })
    const answer = await post(body)
    if (answer.status === 200) acknowledged.push(clientScanId)
    else errors++
  }
}

const started = Date.now()
await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)))
const elapsed = (Date.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
process.stdout.write(`${JSON.stringify({ acknowledged, errors, elapsed, p50: pct(0.5), p99: pct(0.99) })}\n`)
agent.destroy()
