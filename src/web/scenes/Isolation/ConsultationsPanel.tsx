import { VideoCameraOutlined } from '@ant-design/icons'
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import {
  CONSULTATION_OUTCOMES,
  closeConsultationSchema,
  type Consultation,
  type ConsultationOutcome,
} from '../../../shared/schemas/consultation.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'

const STATUS_COLOUR = { queued: 'orange', in_progress: 'blue', closed: 'default', cancelled: 'default' } as const

/**
 * 微医通: the queue of the area (oldest first) and recent consultations. Doctors take one, join
 * the video call of the area's service and close it with notes and an outcome.
 */
export function ConsultationsPanel() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const doctor = account.role === 'doctor'
  const [version, setVersion] = useState(0)
  const [closing, setClosing] = useState<Consultation | null>(null)
  const [notes, setNotes] = useState('')
  const [outcome, setOutcome] = useState<ConsultationOutcome>('advice')
  const { data, error, loading, reload } = useApiData<Consultation[]>('/api/consultations', undefined, version)

  const take = async (c: Consultation) => {
    try {
      const taken = await api<Consultation>(`/api/consultations/${c.id}/take`, { method: 'POST' })
      if (taken.videoUrl) window.open(taken.videoUrl, '_blank', 'noopener')
      setVersion((v) => v + 1)
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }
  const close = async () => {
    const parsed = closeConsultationSchema.safeParse({ notes, outcome })
    if (!parsed.success || !closing) return
    try {
      await api(`/api/consultations/${closing.id}/close`, { method: 'POST', body: parsed.data })
      setClosing(null)
      setNotes('')
      setVersion((v) => v + 1)
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  const columns: TableColumnsType<Consultation> = [
    {
      title: t('alerts.status'),
      dataIndex: 'status',
      render: (s: Consultation['status']) => <Tag color={STATUS_COLOUR[s]}>{d.devices.consultStatus[s]}</Tag>,
    },
    { title: t('alerts.person'), dataIndex: 'personName' },
    { title: t('consult.reason'), dataIndex: 'reason', ellipsis: true },
    {
      title: t('alerts.time'),
      dataIndex: 'createdAt',
      render: (v: string) => <span className="gl-mono">{dayjs(v).format('MM-DD HH:mm')}</span>,
    },
    { title: t('consult.doctor'), dataIndex: 'doctorName', render: (v: string | null) => v ?? '—', responsive: ['md'] },
    {
      title: t('consult.outcome'),
      dataIndex: 'outcome',
      render: (v: ConsultationOutcome | null) => (v ? d.devices.outcome[v] : '—'),
      responsive: ['lg'],
    },
    {
      key: 'actions',
      align: 'right',
      render: (_: unknown, c) => (
        <Space size={4}>
          {doctor && c.status === 'queued' ? (
            <Button size="small" type="primary" onClick={() => take(c)}>
              {t('consult.take')}
            </Button>
          ) : null}
          {c.status === 'in_progress' && c.videoUrl ? (
            <Button size="small" icon={<VideoCameraOutlined />} href={c.videoUrl} target="_blank">
              {t('consult.video')}
            </Button>
          ) : null}
          {doctor && c.status === 'in_progress' ? (
            <Button size="small" onClick={() => setClosing(c)}>
              {t('consult.close')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Consultation>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 820 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ rowExpandable: (c) => !!c.notes, expandedRowRender: (c) => <span>{c.notes}</span> }}
      />
      <Modal
        open={closing !== null}
        title={t('consult.close')}
        onCancel={() => setClosing(null)}
        onOk={close}
        okButtonProps={{ disabled: !notes.trim() }}
      >
        <Form layout="vertical">
          <Form.Item label={t('consult.notes')} required>
            <Input.TextArea rows={5} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('consult.outcome')}>
            <Select
              value={outcome}
              onChange={setOutcome}
              options={CONSULTATION_OUTCOMES.map((o) => ({ value: o, label: d.devices.outcome[o] }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
