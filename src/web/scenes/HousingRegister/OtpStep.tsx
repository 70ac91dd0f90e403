import { Alert, Button, Input } from 'antd'
import { useState } from 'react'
import type { SubmittedRegistration } from '../../../shared/schemas/housing-registration.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** The one-time code step: the code went to the phone (in the embedded default, to the outbox). */
export function OtpStep({
  submitted,
  onConfirmed,
  onResend,
  onBack,
}: {
  submitted: SubmittedRegistration
  onConfirmed(): void
  onResend(): Promise<boolean>
  onBack(): void
}) {
  const { t } = useI18n()
  const [otp, setOtp] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await api(`/api/housing/public/registrations/${submitted.registrationId}/confirm`, { method: 'POST', body: { otp: otp.trim() } })
      onConfirmed()
    } catch (failure) {
      setError(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="gl-reg-otp" data-testid="otp-step">
      <h2>{t('reg.otpTitle')}</h2>
      <p>{t('reg.otpSent', { phone: submitted.phoneMasked })}</p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="otp-error" /> : null}
      <Input
        size="large"
        className="gl-mono gl-reg-otp-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder={t('reg.otp')}
        value={otp}
        onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))}
        onPressEnter={() => void confirm()}
        data-testid="otp-input"
      />
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        disabled={otp.length !== 6}
        onClick={() => void confirm()}
        style={{ marginTop: 12 }}
        data-testid="otp-confirm"
      >
        {t('reg.confirm')}
      </Button>
      <div className="gl-reg-otp-links">
        <Button type="link" onClick={onBack}>
          {t('reg.back')}
        </Button>
        <Button type="link" onClick={() => void onResend()}>
          {t('reg.resend')}
        </Button>
      </div>
    </div>
  )
}
