import { Readable } from 'node:stream'
import aedesPersistence from 'aedes-persistence'
import type { AedesPersistence } from 'aedes-persistence'

/** aedes' default in-memory persistence (the package's types describe the module, not its CommonJS export). */
const memory = aedesPersistence as unknown as () => AedesPersistence

interface QueuedPacket {
  brokerId?: string
  brokerCounter?: number
  messageId?: number
  [field: string]: unknown
}

interface SessionQueue {
  /** in arrival order (a Map keeps insertion order): what the client has not acknowledged */
  byKey: Map<string, QueuedPacket>
  /** packet id on the wire → key, for the PUBACK */
  byMessageId: Map<number, string>
}

const keyOf = (packet: QueuedPacket) => `${packet.brokerId}:${packet.brokerCounter}`

/**
 * The embedded broker's memory persistence, with the QoS 1 queue of each persistent session
 * (the ingestion's above all) bounded and O(1): aedes-persistence's own queue is unbounded and
 * looks every delivery and acknowledgement up by a scan of the whole queue, which at 20,000
 * unacknowledged readings costs more than the readings. A message for a full queue is shed and
 * counted: that is the one place the embedded broker drops a QoS 1 message.
 * @param maxPerSession the most messages kept for one client id
 */
export function boundedSessionPersistence(maxPerSession: number): {
  persistence: AedesPersistence
  stats: { shed: number; queued: () => number }
} {
  const persistence = memory()
  const queues = new Map<string, SessionQueue>()
  const stats = { shed: 0, queued: () => [...queues.values()].reduce((n, q) => n + q.byKey.size, 0) }
  const queueOf = (clientId: string) => {
    let queue = queues.get(clientId)
    if (!queue) {
      queue = { byKey: new Map(), byMessageId: new Map() }
      queues.set(clientId, queue)
    }
    return queue
  }
  const enqueue = (clientId: string, packet: QueuedPacket) => {
    const queue = queueOf(clientId)
    if (queue.byKey.size >= maxPerSession) {
      stats.shed++
      return
    }
    // The same object is shared by every subscriber's queue upstream: each keeps its own copy.
    queue.byKey.set(keyOf(packet), { ...packet })
  }
  Object.assign(persistence, {
    outgoingEnqueue: async (sub: { clientId: string }, packet: QueuedPacket) => enqueue(sub.clientId, packet),
    outgoingEnqueueCombi: async (subs: { clientId: string }[], packet: QueuedPacket) => {
      for (const sub of subs) enqueue(sub.clientId, packet)
    },
    outgoingUpdate: async (client: { id: string }, packet: QueuedPacket) => {
      const queue = queueOf(client.id)
      const key = keyOf(packet)
      const queued = queue.byKey.get(key)
      // A message shed from a full queue is still delivered to a client that is online; it is
      // just not kept for a redelivery.
      if (!queued) return
      if (queued.messageId !== undefined) queue.byMessageId.delete(queued.messageId)
      queued.messageId = packet.messageId
      if (packet.messageId !== undefined) queue.byMessageId.set(packet.messageId, key)
    },
    outgoingClearMessageId: async (client: { id: string }, packet: QueuedPacket) => {
      const queue = queues.get(client.id)
      const key = packet.messageId === undefined ? undefined : queue?.byMessageId.get(packet.messageId)
      if (!queue || key === undefined) return undefined
      const queued = queue.byKey.get(key)
      queue.byKey.delete(key)
      queue.byMessageId.delete(packet.messageId!)
      return queued
    },
    outgoingStream: (client: { id: string }) => Readable.from([...(queues.get(client.id)?.byKey.values() ?? [])]),
  })
  const asyncApi = persistence as unknown as { cleanSubscriptions: (client: { id: string }) => Promise<unknown> }
  const cleanSubscriptions = asyncApi.cleanSubscriptions.bind(persistence)
  // A clean session starts empty (MQTT-3.1.2-6): its old queue goes with its subscriptions.
  asyncApi.cleanSubscriptions = async (client) => {
    queues.delete(client.id)
    return cleanSubscriptions(client)
  }
  return { persistence, stats }
}
