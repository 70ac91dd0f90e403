import type { AlertStreamMessage } from '../../../shared/schemas/alerts.ts'
import { listenOn, type Db } from '../../db/database.ts'
import { isPathInScope, type Scope } from '../../db/scope.ts'
import { ALERT_CHANNEL, parseAlertNotice } from './alert-events.ts'
import { alertRowToView, findAlertForFanOut } from './alert-view.ts'

export interface AlertDelivery {
  message: AlertStreamMessage
  /** for the audit of who saw which person */
  personId: string | null
  areaId: string
}

type Subscriber = { scope: Scope; deliver: (delivery: AlertDelivery) => void }

/**
 * The live channel's fan-out in one app server: LISTENs for alert changes (from this process,
 * the device worker, other app servers), reads each changed alert once, and hands it to every
 * subscriber whose area contains the alert's area. Notices are handled in arrival order, so a
 * subscriber never sees 'acknowledged' before 'raised'.
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
    this.stopListening = await listenOn(this.db, ALERT_CHANNEL, (payload) => {
      this.chain = this.chain.then(() => this.dispatch(payload)).catch(this.onError)
    })
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
    if (!row) return
    const delivery: AlertDelivery = { message: { event: notice.event, alert: alertRowToView(row) }, personId: row.person_id, areaId: row.area_id }
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
