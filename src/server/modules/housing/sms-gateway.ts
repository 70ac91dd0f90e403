import { maskPhone } from '../../../shared/id-document.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { notify } from '../notify/notify.service.ts'

/**
 * Text messages to people without an account (a tenant's one-time code, the landlord's
 * answer). Services call send() after their transaction commits, so a rolled-back change never
 * texts anyone.
 *
 * The embedded default writes each message to the platform's outbox (`notification`), with the
 * number masked, where admins read it (GET /api/housing/outbox). A deployment with an SMS
 * provider installs its adapter once at start-up with installSmsGateway(): an object whose send()
 * posts to the provider's HTTP API (and may also call outboxSmsGateway.send to keep the copy).
 * Nothing in Gridline sends real messages by itself.
 */
export interface SmsMessage {
  /** Mainland mobile number, digits only or with +86. */
  phone: string
  /** Area the message concerns (the outbox is area-scoped). */
  areaId: string
  kind: string
  body: string
  /** When the recipient is already a person in the registry. */
  recipientPersonId?: string | null
  now: Date
}

export interface SmsGateway {
  readonly name: string
  send(db: DbOrTrx, message: SmsMessage): Promise<void>
}

/** The embedded default: the outbox, readable by admins. */
export const outboxSmsGateway: SmsGateway = {
  name: 'outbox',
  send: (db, message) =>
    notify(db, {
      areaId: message.areaId,
      kind: message.kind,
      body: `[SMS ${maskPhone(message.phone)}] ${message.body}`,
      recipientPersonId: message.recipientPersonId ?? null,
      now: message.now,
    }),
}

let current: SmsGateway = outboxSmsGateway

/** Installs a real provider's adapter (main.ts of a deployment). */
export function installSmsGateway(gateway: SmsGateway): void {
  current = gateway
}

/** The gateway in use. */
export function smsGateway(): SmsGateway {
  return current
}
