import { App, Button, Checkbox, Descriptions, Divider, Drawer, Form, InputNumber, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { FEVER_THRESHOLD_C } from '../../../shared/schemas/gate.ts'
import { SYMPTOMS, type Report, type ReturneeDetail, type Symptom } from '../../../shared/schemas/returnees.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { SelfLinkCard } from './SelfLinkCard.tsx'

/** One returnee: the registration, today's report form, and every report so far. */
export function ReturneeDrawer({
  returneeId,
  onClose,
  onChanged,
  selfServicePath,
}: {
  returneeId?: string
  onClose(): void
  onChanged(): void
  selfServicePath?: string
}) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [version, setVersion] = useState(0)
  const [temperature, setTemperature] = useState<number | null>(36.5)
  const [symptoms, setSymptoms] = useState<Symptom[]>([])
  const [saving, setSaving] = useState(false)
  const { data, error, reload } = useApiData<ReturneeDetail>(returneeId ? `/api/returnees/${returneeId}` : null, undefined, version)

  const submit = async () => {
    setSaving(true)
    try {
      await api(`/api/returnees/${returneeId}/reports`, { method: 'POST', body: { temperature, symptoms } })
      void message.success(t('returnees.reportSaved'))
      setVersion((v) => v + 1)
      onChanged()
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setSaving(false)
    }
  }

  const reportColumns = [
    { title: t('returnees.day'), dataIndex: 'day', render: (v: string) => <span className="gl-mono">{v}</span> },
    {
      title: t('returnees.temperature'),
      dataIndex: 'temperature',
      align: 'right' as const,
      render: (v: number | null) =>
        v === null ? (
          '—'
        ) : (
          <span className="gl-mono" style={{ color: v >= FEVER_THRESHOLD_C ? '#cf1322' : undefined }}>
            {v.toFixed(1)}
          </span>
        ),
    },
    {
      title: t('returnees.symptoms'),
      dataIndex: 'symptoms',
      render: (v: string[]) => v.map((s) => <Tag key={s}>{(d.devices.symptom as Record<string, string>)[s] ?? s}</Tag>),
    },
    {
      title: '',
      dataIndex: 'reportedBy',
      render: (v: Report['reportedBy']) => <span className="gl-page-sub">{t(`returnees.reportedBy.${v}` as UiKey)}</span>,
    },
  ]
  const observation = (data?.reports ?? []).filter((r) => r.phase === 'observation').reverse()
  const before = (data?.reports ?? []).filter((r) => r.phase === 'before').reverse()

  return (
    <Drawer
      open={!!returneeId}
      onClose={onClose}
      size={620}
      title={data ? `${data.personName} · ${t(`returnees.status.${data.status}` as UiKey)}` : ' '}
      destroyOnHidden
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data ? (
        <>
          <SelfLinkCard returneeId={data.id} issuedPath={selfServicePath} observing={data.status === 'observing'} />
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('returnees.cameFrom')}>{data.cameFrom}</Descriptions.Item>
            <Descriptions.Item label={t('col.area')}>{data.areaName}</Descriptions.Item>
            <Descriptions.Item label={t('returnees.arrivedOn')}>{data.arrivedOn}</Descriptions.Item>
            <Descriptions.Item label={t('returnees.endsOn')}>{data.observationEndsOn}</Descriptions.Item>
            <Descriptions.Item label={t('col.address')} span={2}>
              {data.address ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          {data.status === 'observing' ? (
            <>
              <Divider titlePlacement="start" plain>
                {t('returnees.report')}
              </Divider>
              <Form layout="vertical">
                <Space align="end" wrap>
                  <Form.Item label={t('returnees.temperature')} style={{ marginBottom: 8 }}>
                    <InputNumber
                      min={34}
                      max={43}
                      step={0.1}
                      precision={1}
                      value={temperature}
                      onChange={setTemperature}
                      data-testid="report-temperature"
                    />
                  </Form.Item>
                  <Form.Item style={{ marginBottom: 8 }}>
                    <Button type="primary" autoInsertSpace={false} loading={saving} onClick={submit} data-testid="report-submit">
                      {t('returnees.submitReport')}
                    </Button>
                  </Form.Item>
                </Space>
                <Form.Item label={t('returnees.symptoms')}>
                  <Checkbox.Group
                    value={symptoms}
                    onChange={(v) => setSymptoms(v as Symptom[])}
                    options={SYMPTOMS.map((s) => ({ value: s, label: d.devices.symptom[s] }))}
                  />
                </Form.Item>
              </Form>
            </>
          ) : null}
          <Divider titlePlacement="start" plain>
            {t('returnees.reports')}
          </Divider>
          <Table<Report> rowKey="day" size="small" columns={reportColumns} dataSource={observation} pagination={false} />
          <Divider titlePlacement="start" plain>
            {t('returnees.beforeReports')}
          </Divider>
          <Table<Report> rowKey="day" size="small" columns={reportColumns.slice(0, 2)} dataSource={before} pagination={false} />
        </>
      ) : null}
    </Drawer>
  )
}
