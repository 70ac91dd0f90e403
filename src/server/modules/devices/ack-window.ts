/** One received message whose acknowledgement is owed once it is handled. */
export interface AckSlot {
  /** The message is handled (its reading committed, or it was dropped on purpose). */
  settle(): void
}

interface Slot {
  /** undefined for a QoS 0 message: it takes room but owes no PUBACK */
  messageId: number | undefined
  settled: boolean
}

/**
 * The messages received from the broker and not yet handled, at most `max`, acknowledged in the
 * order they came (MQTT 3.1.1 §4.6 and 5.0 §4.6 want PUBACKs in order) as soon as each and
 * all before it are handled. A PUBACK therefore means: this reading and every one before it is
 * committed in the database (or refused for a reason that is counted); until then the broker
 * keeps the message in the session and sends it again after a reconnect.
 */
export class AckWindow {
  private slots: Slot[] = []
  private head = 0
  /** moves on at every reset: slots of an earlier connection no longer acknowledge anything */
  private generation = 0
  private waiting: (() => void)[] = []

  /**
   * @param sendAck writes a PUBACK on the current connection
   * @param max how many messages may be received and unhandled at once
   */
  constructor(
    private readonly sendAck: (messageId: number) => void,
    readonly max: number,
  ) {}

  /** Messages received and not yet acknowledged. */
  get size(): number {
    return this.slots.length - this.head
  }

  /** Takes a place for a message just received. */
  open(messageId: number | undefined): AckSlot {
    const slot: Slot = { messageId, settled: false }
    const generation = this.generation
    this.slots.push(slot)
    return {
      settle: () => {
        if (slot.settled) return
        slot.settled = true
        // A slot of a connection that has since closed: the broker sends that message again.
        if (generation === this.generation) this.flush()
      },
    }
  }

  /** Resolves when there is room for another message, or null when there is room now. */
  whenRoom(): Promise<void> | null {
    if (this.size < this.max) return null
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /**
   * The connection closed: its message ids mean nothing on the next one, and the broker will
   * send every unacknowledged message again there.
   */
  reset(): void {
    this.generation++
    this.slots = []
    this.head = 0
    this.wake()
  }

  private flush(): void {
    const slots = this.slots
    while (this.head < slots.length && slots[this.head]!.settled) {
      const { messageId } = slots[this.head++]!
      if (messageId !== undefined) this.sendAck(messageId)
    }
    // Drop the acknowledged front now and then rather than shift() per message.
    if (this.head > 4096 && this.head * 2 > slots.length) {
      this.slots = slots.slice(this.head)
      this.head = 0
    }
    if (this.size < this.max) this.wake()
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}
