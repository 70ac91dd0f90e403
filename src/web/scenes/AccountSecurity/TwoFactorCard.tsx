import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Form, Input, Modal, QRCode, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { RecoveryCodes, TwoFactorEnrolment, TwoFactorStatus } from '../../../shared/schemas/auth.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/**
 * Two-step verification for the roles that may use it: enrol with a QR code and a first code,
 * keep the recovery codes (shown once), or turn it off with a current code.
 */
export function TwoFactorCard() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const status = useApiData<TwoFactorStatus>('/api/auth/two-factor')
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment>()
  const [recovery, setRecovery] = useState<string[]>()
  const [disabling, setDisabling] = useState(false)
  const [busy, setBusy] = useState(false)

  const attempt = async (action: () => Promise<void>) => {
    setBusy(true)
    try {
      await action()
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(false)
    }
  }
  const start = () => attempt(async () => setEnrolment(await api<TwoFactorEnrolment>('/api/auth/two-factor/enrolment', { method: 'POST' })))
  const confirm = ({ code }: { code: string }) =>
    attempt(async () => {
      const { recoveryCodes } = await api<RecoveryCodes>('/api/auth/two-factor/confirmation', {
        method: 'POST',
        body: { code: code.trim() },
      })
      setEnrolment(undefined)
      setRecovery(recoveryCodes)
      status.reload()
    })
  const disable = ({ code }: { code: string }) =>
    attempt(async () => {
      await api('/api/auth/two-factor/disable', { method: 'POST', body: { code: code.trim() } })
      setDisabling(false)
      void message.success(t('security.disabled'))
      status.reload()
    })

  if (status.error) return <LoadError error={status.error} onRetry={status.reload} />
  if (!status.data?.available) return null
  const { enabled, enabledAt, recoveryCodesLeft } = status.data
  const codeRule = [{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('security.enterCode') }]

  return (
    <Card title={t('security.twoFactor')} data-testid="two-factor-card">
      <Typography.Paragraph type="secondary">{t('security.twoFactorHint')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <SafetyCertificateOutlined style={{ color: enabled ? '#389e0d' : '#8c8c8c' }} />
          <Typography.Text strong data-testid="two-factor-status">
            {enabled ? t('security.twoFactorOn', { at: dayjs(enabledAt).format('YYYY-MM-DD HH:mm') }) : t('security.twoFactorOff')}
          </Typography.Text>
          {enabled ? <Typography.Text type="secondary">{t('security.recoveryLeft', { n: recoveryCodesLeft })}</Typography.Text> : null}
        </Space>
        {!enabled && !enrolment ? (
          <Button type="primary" onClick={() => void start()} loading={busy} data-testid="two-factor-enable">
            {t('security.enable')}
          </Button>
        ) : null}
        {enrolment ? (
          <div className="gl-two-factor-enrol">
            <Typography.Paragraph strong>{t('security.scan')}</Typography.Paragraph>
            <Space align="start" wrap size={24}>
              <QRCode value={enrolment.otpauthUri} errorLevel="M" size={200} type="canvas" data-testid="two-factor-qr" />
              <div>
                <Typography.Text type="secondary">{t('security.secret')}</Typography.Text>
                {/* groups of four are easier to type; apps ignore the spaces */}
                <Typography.Paragraph
                  copyable={{ text: enrolment.secret }}
                  className="gl-mono"
                  style={{ maxWidth: 260 }}
                  data-testid="two-factor-secret"
                >
                  {enrolment.secret.match(/.{1,4}/g)!.join(' ')}
                </Typography.Paragraph>
              </div>
            </Space>
            <Form<{ code: string }>
              layout="vertical"
              onFinish={(v) => void confirm(v)}
              requiredMark={false}
              style={{ maxWidth: 320, marginTop: 12 }}
            >
              <Form.Item name="code" label={t('security.enterCode')} rules={codeRule}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="two-factor-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="two-factor-confirm">
                {t('security.confirm')}
              </Button>
            </Form>
          </div>
        ) : null}
        {enabled && !disabling ? (
          <Button onClick={() => setDisabling(true)} data-testid="two-factor-disable">
            {t('security.disable')}
          </Button>
        ) : null}
        {enabled && disabling ? (
          <Form<{ code: string }> layout="inline" onFinish={(v) => void disable(v)} requiredMark={false}>
            <Form.Item name="code" label={t('security.disableText')} rules={codeRule}>
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                style={{ width: 120 }}
                data-testid="two-factor-disable-code"
              />
            </Form.Item>
            <Button danger htmlType="submit" loading={busy}>
              {t('security.disable')}
            </Button>
            <Button type="link" onClick={() => setDisabling(false)}>
              {t('login.codeBack')}
            </Button>
          </Form>
        ) : null}
      </Space>
      <Modal
        open={!!recovery}
        title={t('security.recoveryTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setRecovery(undefined)} data-testid="two-factor-recovery-saved">
            {t('security.recoverySaved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('security.recoveryText')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph copyable={{ text: recovery?.join('\n') }}>
          <span className="gl-recovery-codes gl-mono" data-testid="two-factor-recovery-codes">
            {recovery?.map((code) => (
              <span key={code}>{code}</span>
            ))}
          </span>
        </Typography.Paragraph>
      </Modal>
    </Card>
  )
}
