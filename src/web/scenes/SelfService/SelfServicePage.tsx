import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Result, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useParams } from 'react-router-dom'
import { SYMPTOMS, type SelfServiceView, type Symptom } from '../../../shared/schemas/returnees.ts'
import { api, ApiError, errorText } from '../../api/client.ts'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/**
 * The person's own phone page (no account), reached through the link the landlord or grid
 * worker passed on: today's temperature and symptoms, and a request for a remote consultation.
 */
export function SelfServicePage() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const { token } = useParams()
  const [version, setVersion] = useState(0)
  const [temperature, setTemperature] = useState<number | null>(36.5)
  const [symptoms, setSymptoms] = useState<Symptom[]>([])
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const { data, error, loading } = useApiData<SelfServiceView>(`/api/self/${token}`, undefined, version)

  const run = async (path: string, body: unknown, done: string) => {
    setBusy(true)
    try {
      await api(`/api/self/${token}/${path}`, { method: 'POST', body })
      void message.success(done)
      setVersion((v) => v + 1)
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  if (loading && !data) return <Spin style={{ display: 'block', margin: '30vh auto' }} />
  // 410: the grid worker issued a newer link; say so, so the person asks for it rather than retrying this one.
  if (error instanceof ApiError && error.status === 410)
    return <Result status="warning" title={t('links.self.replaced')} subTitle={t('links.self.replacedHint')} data-testid="self-replaced" />
  if (error || !data) return <Result status="warning" title={t('self.invalid')} />
  const waiting = data.consultation && (data.consultation.status === 'queued' || data.consultation.status === 'in_progress')
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('self.title')}
        </Typography.Title>
        <LanguageToggle />
      </Space>
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('self.hello', { name: data.greetingName })}
        </Typography.Title>
        {data.returnee ? <div>{t('self.observing', { day: data.returnee.observationEndsOn })}</div> : null}
        {data.isolation ? <div>{t('self.isolating', { day: data.isolation.endsAt.slice(0, 10) })}</div> : null}
      </Card>
      {data.returnee ? (
        <Card title={t('returnees.report')} style={{ marginBottom: 12 }}>
          {data.returnee.reportedToday ? <Alert type="success" showIcon title={t('self.done')} style={{ marginBottom: 12 }} /> : null}
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>{t('returnees.temperature')}</span>
            <InputNumber
              size="large"
              min={34}
              max={43}
              step={0.1}
              precision={1}
              value={temperature}
              onChange={setTemperature}
              style={{ width: '100%' }}
              inputMode="decimal"
            />
            <span>{t('returnees.symptoms')}</span>
            <Checkbox.Group
              value={symptoms}
              onChange={(v) => setSymptoms(v as Symptom[])}
              options={SYMPTOMS.map((s) => ({ value: s, label: d.devices.symptom[s] }))}
            />
            <Button
              type="primary"
              size="large"
              block
              loading={busy}
              disabled={temperature === null}
              onClick={() => run('reports', { temperature, symptoms }, t('returnees.reportSaved'))}
            >
              {t('returnees.submitReport')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Card title={t('self.askDoctor')}>
        {data.consultation?.videoUrl ? (
          <Button type="primary" size="large" block href={data.consultation.videoUrl} target="_blank">
            {t('self.videoReady')}
          </Button>
        ) : waiting ? (
          <Alert type="info" showIcon title={t('self.requested')} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('self.reasonPlaceholder')}
            />
            <Button
              size="large"
              block
              loading={busy}
              disabled={!reason.trim()}
              onClick={() => run('consultations', { reason }, t('self.requested'))}
            >
              {t('consult.request')}
            </Button>
          </Space>
        )}
      </Card>
    </div>
  )
}
