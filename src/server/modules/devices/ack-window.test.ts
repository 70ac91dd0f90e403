import { describe, expect, it } from 'vitest'
import { AckWindow } from './ack-window.ts'

describe(AckWindow.name, () => {
  it('acknowledges in the order messages came, each once everything before it is handled', () => {
    const sent: number[] = []
    const window = new AckWindow((id) => sent.push(id), 10)
    const [a, b, c] = [window.open(1), window.open(2), window.open(3)]
    c.settle()
    b.settle()
    expect(sent).toEqual([])
    a.settle()
    expect(sent).toEqual([1, 2, 3])
    expect(window.size).toBe(0)
  })

  it('holds the next message back while the window is full, and lets it in once one is acknowledged', async () => {
    const sent: number[] = []
    const window = new AckWindow((id) => sent.push(id), 2)
    const first = window.open(1)
    window.open(2)
    let admitted = false
    const room = window.whenRoom()
    expect(room).not.toBeNull()
    void room!.then(() => (admitted = true))
    await Promise.resolve()
    expect(admitted).toBe(false)
    first.settle()
    await room
    expect(admitted).toBe(true)
    expect(sent).toEqual([1])
    expect(window.whenRoom()).toBeNull()
  })

  it('counts a QoS 0 message against the window but sends no acknowledgement for it', () => {
    const sent: number[] = []
    const window = new AckWindow((id) => sent.push(id), 2)
    const zero = window.open(undefined)
    window.open(5)
    expect(window.whenRoom()).not.toBeNull()
    zero.settle()
    expect(sent).toEqual([])
    expect(window.size).toBe(1)
  })

  it('acknowledges nothing of a closed connection: those messages come again on the next', () => {
    const sent: number[] = []
    const window = new AckWindow((id) => sent.push(id), 10)
    const old = window.open(7)
    window.reset()
    const fresh = window.open(7)
    old.settle()
    expect(sent).toEqual([])
    fresh.settle()
    expect(sent).toEqual([7])
  })

  it('keeps acknowledging in order across many messages (the front is compacted now and then)', () => {
    const sent: number[] = []
    const window = new AckWindow((id) => sent.push(id), 20_000)
    const slots = Array.from({ length: 10_000 }, (_, i) => window.open(i % 65_535))
    for (let i = slots.length - 1; i >= 5_000; i--) slots[i]!.settle()
    for (let i = 0; i < 5_000; i++) slots[i]!.settle()
    expect(sent).toEqual(Array.from({ length: 10_000 }, (_, i) => i))
    const more = window.open(42)
    more.settle()
    expect(sent.at(-1)).toBe(42)
  })
})
