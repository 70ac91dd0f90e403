import type { GateDecision } from '../../../shared/schemas/gate.ts'

/**
 * A tone per decision so the guard need not look: two high beeps to admit, a long low buzz
 * to stop. Phones allow audio only after a tap, so `unlockSound` runs in tap handlers.
 */
let audio: AudioContext | undefined

/** Creates or resumes the audio context; call it from a tap handler. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext()
    void audio.resume()
  } catch {
    // No audio on this device: the colour still tells.
  }
}

function tone(context: AudioContext, frequency: number, start: number, seconds: number) {
  const oscillator = context.createOscillator()
  const gain = context.createGain()
  oscillator.frequency.value = frequency
  oscillator.type = 'square'
  gain.gain.value = 0.15
  oscillator.connect(gain).connect(context.destination)
  oscillator.start(context.currentTime + start)
  oscillator.stop(context.currentTime + start + seconds)
}

/** Plays the decision's tone, and vibrates on a stop. */
export function playDecision(decision: GateDecision): void {
  const admitted = decision === 'admit' || decision === 'admit_escort'
  if (!admitted) navigator.vibrate?.([300, 100, 300])
  if (!audio) return
  if (admitted) {
    tone(audio, 1320, 0, 0.09)
    tone(audio, 1320, 0.14, 0.09)
  } else {
    tone(audio, 220, 0, 0.7)
  }
}

/** A short click when a code is read. */
export function playRead(): void {
  if (audio) tone(audio, 2000, 0, 0.04)
}
