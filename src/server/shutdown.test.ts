import { afterEach, describe, expect, it } from 'vitest'
import { handleStopSignals, REPEAT_GRACE_MS } from './shutdown.ts'

describe('stop signals', () => {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') }
  afterEach(() => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.off(signal, l)
  })

  it('drains once and exits 0; the echo of one Ctrl-C (npm forwards it again) does not force, a later one does', async () => {
    let clock = 0
    let stops = 0
    let finish: () => void = () => {}
    const exits: number[] = []
    const stop = () => {
      stops++
      return new Promise<void>((resolve) => {
        finish = resolve
      })
    }
    const onSignal = handleStopSignals({ stop, log: () => {}, exit: (code) => exits.push(code), now: () => clock })
    onSignal('SIGINT')
    clock += 20
    onSignal('SIGINT')
    expect(stops).toBe(1)
    expect(exits).toEqual([])
    clock += REPEAT_GRACE_MS
    onSignal('SIGINT')
    expect(exits).toEqual([1])
    finish()
    await new Promise((resolve) => setImmediate(resolve))
    expect(exits).toEqual([1, 0])
  })
})
