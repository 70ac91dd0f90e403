import type { AlertStreamMessage } from '../../../shared/schemas/alerts.ts'
import { listenOn, type Db } from '../../db/database.ts'
import { isPathInScope, type Scope } from '../../db/scope.ts'
import { ALERT_CHANNEL, parseAlertNotice } from './alert-events.ts'
import { alertRowToView, findAlertForFanOut, findAlertsChangedSince, type AlertViewRow } from './alert-view.ts'

export interface AlertDelivery {
  message: AlertStreamMessage
  /** for the audit of who saw which person */
  personId: string | null
  areaId: string
}

type Subscriber = { scope: Scope; deliver: (delivery: AlertDelivery) => void }

/**
 * How far before the last moment the channel surely heard everything a replay starts: covers a
 * transaction that stamped its alert before that moment and committed after it, and clock skew
 * between the app servers and workers that stamp alerts. Alerts already shown come again, which
 * the screen merges by id.
 */
const REPLAY_MARGIN_MS = 10_000
/** The most alerts one replay sends, oldest change first (a gap of hours in a busy city: the alert list shows the rest when it is next loaded). */
const REPLAY_LIMIT = 1_000

/**
 * The live channel's fan-out in one app server: LISTENs for alert changes (from this process,
 * the device worker, other app servers), reads each changed alert once, and hands it to every
 * subscriber whose area contains the alert's area. Notices are handled in arrival order, so a
 * subscriber never sees 'acknowledged' before 'raised'. When the LISTEN connection comes back
 * after a gap (PostgreSQL restarted, the network dropped), the alerts that changed meanwhile are
 * read and sent as if their notices had arrived.
 */
export class AlertHub {
  private readonly subscribers = new Set<Subscriber>()
  private stopListening: (() => Promise<void>) | null = null
  private chain: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.stopListening = await listenOn(
      this.db,
      ALERT_CHANNEL,
      (payload) => {
        this.chain = this.chain.then(() => this.dispatch(payload)).catch(this.onError)
      },
      {
        onReconnect: ({ since }) =>
          (this.chain = this.chain.then(() => this.replay(new Date(since.getTime() - REPLAY_MARGIN_MS))).catch(this.onError)),
      },
    )
  }

  /**
   * Receives every change of an alert within the scope until the returned function is called.
   * @example const stop = hub.subscribe(actor, ({ message }) => send(message))
   */
  subscribe(scope: Scope, deliver: (delivery: AlertDelivery) => void): () => void {
    const subscriber = { scope, deliver }
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  private async dispatch(payload: string): Promise<void> {
    const notice = parseAlertNotice(payload)
    if (!notice || this.subscribers.size === 0) return
    const row = await findAlertForFanOut(this.db, notice.alertId)
    if (row) this.fanOut(row, notice.event)
  }

  /** Sends every alert that changed since `since` (the notices of a gap were lost). */
  private async replay(since: Date): Promise<void> {
    if (this.subscribers.size === 0) return
    for (const { row, event } of await findAlertsChangedSince(this.db, since, REPLAY_LIMIT)) this.fanOut(row, event)
  }

  private fanOut(row: AlertViewRow & { area_id: string; area_path: string }, event: AlertDelivery['message']['event']): void {
    const delivery: AlertDelivery = { message: { event, alert: alertRowToView(row) }, personId: row.person_id, areaId: row.area_id }
    for (const subscriber of this.subscribers) {
      if (!isPathInScope(subscriber.scope, row.area_path)) continue
      try {
        subscriber.deliver(delivery)
      } catch (error) {
        this.onError(error)
      }
    }
  }

  async close(): Promise<void> {
    this.subscribers.clear()
    await this.stopListening?.()
    this.stopListening = null
  }
}
