import { Alert, Button, Form, Input } from 'antd'
import { useState } from 'react'
import { meOtpRequestSchema, meOtpVerifySchema, type MeOtpSent, type MeSignedIn } from '../../../shared/schemas/resident.ts'
import { api } from '../../api/client.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const FIELDS = ['phone', 'otp']

/**
 * Phone number → one-time code. Signs the phone in, or (when it already is) adds the people of
 * that number with their own code: the code going to their phone is their consent.
 */
export function OtpSignIn({ submitLabel, onSignedIn }: { submitLabel: string; onSignedIn(result: MeSignedIn): void | Promise<void> }) {
  const { t } = useI18n()
  const [form] = Form.useForm<{ phone: string; otp: string }>()
  const problems = useFormProblems(form, FIELDS)
  const [sent, setSent] = useState<MeOtpSent>()
  const [busy, setBusy] = useState(false)
  const [banner, setBanner] = useState<string>()

  const run = async (step: () => Promise<void>) => {
    setBanner(undefined)
    problems.reset()
    setBusy(true)
    try {
      await step()
    } catch (error) {
      const shown = problems.showServer(error)
      if (shown.banner) setBanner(shown.banner)
    } finally {
      setBusy(false)
    }
  }

  const sendOtp = () =>
    run(async () => {
      const parsed = meOtpRequestSchema.safeParse({ phone: form.getFieldValue('phone') ?? '' })
      if (!parsed.success) return void problems.showIssues(parsed.error.issues)
      problems.clear()
      setSent(await api<MeOtpSent>('/api/public/me/otp', { method: 'POST', body: parsed.data }))
    })

  const verify = () =>
    run(async () => {
      const parsed = meOtpVerifySchema.safeParse({ phone: form.getFieldValue('phone') ?? '', otp: form.getFieldValue('otp') ?? '' })
      if (!parsed.success) return void problems.showIssues(parsed.error.issues)
      problems.clear()
      await onSignedIn(await api<MeSignedIn>('/api/public/me/otp/verify', { method: 'POST', body: parsed.data }))
      form.resetFields()
      setSent(undefined)
    })

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onValuesChange={(changed) => problems.fieldChanged(changed)}
      data-testid="me-otp-form"
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="phone" label={t('me.phone')}>
        <Input
          size="large"
          className="gl-mono"
          inputMode="tel"
          maxLength={14}
          autoComplete="tel"
          disabled={!!sent}
          placeholder={t('form.phonePlaceholder')}
          data-testid="me-phone"
        />
      </Form.Item>
      {sent ? (
        <>
          <p className="gl-me-hint" data-testid="me-otp-sent">
            {t('me.otpSent', { phone: sent.phoneMasked })}
          </p>
          <Form.Item name="otp" label={t('me.otp')}>
            <Input
              size="large"
              className="gl-mono gl-me-otp"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              onPressEnter={() => void verify()}
              data-testid="me-otp"
            />
          </Form.Item>
          <Button type="primary" size="large" block loading={busy} onClick={() => void verify()} data-testid="me-verify">
            {submitLabel}
          </Button>
          <div className="gl-me-links">
            <Button type="link" onClick={() => setSent(undefined)}>
              {t('me.changePhone')}
            </Button>
            <Button type="link" disabled={busy} onClick={() => void sendOtp()}>
              {t('me.resend')}
            </Button>
          </div>
        </>
      ) : (
        <Button type="primary" size="large" block loading={busy} onClick={() => void sendOtp()} data-testid="me-send-otp">
          {t('me.sendOtp')}
        </Button>
      )}
    </Form>
  )
}
