import { CameraScanner as QrCameraScanner } from '../../components/qr/CameraScanner.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { unlockSound } from './sound.ts'

/** Remembers that the guard uses the camera, so the next visit opens it without a tap. */
const CAMERA_ON_KEY = 'gridline.gate.camera'

/**
 * The gate's camera: the shared scanner with the gate's words, size and memory. The stream
 * stays open between people; `decoding` pauses reading while the guard enters the temperature
 * or looks at the result. The tap that starts it also unlocks the gate's sounds.
 */
export function CameraScanner({ decoding, hidden, onCode }: { decoding: boolean; hidden?: boolean; onCode: (text: string) => void }) {
  const { t } = useI18n()
  return (
    <QrCameraScanner
      decoding={decoding}
      hidden={hidden}
      onCode={onCode}
      rememberKey={CAMERA_ON_KEY}
      onStart={unlockSound}
      className="gl-gate-scanner"
      testIdPrefix="gate"
      labels={{
        start: t('gate.cameraStart'),
        stop: t('gate.cameraStop'),
        hint: t('gate.cameraHint'),
        denied: t('gate.cameraDenied'),
        unavailable: t('gate.cameraUnavailable'),
      }}
    />
  )
}
