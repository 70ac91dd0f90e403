import { CameraOutlined, CloseOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { readQrCode } from './zxing.ts'
import './qr.css'

type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'unavailable'

/** Frames wider than this are scaled down: a QR at arm's length stays readable and decoding stays fast. */
const MAX_FRAME_WIDTH = 960
/** Pause between frames: enough for a phone CPU to breathe, quick enough to feel instant. */
const FRAME_GAP_MS = 100

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface CameraScannerLabels {
  start: string
  stop: string
  hint: string
  denied: string
  unavailable: string
}

export interface CameraScannerProps {
  /** false pauses reading (the stream stays open) */
  decoding: boolean
  hidden?: boolean
  onCode: (text: string) => void
  labels: CameraScannerLabels
  /** localStorage key that remembers the camera was on, so the next visit opens it without a tap */
  rememberKey?: string
  /** Called in the tap that starts the camera (the gate unlocks its sounds there). */
  onStart?: () => void
  /** Opens the camera as soon as it mounts (the user's tap already asked for it). */
  autoStart?: boolean
  /** A class on the wrapper, for a page that sizes the scanner its own way (the gate) */
  className?: string
  /** data-testid prefix: `${prefix}-camera`, `-camera-start`, `-camera-stop` */
  testIdPrefix?: string
}

/**
 * The rear camera, read frame by frame with zxing-wasm until a QR code appears. The stream stays
 * open between codes (reopening it is slow); `decoding` pauses reading meanwhile. Shared by the
 * gate scanner and the tenant registration page.
 */
export function CameraScanner({
  decoding,
  hidden,
  onCode,
  labels,
  rememberKey,
  onStart,
  autoStart,
  className,
  testIdPrefix = 'qr',
}: CameraScannerProps) {
  const videoRef = useRef<HTMLVideoElement>(null)
  const streamRef = useRef<MediaStream | null>(null)
  // Bumped by every start and stop: a loop or a late getUserMedia of an older run gives up.
  const runRef = useRef(0)
  const decodingRef = useRef(decoding)
  const onCodeRef = useRef(onCode)
  const onStartRef = useRef(onStart)
  const [state, setState] = useState<CameraState>('off')

  useEffect(() => {
    decodingRef.current = decoding && !hidden
    onCodeRef.current = onCode
    onStartRef.current = onStart
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

  const stop = useCallback(
    (remember: boolean) => {
      runRef.current++
      for (const track of streamRef.current?.getTracks() ?? []) track.stop()
      streamRef.current = null
      setState('off')
      if (remember && rememberKey) localStorage.setItem(rememberKey, 'off')
    },
    [rememberKey],
  )

  const start = useCallback(async () => {
    onStartRef.current?.()
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
        for (const track of stream.getTracks()) track.stop()
        return
      }
      streamRef.current = stream
      const video = videoRef.current!
      video.srcObject = stream
      await video.play()
      setState('on')
      if (rememberKey) localStorage.setItem(rememberKey, 'on')
      void scanFrames(run)
    } catch (error) {
      if (run !== runRef.current) return
      setState((error as Error).name === 'NotAllowedError' ? 'denied' : 'unavailable')
    }
  }, [scanFrames, rememberKey])

  useEffect(() => {
    if (autoStart || (rememberKey && localStorage.getItem(rememberKey) === 'on')) void start()
    return () => stop(false)
  }, [start, stop, autoStart, rememberKey])

  const on = state === 'on'
  const p = 'gl-qr'
  return (
    <div className={className ? `${p}-camera-wrap ${className}` : `${p}-camera-wrap`} hidden={hidden}>
      <div className={`${p}-camera${on ? ` ${p}-camera-on` : ''}`} data-testid={`${testIdPrefix}-camera`} data-state={state}>
        <video ref={videoRef} muted playsInline />
        {on ? (
          <>
            <div className={`${p}-viewfinder`} aria-hidden />
            <div className={`${p}-camera-hint`}>{labels.hint}</div>
            <Button
              className={`${p}-camera-stop`}
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={labels.stop}
              onClick={() => stop(true)}
              data-testid={`${testIdPrefix}-camera-stop`}
            />
          </>
        ) : (
          <Button
            type="primary"
            size="large"
            icon={<CameraOutlined />}
            loading={state === 'starting'}
            onClick={() => void start()}
            className={`${p}-camera-start`}
            data-testid={`${testIdPrefix}-camera-start`}
          >
            {labels.start}
          </Button>
        )}
      </div>
      {state === 'denied' || state === 'unavailable' ? (
        <Alert type="warning" showIcon title={state === 'denied' ? labels.denied : labels.unavailable} style={{ marginTop: 8 }} />
      ) : null}
    </div>
  )
}
