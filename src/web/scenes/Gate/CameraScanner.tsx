import { CameraOutlined, CloseOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useI18n } from '../../hooks/useI18n.ts'
import { unlockSound } from './sound.ts'
import { readQrCode } from './zxing.ts'

type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'unavailable'

/** Remembers that the guard uses the camera, so the next visit opens it without a tap. */
const CAMERA_ON_KEY = 'gridline.gate.camera'
/** Frames wider than this are scaled down: a QR at arm's length stays readable and decoding stays fast. */
const MAX_FRAME_WIDTH = 960
/** Pause between frames: enough for a phone CPU to breathe, quick enough to feel instant. */
const FRAME_GAP_MS = 100

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The rear camera, read frame by frame with zxing-wasm until a QR code appears. The stream stays
 * open between people (reopening it is slow); `decoding` pauses reading while the guard enters
 * the temperature or looks at the result.
 */
export function CameraScanner({ decoding, hidden, onCode }: { decoding: boolean; hidden?: boolean; onCode: (text: string) => void }) {
  const { t } = useI18n()
  const videoRef = useRef<HTMLVideoElement>(null)
  const streamRef = useRef<MediaStream | null>(null)
  // Bumped by every start and stop: a loop or a late getUserMedia of an older run gives up.
  const runRef = useRef(0)
  const decodingRef = useRef(decoding)
  const onCodeRef = useRef(onCode)
  const [state, setState] = useState<CameraState>('off')

  useEffect(() => {
    decodingRef.current = decoding && !hidden
    onCodeRef.current = onCode
  })

  const scanFrames = useCallback(async (run: number) => {
    const canvas = document.createElement('canvas')
    const context = canvas.getContext('2d', { willReadFrequently: true })
    while (run === runRef.current && context) {
      const video = videoRef.current
      if (decodingRef.current && video && video.readyState >= 2 && video.videoWidth > 0) {
        const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth)
        canvas.width = Math.round(video.videoWidth * scale)
        canvas.height = Math.round(video.videoHeight * scale)
        context.drawImage(video, 0, 0, canvas.width, canvas.height)
        try {
          const text = await readQrCode(context.getImageData(0, 0, canvas.width, canvas.height))
          if (text && run === runRef.current && decodingRef.current) onCodeRef.current(text)
        } catch {
          // The wasm failed to load or one frame failed: try the next frame.
        }
      }
      await sleep(FRAME_GAP_MS)
    }
  }, [])

  const stop = useCallback((remember: boolean) => {
    runRef.current++
    streamRef.current?.getTracks().forEach((track) => track.stop())
    streamRef.current = null
    setState('off')
    if (remember) localStorage.setItem(CAMERA_ON_KEY, 'off')
  }, [])

  const start = useCallback(async () => {
    unlockSound()
    const run = ++runRef.current
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unavailable')
      return
    }
    setState('starting')
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      })
      if (run !== runRef.current) {
        stream.getTracks().forEach((track) => track.stop())
        return
      }
      streamRef.current = stream
      const video = videoRef.current!
      video.srcObject = stream
      await video.play()
      setState('on')
      localStorage.setItem(CAMERA_ON_KEY, 'on')
      void scanFrames(run)
    } catch (error) {
      if (run !== runRef.current) return
      setState((error as Error).name === 'NotAllowedError' ? 'denied' : 'unavailable')
    }
  }, [scanFrames])

  useEffect(() => {
    if (localStorage.getItem(CAMERA_ON_KEY) === 'on') void start()
    return () => stop(false)
  }, [start, stop])

  const on = state === 'on'
  return (
    <div className="gl-gate-camera-wrap" hidden={hidden}>
      <div className={`gl-gate-camera${on ? ' gl-gate-camera-on' : ''}`} data-testid="gate-camera" data-state={state}>
        <video ref={videoRef} muted playsInline />
        {on ? (
          <>
            <div className="gl-gate-viewfinder" aria-hidden />
            <div className="gl-gate-camera-hint">{t('gate.cameraHint')}</div>
            <Button
              className="gl-gate-camera-stop"
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={t('gate.cameraStop')}
              onClick={() => stop(true)}
              data-testid="gate-camera-stop"
            />
          </>
        ) : (
          <Button
            type="primary"
            size="large"
            icon={<CameraOutlined />}
            loading={state === 'starting'}
            onClick={() => void start()}
            className="gl-gate-camera-start"
            data-testid="gate-camera-start"
          >
            {t('gate.cameraStart')}
          </Button>
        )}
      </div>
      {state === 'denied' || state === 'unavailable' ? (
        <Alert type="warning" showIcon title={t(state === 'denied' ? 'gate.cameraDenied' : 'gate.cameraUnavailable')} style={{ marginTop: 8 }} />
      ) : null}
    </div>
  )
}
