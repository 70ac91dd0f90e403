import { listenOn, type Db } from '../../db/database.ts'
import type { DeviceDirectory } from '../devices/device-directory.ts'
import { signCommand } from '../devices/protocol.ts'
import { findUnsentDeliveries, markSent } from './broadcast.repository.ts'
import { COMMAND_CHANNEL } from './broadcast.service.ts'

/**
 * The device worker's side of announcements: on each new announcement (NOTIFY) and on every
 * sweep, publishes the unsent deliveries to their speakers' command topics, signed with each
 * speaker's key, and marks them sent. App servers never talk MQTT themselves.
 */
export class SpeakerDispatcher {
  private stopListening: (() => Promise<void>) | null = null
  private running: Promise<number> | null = null

  constructor(
    private readonly options: {
      db: Db
      directory: DeviceDirectory
      prefix: string
      publish: (topic: string, payload: Buffer) => Promise<void>
      clock: () => Date
      log: (line: string) => void
    },
  ) {}

  /** Follows new announcements; after a gap in the channel, sends what was announced meanwhile. */
  async start(): Promise<void> {
    const dispatch = () =>
      void this.dispatch().catch((error: unknown) => this.options.log(`devices: announcements not dispatched: ${(error as Error).message}`))
    this.stopListening = await listenOn(this.options.db, COMMAND_CHANNEL, dispatch, { onReconnect: dispatch })
  }

  /** Sends what is pending (one run at a time). @returns how many were sent */
  dispatch(): Promise<number> {
    this.running ??= this.send().finally(() => (this.running = null))
    return this.running
  }

  private async send(): Promise<number> {
    const now = this.options.clock()
    const pending = await findUnsentDeliveries(this.options.db, new Date(now.getTime() - 86400_000), 500)
    let sent = 0
    for (const delivery of pending) {
      const speaker = await this.options.directory.get(delivery.serial)
      if (!speaker) continue
      const command = signCommand(speaker.signingKey, this.options.prefix, delivery.serial, {
        type: 'announce',
        id: delivery.announcement_id,
        text: delivery.body,
        ts: delivery.created_at.getTime(),
      })
      try {
        await this.options.publish(command.topic, command.payload)
        await markSent(this.options.db, delivery.announcement_id, delivery.device_id, this.options.clock())
        sent++
      } catch (error) {
        this.options.log(`devices: announcement not sent: ${(error as Error).message}`)
        break
      }
    }
    return sent
  }

  async close(): Promise<void> {
    await this.stopListening?.()
    await this.running
  }
}
