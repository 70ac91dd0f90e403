import { CheckCircleFilled, CloseCircleFilled, PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Drawer, Grid, Input, Space, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { CHECKLIST_PARTS, type Resumption, type ResumptionStatus } from '../../../shared/schemas/enterprise-resumption.ts'
import { api, errorText } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { ResumptionFormModal } from './ResumptionFormModal.tsx'

const STATUS_COLORS: Record<ResumptionStatus, string> = { submitted: 'gold', approved: 'green', returned: 'red' }

/** One application: the checklist item by item, the plan, and (for the office) approve or return. */
function ResumptionDrawer({
  application,
  canDecide,
  onClose,
  onDecided,
}: {
  application?: Resumption
  canDecide: boolean
  onClose(): void
  onDecided(): void
}) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const decide = async (decision: 'approve' | 'return') => {
    setBusy(true)
    try {
      await api(`/api/enterprise/resumption/${application!.id}/decision`, {
        method: 'POST',
        body: { decision, note: note.trim() || undefined },
      })
      void message.success(t('ent.res.decided'))
      setNote('')
      onDecided()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setBusy(false)
    }
  }
  const a = application
  return (
    <Drawer
      open={Boolean(a)}
      onClose={onClose}
      size={screens.sm ? 600 : '100%'}
      title={a ? `${t('ent.res.detail')} · ${a.enterpriseName}` : ''}
    >
      {a ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Tag color={STATUS_COLORS[a.status]}>{d.enterprise.resumptionStatus[a.status]}</Tag>
            {a.checklistComplete ? <Tag color="green">{t('ent.res.complete')}</Tag> : <Tag color="orange">{t('ent.res.incomplete')}</Tag>}
          </Space>
          <div className="gl-ent-checklist" style={{ marginBottom: 16 }}>
            {CHECKLIST_PARTS.map((part) => (
              <Card key={part} size="small" title={d.enterprise.checklistPart[part]}>
                {Object.entries(a.checklist[part]).map(([item, ok]) => (
                  <div key={item}>
                    {ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#ff4d4f' }} />}{' '}
                    {d.enterprise.checklistItem[item] ?? item}
                  </div>
                ))}
              </Card>
            ))}
          </div>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              {
                key: 'plan',
                label: t('ent.res.staffPlan'),
                children: `${t('ent.staffSplit', { local: a.staffPlan.returningLocal, other: a.staffPlan.returningOtherProvince })} · ${a.staffPlan.firstDay}`,
              },
              {
                key: 'ppe',
                label: t('ent.res.ppe'),
                children: `${t('ent.res.masks')} ${a.ppe.masks} · ${t('ent.res.thermometers')} ${a.ppe.thermometers} · ${t('ent.res.disinfectant')} ${a.ppe.disinfectantLitres}`,
              },
              {
                key: 'passes',
                label: t('ent.res.passes'),
                children: a.vehiclePasses.length ? a.vehiclePasses.map((p) => `${p.plate}（${p.route}）`).join('；') : '—',
              },
              { key: 'submitted', label: t('ent.res.submittedAt'), children: dayjs(a.submittedAt).format('YYYY-MM-DD HH:mm') },
              ...(a.decidedAt
                ? [
                    {
                      key: 'decision',
                      label: t('ent.res.decision'),
                      children: `${a.decidedBy ?? ''} ${dayjs(a.decidedAt).format('YYYY-MM-DD HH:mm')} ${a.decisionNote ?? ''}`,
                    },
                  ]
                : []),
            ]}
          />
          {canDecide && a.status === 'submitted' ? (
            <div style={{ marginTop: 16 }}>
              <Input.TextArea
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('ent.res.returnNote')}
                style={{ marginBottom: 8 }}
              />
              <Space>
                <Button
                  type="primary"
                  loading={busy}
                  disabled={!a.checklistComplete}
                  onClick={() => decide('approve')}
                  data-testid="resumption-approve"
                >
                  {t('ent.res.approve')}
                </Button>
                <Button danger loading={busy} onClick={() => decide('return')}>
                  {t('ent.res.return')}
                </Button>
              </Space>
            </div>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}

/** The office's queue (pending first) or the enterprise's own applications, with the form to apply. */
export function ResumptionTab() {
  const { t, d } = useI18n()
  const account = useAccount()
  const [version, setVersion] = useState(0)
  const [page, setPage] = useState(1)
  const [openId, setOpenId] = useState<string>()
  const [applying, setApplying] = useState(false)
  const isStaff = ROLES_SERVING_ENTERPRISES.includes(account.role)
  const isEnterprise = account.role === 'enterprise'
  const { data, error, loading, reload } = useApiData<Page<Resumption>>('/api/enterprise/resumption', { page, pageSize: 20 }, version)
  const pending = isEnterprise && data?.items.some((a) => a.status === 'submitted')
  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {isEnterprise ? (
        <div className="gl-toolbar">
          {data && !data.items.length ? (
            <Alert type="info" showIcon title={t('ent.res.none')} style={{ flex: 1 }} />
          ) : (
            <div style={{ flex: 1 }} />
          )}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={pending}
            onClick={() => setApplying(true)}
            data-testid="resumption-apply"
          >
            {t('ent.res.apply')}
          </Button>
        </div>
      ) : null}
      <Table<Resumption>
        data-testid="resumption-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        rowClassName="gl-clickable-row"
        onRow={(a) => ({ onClick: () => setOpenId(a.id) })}
        scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('ent.total', { n }) }}
        columns={[
          {
            title: t('ent.col.enterprise'),
            dataIndex: 'enterpriseName',
            render: (name: string, a) => (
              <Space size={4}>
                <Typography.Link>{name}</Typography.Link>
                {a.aboveScale ? <Tag color="blue">{t('ent.registry.aboveScale')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('ent.col.area'), dataIndex: 'areaName', width: 130 },
          {
            title: t('ent.col.state'),
            dataIndex: 'status',
            width: 110,
            render: (s: ResumptionStatus) => <Tag color={STATUS_COLORS[s]}>{d.enterprise.resumptionStatus[s]}</Tag>,
          },
          {
            title: t('ent.res.checklist'),
            dataIndex: 'checklistComplete',
            width: 140,
            render: (ok: boolean) =>
              ok ? <Tag color="green">{t('ent.res.complete')}</Tag> : <Tag color="orange">{t('ent.res.incomplete')}</Tag>,
          },
          {
            title: t('ent.res.submittedAt'),
            dataIndex: 'submittedAt',
            width: 180,
            render: (iso: string) => <span className="gl-mono gl-nowrap">{dayjs(iso).format('YYYY-MM-DD HH:mm')}</span>,
          },
        ]}
      />
      <ResumptionDrawer
        application={data?.items.find((a) => a.id === openId)}
        canDecide={isStaff}
        onClose={() => setOpenId(undefined)}
        onDecided={() => {
          setOpenId(undefined)
          setVersion((v) => v + 1)
        }}
      />
      <ResumptionFormModal
        open={applying}
        onClose={() => setApplying(false)}
        onSubmitted={() => {
          setApplying(false)
          setVersion((v) => v + 1)
        }}
      />
    </Card>
  )
}
