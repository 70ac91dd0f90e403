import { App, Button, Descriptions, Drawer, Form, Grid, Input, Select, Space, Spin, Tag, Timeline, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { z } from 'zod'
import type { Enterprise, liaisonOptionSchema, ownerHistorySchema } from '../../../shared/schemas/enterprise.ts'
import type { Team } from '../../../shared/schemas/enterprise-experts.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

interface Props {
  enterpriseId: string | undefined
  canEdit: boolean
  onClose(): void
  onChanged(): void
}

/**
 * One enterprise with the history of its responsible owners; staff hand it to another liaison
 * officer (and service team). The server keeps exactly one owner at a time and the whole history.
 */
export function EnterpriseDrawer({ enterpriseId, canEdit, onClose, onChanged }: Props) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const [version, setVersion] = useState(0)
  const [form] = Form.useForm<{ ownerAccountId?: string; teamId?: string; note?: string }>()
  const [busy, setBusy] = useState(false)
  const path = enterpriseId ? `/api/enterprise/registry/${enterpriseId}` : null
  const { data, error, loading, reload } = useApiData<Enterprise>(path, undefined, version)
  const e = data && data.id === enterpriseId ? data : undefined
  const history = useApiData<z.infer<typeof ownerHistorySchema>>(path ? `${path}/owners` : null, undefined, version)
  const liaisons = useApiData<z.infer<typeof liaisonOptionSchema>[]>(canEdit && e ? '/api/enterprise/registry/liaisons' : null, {
    areaId: e?.areaId,
  })
  const teams = useApiData<Team[]>(canEdit && e ? '/api/enterprise/teams' : null, { kind: 'liaison' })

  const hand = async () => {
    const values = form.getFieldsValue()
    if (!values.ownerAccountId) return
    setBusy(true)
    try {
      await api(`/api/enterprise/registry/${enterpriseId}/owner`, {
        method: 'PUT',
        body: { ownerAccountId: values.ownerAccountId, teamId: values.teamId, note: values.note?.trim() || undefined },
      })
      void message.success(t('ent.form.saved', { name: e?.name ?? '' }))
      form.resetFields()
      setVersion((v) => v + 1)
      onChanged()
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer
      open={Boolean(enterpriseId)}
      onClose={onClose}
      size={screens.sm ? 560 : '100%'}
      title={e?.name ?? ''}
      data-testid="enterprise-drawer"
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!e && loading ? <Spin /> : null}
      {e ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            items={[
              { key: 'code', label: t('ent.col.creditCode'), children: <span className="gl-mono">{e.creditCode}</span> },
              {
                key: 'industry',
                label: t('ent.col.industry'),
                children: (
                  <Space>
                    {d.enterprise.industry[e.industry]}
                    {e.aboveScale ? <Tag color="blue">{t('ent.registry.aboveScale')}</Tag> : null}
                  </Space>
                ),
              },
              {
                key: 'staff',
                label: t('ent.mine.staff'),
                children: t('ent.staffSplit', { local: e.staffLocal, other: e.staffOtherProvince }),
              },
              { key: 'area', label: t('ent.col.area'), children: e.areaName },
              { key: 'address', label: t('ent.form.address'), children: e.address ?? '—' },
              { key: 'contact', label: t('ent.form.contactName'), children: `${e.contactName ?? '—'} ${e.contactPhoneMasked ?? ''}` },
              {
                key: 'resumed',
                label: t('ent.col.resumed'),
                children: e.resumedAt ? t('ent.mine.resumed', { date: dayjs(e.resumedAt).format('YYYY-MM-DD') }) : t('ent.mine.notResumed'),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('ent.owner.history')}
          </Typography.Title>
          <Timeline
            data-testid="owner-history"
            items={(history.data ?? []).map((h) => ({
              color: h.until ? 'gray' : 'green',
              content: (
                <div>
                  <Typography.Text strong>{h.displayName}</Typography.Text>
                  {h.teamName ? <Typography.Text type="secondary"> · {h.teamName}</Typography.Text> : null}
                  <div className="gl-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                    {dayjs(h.since).format('YYYY-MM-DD')} → {h.until ? dayjs(h.until).format('YYYY-MM-DD') : t('ent.owner.now')}
                  </div>
                  {h.note ? <div>{h.note}</div> : null}
                </div>
              ),
            }))}
          />
          {canEdit ? (
            <Form form={form} layout="vertical">
              <Typography.Title level={5}>{t('ent.owner.change')}</Typography.Title>
              <Form.Item name="ownerAccountId" label={t('ent.form.owner')} required>
                <Select
                  loading={liaisons.loading}
                  options={(liaisons.data ?? []).map((l) => ({ value: l.id, label: `${l.displayName}（${l.areaName}）` }))}
                />
              </Form.Item>
              <Form.Item name="teamId" label={t('ent.mine.team')}>
                <Select
                  allowClear
                  loading={teams.loading}
                  options={(teams.data ?? []).map((team) => ({
                    value: team.id,
                    label: `${team.name}${team.formation ? `（${team.formation}）` : ''}`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="note" label={t('ent.act.note')}>
                <Input maxLength={500} />
              </Form.Item>
              <Button type="primary" loading={busy} onClick={hand}>
                {t('ent.owner.change')}
              </Button>
            </Form>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}
