import type { AlertStreamMessage } from '../src/shared/schemas/alerts.ts'

/** A client of the live alert channel (GET /api/alerts/stream) for tests and the bench. */
export interface AlertStreamClient {
  /** Every `alert` event so far, with the time it arrived (performance.now()). */
  messages: (AlertStreamMessage & { receivedAt: number })[]
  /** Resolves with the first message (already received or coming) that matches. */
  waitFor(match: (m: AlertStreamMessage) => boolean, timeoutMs?: number): Promise<AlertStreamMessage>
  /** Called on every message as it arrives. */
  onMessage?: (m: AlertStreamMessage, receivedAt: number) => void
  close(): void
}

/** Opens the stream with a session cookie; resolves once the server said `ready`. */
export async function openAlertStream(base: string, cookie: string): Promise<AlertStreamClient> {
  const controller = new AbortController()
  const response = await fetch(`${base}/api/alerts/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal })
  if (!response.ok || !response.body) throw new Error(`alert stream: ${response.status}`)
  const waiters = new Set<{ match: (m: AlertStreamMessage) => boolean; resolve: (m: AlertStreamMessage) => void }>()
  const client: AlertStreamClient = {
    messages: [],
    waitFor(match, timeoutMs = 10_000) {
      const seen = client.messages.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: AlertStreamMessage) => {
            clearTimeout(timer)
            resolve(m)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error('alert stream: no matching message in time'))
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
    close: () => controller.abort(),
  }
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event === 'ready') ready()
          if (event !== 'alert' || !data) continue
          const receivedAt = performance.now()
          const message = JSON.parse(data) as AlertStreamMessage
          client.messages.push({ ...message, receivedAt })
          client.onMessage?.(message, receivedAt)
          for (const waiter of [...waiters]) {
            if (waiter.match(message)) {
              waiters.delete(waiter)
              waiter.resolve(message)
            }
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  await isReady
  return client
}
