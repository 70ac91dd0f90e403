import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { DEVICE_SERIAL_PATTERN } from '../../../shared/schemas/devices.ts'

/**
 * The device wire protocol, version 1 (docs/DEVICES.md). Topics:
 *   <prefix>/v1/devices/<serial>/<type>      device → Gridline (type: temperature, door, motion, heartbeat, ack)
 *   <prefix>/v1/devices/<serial>/commands    Gridline → device (announcements for speakers)
 * A payload is a JSON object, a newline, and base64url(HMAC-SHA256(signing key, topic + "\n" + JSON)):
 * the signature covers the exact bytes sent, so firmware signs what it sends and nothing is
 * re-serialised. Only a device's own key makes a message count, whichever broker carried it.
 */
export const PROTOCOL_VERSION = 'v1'
export const UPLINK_TYPES = ['temperature', 'door', 'motion', 'heartbeat', 'ack'] as const
export type UplinkType = (typeof UPLINK_TYPES)[number]
export const COMMANDS_TYPE = 'commands'

/** Messages older than this (or this far in the future) are refused: replays, wrong clocks. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000

const common = {
  /** the device's own counter: (device, seq) is stored once, so a redelivered message is not doubled */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** when measured, Unix milliseconds */
  ts: z.number().int().positive(),
  battery: z.number().int().min(0).max(100).optional(),
}
export const UPLINK_SCHEMAS = {
  temperature: z.object({ ...common, celsius: z.number().min(25).max(45) }),
  door: z.object({ ...common, open: z.boolean() }),
  motion: z.object({ ...common, snapshot: z.string().min(1).max(200) }),
  heartbeat: z.object(common),
  ack: z.object({ ...common, announcement: z.uuid() }),
} as const
export type Uplink = { [K in UplinkType]: { type: K; body: z.infer<(typeof UPLINK_SCHEMAS)[K]> } }[UplinkType]

/** `<prefix>/v1/devices/<serial>` */
export function deviceTopicBase(prefix: string, serial: string): string {
  return `${prefix}/${PROTOCOL_VERSION}/devices/${serial}`
}

/** What the ingestion subscribes to. */
export function uplinkSubscription(prefix: string): string {
  return `${prefix}/${PROTOCOL_VERSION}/devices/+/+`
}

/**
 * Splits a topic into device serial and message type.
 * @returns null for a topic outside the protocol
 */
export function parseUplinkTopic(prefix: string, topic: string): { serial: string; type: UplinkType } | null {
  const head = `${prefix}/${PROTOCOL_VERSION}/devices/`
  if (!topic.startsWith(head)) return null
  const rest = topic.slice(head.length)
  const slash = rest.indexOf('/')
  if (slash < 0) return null
  const serial = rest.slice(0, slash)
  const type = rest.slice(slash + 1)
  if (!DEVICE_SERIAL_PATTERN.test(serial) || !(UPLINK_TYPES as readonly string[]).includes(type)) return null
  return { serial, type: type as UplinkType }
}

function signature(key: Buffer | KeyObject, topic: string, json: Buffer | string): Buffer {
  return createHmac('sha256', key).update(topic).update('\n').update(json).digest()
}

/**
 * Builds a signed payload.
 * @example signPayload(key, 'gridline/v1/devices/br-1/temperature', { seq: 1, ts: Date.now(), celsius: 36.6 })
 */
export function signPayload(key: Buffer | KeyObject, topic: string, body: object): Buffer {
  const json = JSON.stringify(body)
  return Buffer.from(`${json}\n${signature(key, topic, json).toString('base64url')}`)
}

/** The JSON part and the signature of a payload, before anything is trusted. */
export function splitPayload(payload: Buffer): { json: Buffer; sig: Buffer } | null {
  const newline = payload.lastIndexOf(0x0a)
  if (newline <= 0 || newline === payload.length - 1) return null
  return { json: payload.subarray(0, newline), sig: Buffer.from(payload.subarray(newline + 1).toString('latin1'), 'base64url') }
}

/** Whether the signature matches: constant time. A KeyObject (made once per device) is faster than a Buffer. */
export function verifySignature(key: Buffer | KeyObject, topic: string, json: Buffer, sig: Buffer): boolean {
  const expected = signature(key, topic, json)
  return sig.length === expected.length && timingSafeEqual(sig, expected)
}

/**
 * Parses the JSON of a verified payload against its type's schema.
 * @returns null when it is not valid JSON or does not match
 */
export function parseUplinkBody(type: UplinkType, json: Buffer): Uplink | null {
  let value: unknown
  try {
    value = JSON.parse(json.toString('utf8'))
  } catch {
    return null
  }
  const parsed = UPLINK_SCHEMAS[type].safeParse(value)
  return parsed.success ? ({ type, body: parsed.data } as Uplink) : null
}

/** An announcement for a speaker, signed with the speaker's key so it can trust it. */
export function signCommand(
  key: Buffer | KeyObject,
  prefix: string,
  serial: string,
  command: { type: 'announce'; id: string; text: string; ts: number },
): { topic: string; payload: Buffer } {
  const topic = `${deviceTopicBase(prefix, serial)}/${COMMANDS_TYPE}`
  return { topic, payload: signPayload(key, topic, command) }
}
