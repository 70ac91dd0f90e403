import { CameraOutlined, CheckCircleFilled, PictureOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, Button, Input } from 'antd'
import { useRef, useState, type ChangeEvent } from 'react'
import { looksLikeHealthCode } from '../../../shared/schemas/housing-registration.ts'
import { CameraScanner } from '../../components/qr/CameraScanner.tsx'
import { readQrImage } from '../../components/qr/zxing.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** The format a code's prefix names, for the label shown once it is read (the server verifies). */
function formatOf(code: string): 'gridline' | 'dcc' | 'shc' {
  const text = code.trim().toUpperCase()
  return text.startsWith('HC1:') ? 'dcc' : text.startsWith('SHC:/') ? 'shc' : 'gridline'
}

type Problem = 'reg.scan.notFound' | 'reg.scan.notHealth' | 'reg.scan.pictureFailed'

/**
 * The health code, read rather than typed: the phone's camera, or a screenshot from the app that
 * shows the code (the tenant is looking at that app on the same phone), with pasting the text as
 * the last resort behind a small link. A new arrival without a code says so instead.
 * Used as a Form.Item control: `value` and `onChange` carry the code's text.
 */
export function HealthCodeField({
  value,
  onChange,
  newArrival,
  onNewArrival,
}: {
  value?: string
  onChange?: (code: string | undefined) => void
  newArrival: boolean
  onNewArrival: (newArrival: boolean) => void
}) {
  const { t, d } = useI18n()
  const [scanning, setScanning] = useState(false)
  const [pasting, setPasting] = useState(false)
  const [pasted, setPasted] = useState('')
  const [reading, setReading] = useState(false)
  const [problem, setProblem] = useState<Problem>()
  const fileRef = useRef<HTMLInputElement>(null)

  const accept = (text: string) => {
    if (!looksLikeHealthCode(text)) {
      setProblem('reg.scan.notHealth')
      return false
    }
    setProblem(undefined)
    setScanning(false)
    setPasting(false)
    onChange?.(text.trim())
    return true
  }

  const readPicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    // Cleared so choosing the same picture again fires another change.
    event.target.value = ''
    if (!file) return
    setScanning(false)
    setReading(true)
    setProblem(undefined)
    try {
      const text = await readQrImage(file)
      if (text) accept(text)
      else setProblem('reg.scan.notFound')
    } catch {
      setProblem('reg.scan.pictureFailed')
    } finally {
      setReading(false)
    }
  }

  if (newArrival) {
    return (
      <div data-testid="reg-new-arrival-note">
        <Alert type="info" showIcon title={t('reg.scan.newArrival')} />
        <Button type="link" size="small" className="gl-reg-scan-link" onClick={() => onNewArrival(false)} data-testid="reg-have-code">
          {t('reg.scan.haveCode')}
        </Button>
      </div>
    )
  }

  if (value) {
    return (
      <div className="gl-reg-scan-read" data-testid="health-code-read" data-format={formatOf(value)}>
        <CheckCircleFilled className="gl-reg-scan-read-icon" />
        <div className="gl-reg-scan-read-text">
          <div>{t('reg.scan.read')}</div>
          <div className="gl-reg-scan-read-format">
            {formatOf(value) === 'gridline' ? t('reg.scan.formatLocal') : d.housing.healthFormat[formatOf(value)]}
          </div>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => onChange?.(undefined)} data-testid="reg-scan-again">
          {t('reg.scan.again')}
        </Button>
      </div>
    )
  }

  return (
    <div className="gl-reg-scan" data-testid="reg-scan">
      <p className="gl-reg-scan-hint">{t('reg.scan.hint')}</p>
      {scanning ? (
        <CameraScanner
          decoding
          autoStart
          onCode={accept}
          testIdPrefix="reg"
          labels={{
            start: t('reg.scan.camera'),
            stop: t('reg.scan.cameraStop'),
            hint: t('reg.scan.cameraHint'),
            denied: t('reg.scan.cameraDenied'),
            unavailable: t('reg.scan.cameraUnavailable'),
          }}
        />
      ) : null}
      <div className="gl-reg-scan-buttons">
        {scanning ? null : (
          <Button type="primary" size="large" icon={<CameraOutlined />} onClick={() => setScanning(true)} data-testid="reg-scan-camera">
            {t('reg.scan.camera')}
          </Button>
        )}
        <Button
          size="large"
          icon={<PictureOutlined />}
          loading={reading}
          onClick={() => fileRef.current?.click()}
          data-testid="reg-scan-picture"
        >
          {reading ? t('reg.scan.reading') : t('reg.scan.picture')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          style={{ display: 'none' }}
          onChange={(event) => void readPicture(event)}
          data-testid="reg-picture-input"
        />
      </div>
      {problem ? <Alert type="warning" showIcon title={t(problem)} style={{ marginTop: 8 }} data-testid="reg-scan-problem" /> : null}
      {pasting ? (
        <div className="gl-reg-paste">
          <Input.TextArea
            rows={3}
            className="gl-mono"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={t('reg.scan.pastePlaceholder')}
            data-testid="reg-health-code"
          />
          <Button block disabled={!pasted.trim()} onClick={() => accept(pasted)} style={{ marginTop: 8 }} data-testid="reg-paste-use">
            {t('reg.scan.usePaste')}
          </Button>
        </div>
      ) : null}
      <div className="gl-reg-scan-links">
        {pasting ? null : (
          <Button type="link" size="small" className="gl-reg-scan-link" onClick={() => setPasting(true)} data-testid="reg-paste-link">
            {t('reg.scan.paste')}
          </Button>
        )}
        <Button type="link" size="small" className="gl-reg-scan-link" onClick={() => onNewArrival(true)} data-testid="reg-new-arrival">
          {t('reg.scan.none')}
        </Button>
      </div>
    </div>
  )
}
