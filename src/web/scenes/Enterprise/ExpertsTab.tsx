import { App, Button, Card, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { ROLES_RUNNING_EXPERT_SERVICE } from '../../../shared/roles.ts'
import type { Booking, Consultation, Slot } from '../../../shared/schemas/enterprise-experts.ts'
import { EXPERT_FIELDS, type ExpertField } from '../../../shared/schemas/enterprise-problem.ts'
import { api, errorText } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'

const when = (iso: string) => dayjs(iso).format('MM-DD ddd HH:mm')

/** A one-field dialog (topic of a booking, record of a visit, conclusion of a consultation). */
function TextDialog({
  title,
  label,
  open,
  onCancel,
  onOk,
}: {
  title: string
  label: string
  open: boolean
  onCancel(): void
  onOk(text: string): Promise<void>
}) {
  const [form] = Form.useForm<{ text: string }>()
  const [busy, setBusy] = useState(false)
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      destroyOnHidden
      confirmLoading={busy}
      onOk={async () => {
        const text = (form.getFieldValue('text') as string | undefined)?.trim()
        if (!text) return
        setBusy(true)
        try {
          await onOk(text)
          form.resetFields()
        } finally {
          setBusy(false)
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={label} required>
          <Input.TextArea rows={3} maxLength={1000} data-testid="expert-dialog-text" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/**
 * 两专服务团 in its four modes: free slots to book (预约出诊, or dispatch by field), booked and
 * recorded visits, remote consultations and panel reviews with their conclusions.
 */
export function ExpertsTab() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const [field, setField] = useState<ExpertField>()
  const [version, setVersion] = useState(0)
  const [dialog, setDialog] = useState<{ kind: 'book' | 'dispatch' | 'visit' | 'conclude'; id?: string }>()
  const isEnterprise = account.role === 'enterprise'
  const runs = ROLES_RUNNING_EXPERT_SERVICE.includes(account.role)
  const slots = useApiData<Slot[]>(
    '/api/enterprise/experts/slots',
    { field, available: 'yes', from: `${new Date().toISOString().slice(0, 13)}:00:00Z` },
    version,
  )
  const bookings = useApiData<Page<Booking>>('/api/enterprise/experts/bookings', { pageSize: 50 }, version)
  const consultations = useApiData<Consultation[]>('/api/enterprise/experts/consultations', undefined, version)
  const done = () => setVersion((v) => v + 1)

  const submit = async (text: string) => {
    if (!dialog) return
    try {
      if (dialog.kind === 'book' || dialog.kind === 'dispatch') {
        const body = dialog.kind === 'book' ? { slotId: dialog.id, topic: text } : { field, topic: text }
        const booking = await api<Booking>('/api/enterprise/experts/bookings', { method: 'POST', body })
        void message.success(t('ent.experts.booked', { expert: booking.slot.expertName, time: when(booking.slot.startsAt) }))
      } else if (dialog.kind === 'visit') {
        await api(`/api/enterprise/experts/bookings/${dialog.id}/visit`, { method: 'POST', body: { record: text } })
      } else {
        await api(`/api/enterprise/experts/consultations/${dialog.id}/conclusion`, { method: 'POST', body: { conclusion: text } })
      }
      setDialog(undefined)
      done()
    } catch (error) {
      void message.error(errorText(error))
      done()
    }
  }

  const cancel = async (id: string) => {
    try {
      await api(`/api/enterprise/experts/bookings/${id}/cancel`, { method: 'POST', body: {} })
      done()
    } catch (error) {
      void message.error(errorText(error))
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('ent.experts.slots')} styles={{ body: { padding: 16 } }}>
        {slots.error ? <LoadError error={slots.error} onRetry={slots.reload} /> : null}
        <div className="gl-toolbar">
          <Select<ExpertField | undefined>
            allowClear
            placeholder={t('ent.experts.field')}
            value={field}
            onChange={setField}
            options={EXPERT_FIELDS.map((f) => ({ value: f, label: d.enterprise.field[f] }))}
            style={{ width: 180 }}
            data-testid="experts-field"
          />
          {isEnterprise ? (
            <Button disabled={!field} onClick={() => setDialog({ kind: 'dispatch' })}>
              {t('ent.experts.dispatch')}
            </Button>
          ) : null}
        </div>
        <Table<Slot>
          size="small"
          rowKey="id"
          loading={slots.loading}
          dataSource={slots.data ?? []}
          pagination={{ pageSize: 8 }}
          locale={{ emptyText: t('ent.experts.noSlots') }}
          scroll={{ x: 720 }}
          data-testid="experts-slots"
          columns={[
            {
              title: t('ent.experts.time'),
              dataIndex: 'startsAt',
              width: 160,
              render: (iso: string) => <span className="gl-mono">{when(iso)}</span>,
            },
            {
              title: t('ent.experts.expert'),
              key: 'expert',
              render: (_, s) => `${s.expertName}${s.expertTitle ? `（${s.expertTitle}）` : ''}`,
            },
            { title: t('ent.experts.team'), dataIndex: 'teamName', ellipsis: true },
            { title: t('ent.experts.mode'), dataIndex: 'mode', width: 80, render: (m: string) => d.enterprise.slotMode[m] },
            ...(isEnterprise
              ? [
                  {
                    title: '',
                    key: 'book',
                    width: 110,
                    render: (_: unknown, s: Slot) => (
                      <Button size="small" type="primary" onClick={() => setDialog({ kind: 'book', id: s.id })}>
                        {t('ent.experts.book')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card title={account.role === 'expert' ? t('ent.experts.visits') : t('ent.experts.myBookings')} styles={{ body: { padding: 16 } }}>
        <Table<Booking>
          size="small"
          rowKey="id"
          loading={bookings.loading}
          dataSource={bookings.data?.items ?? []}
          pagination={{ pageSize: 8 }}
          scroll={{ x: 820 }}
          data-testid="experts-bookings"
          columns={[
            {
              title: t('ent.experts.time'),
              key: 'time',
              width: 150,
              render: (_, b) => <span className="gl-mono">{when(b.slot.startsAt)}</span>,
            },
            { title: t('ent.experts.expert'), key: 'expert', width: 140, render: (_, b) => b.slot.expertName },
            { title: t('ent.col.enterprise'), dataIndex: 'enterpriseName', width: 180, ellipsis: true },
            { title: t('ent.experts.topic'), dataIndex: 'topic', ellipsis: true },
            {
              title: t('ent.col.state'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => (
                <Tag color={s === 'visited' ? 'green' : s === 'booked' ? 'blue' : 'default'}>{d.enterprise.bookingStatus[s]}</Tag>
              ),
            },
            {
              title: '',
              key: 'act',
              width: 120,
              render: (_, b) =>
                b.status !== 'booked' ? (
                  b.visitRecord ? (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: b.visitRecord }}>
                      {b.visitRecord}
                    </Typography.Text>
                  ) : null
                ) : runs && !isEnterprise ? (
                  <Button size="small" onClick={() => setDialog({ kind: 'visit', id: b.id })}>
                    {t('ent.experts.record')}
                  </Button>
                ) : (
                  <Button size="small" danger onClick={() => cancel(b.id)}>
                    {t('ent.experts.cancel')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>

      <Card title={t('ent.experts.consultations')} styles={{ body: { padding: 16 } }}>
        <List
          loading={consultations.loading}
          dataSource={consultations.data ?? []}
          locale={{ emptyText: t('ent.board.none') }}
          renderItem={(c) => (
            <List.Item
              actions={
                runs && c.status === 'scheduled'
                  ? [
                      <Button key="conclude" size="small" onClick={() => setDialog({ kind: 'conclude', id: c.id })}>
                        {t('ent.experts.conclude')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={6}>
                    <Tag color={c.kind === 'panel' ? 'purple' : 'cyan'}>{d.enterprise.consultationKind[c.kind]}</Tag>
                    <span>{c.topic}</span>
                    <Tag>{d.enterprise.consultationStatus[c.status]}</Tag>
                  </Space>
                }
                description={
                  <div>
                    <div>
                      {c.enterpriseName} · <span className="gl-mono">{dayjs(c.scheduledAt).format('YYYY-MM-DD HH:mm')}</span> ·{' '}
                      {t('ent.experts.members')}：{c.members.map((m) => m.name).join('、')}
                    </div>
                    {c.videoLink ? (
                      <div>
                        {t('ent.experts.videoLink')}：
                        <a href={c.videoLink} target="_blank" rel="noreferrer">
                          {c.videoLink}
                        </a>
                      </div>
                    ) : null}
                    {c.conclusion ? (
                      <div style={{ color: 'rgba(0,0,0,0.75)' }}>
                        {t('ent.experts.conclusion')}：{c.conclusion}
                      </div>
                    ) : null}
                    {c.actions.length ? (
                      <div>
                        {t('ent.experts.actions')}：
                        {c.actions
                          .map((a) => `${a.description}${a.ownerName ? `（${a.ownerName}${a.dueOn ? ` · ${a.dueOn}` : ''}）` : ''}`)
                          .join('；')}
                      </div>
                    ) : null}
                  </div>
                }
              />
            </List.Item>
          )}
        />
      </Card>

      <TextDialog
        open={Boolean(dialog)}
        title={
          dialog?.kind === 'visit'
            ? t('ent.experts.record')
            : dialog?.kind === 'conclude'
              ? t('ent.experts.conclude')
              : dialog?.kind === 'dispatch'
                ? t('ent.experts.dispatch')
                : t('ent.experts.book')
        }
        label={
          dialog?.kind === 'visit'
            ? t('ent.experts.recordText')
            : dialog?.kind === 'conclude'
              ? t('ent.experts.conclusion')
              : t('ent.experts.topic')
        }
        onCancel={() => setDialog(undefined)}
        onOk={submit}
      />
    </Space>
  )
}
