let context: AudioContext | null = null

/**
 * Two short tones, like a pager: loud enough across a village office, over in half a second.
 * Browsers keep audio muted until the user has clicked the page once; then it plays.
 */
export function playAlertSound(): void {
  try {
    context ??= new AudioContext()
    if (context.state === 'suspended') void context.resume()
    const start = context.currentTime
    for (const [offset, frequency] of [
      [0, 880],
      [0.22, 660],
    ] as const) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, start + offset)
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(start + offset)
      oscillator.stop(start + offset + 0.21)
    }
  } catch {
    // No audio device (a server, a locked-down browser): the visual notice is enough.
  }
}
