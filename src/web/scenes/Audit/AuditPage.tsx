import { CloseCircleFilled } from '@ant-design/icons'
import { Button, Card, DatePicker, Input, Select, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import type { Area } from '../../../shared/schemas/area.ts'
import { AUDIT_ACTIONS, type AuditEntry } from '../../../shared/schemas/audit.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

type Action = (typeof AUDIT_ACTIONS)[number]

interface Filters {
  action?: Action
  entityType?: string
  entityId?: string
  account?: { id: string; name: string }
  range?: [Dayjs, Dayjs]
}

const ACTION_COLORS: Partial<Record<Action, string>> = {
  reveal: 'red',
  delete: 'volcano',
  create: 'green',
  update: 'gold',
  login: 'blue',
  logout: 'default',
  export: 'purple',
}

/** Who did what to which record, newest first; filters go to the server. */
export function AuditPage() {
  const { t, d } = useI18n()
  // Entries name grids too, so this page looks names up in the full tree, not the switcher's.
  const tree = useApiData<Area[]>('/api/areas/tree', { maxLevel: 'grid' })
  const areaNames = useMemo(() => new Map((tree.data ?? []).map((a) => [a.id, a.name])), [tree.data])
  const [filters, setFilters] = useState<Filters>({})
  const [draft, setDraft] = useState<{ entityType?: string; entityId?: string }>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const update = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }))
    setPage(1)
  }

  const { data, error, loading, reload } = useApiData<Page<AuditEntry>>('/api/audit', {
    page,
    pageSize,
    action: filters.action,
    entityType: filters.entityType,
    entityId: filters.entityId,
    accountId: filters.account?.id,
    from: filters.range?.[0].startOf('day').toISOString(),
    to: filters.range?.[1].endOf('day').toISOString(),
  })

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 180, render: (at: string) => <span className="gl-mono gl-nowrap">{dayjs(at).format('YYYY-MM-DD HH:mm:ss')}</span> },
    {
      title: t('audit.user'),
      dataIndex: 'username',
      key: 'user',
      width: 130,
      render: (username: string | null, entry) =>
        username && entry.accountId ? (
          <Typography.Link title={t('audit.byAccount')} onClick={() => update({ account: { id: entry.accountId!, name: username } })}>
            {username}
          </Typography.Link>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 120,
      render: (action: string) => <Tag color={ACTION_COLORS[action as Action]}>{d.action[action as Action] ?? action}</Tag>,
    },
    { title: t('audit.entityType'), dataIndex: 'entityType', key: 'entityType', width: 100, render: (type: string) => d.entity[type] ?? type },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      key: 'entityId',
      ellipsis: true,
      render: (id: string | null) => (id ? <Typography.Text className="gl-mono" copyable={{ text: id }}>{id}</Typography.Text> : '—'),
    },
    { title: t('audit.area'), dataIndex: 'areaId', key: 'area', width: 150, ellipsis: true, render: (id: string | null) => (id ? (areaNames.get(id) ?? '—') : '—') },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 130, render: (ip: string | null) => <span className="gl-mono">{ip ?? '—'}</span> },
  ]

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card styles={{ body: { padding: 16 } }}>
        <div className="gl-toolbar">
          <Select<Action | undefined>
            allowClear
            placeholder={t('audit.actionAll')}
            value={filters.action}
            onChange={(action) => update({ action })}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: d.action[a] }))}
            style={{ width: 150 }}
          />
          <Select<string | undefined>
            allowClear
            placeholder={t('audit.entityType')}
            value={draft.entityType}
            onChange={(entityType) => setDraft((v) => ({ ...v, entityType }))}
            options={Object.keys(d.entity).map((type) => ({ value: type, label: d.entity[type] }))}
            style={{ width: 130 }}
          />
          <Input
            allowClear
            placeholder={t('audit.entityId')}
            value={draft.entityId}
            onChange={(e) => setDraft((v) => ({ ...v, entityId: e.target.value }))}
            onPressEnter={() => update({ entityType: draft.entityType, entityId: draft.entityId?.trim() || undefined })}
            style={{ width: 240 }}
          />
          <DatePicker.RangePicker
            value={filters.range}
            onChange={(range) => update({ range: range && range[0] && range[1] ? [range[0], range[1]] : undefined })}
            style={{ width: 260 }}
          />
          {filters.account ? (
            <Tag closable closeIcon={<CloseCircleFilled />} onClose={() => update({ account: undefined })} style={{ alignSelf: 'center' }}>
              {t('audit.accountFilter', { name: filters.account.name })}
            </Tag>
          ) : null}
          <Button type="primary" onClick={() => update({ entityType: draft.entityType, entityId: draft.entityId?.trim() || undefined })}>
            {t('audit.search')}
          </Button>
          <Button
            onClick={() => {
              setDraft({})
              setFilters({})
              setPage(1)
            }}
          >
            {t('audit.reset')}
          </Button>
        </div>
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 980 }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('audit.total', { n: total.toLocaleString('en-US') }),
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1)
              setPageSize(nextSize)
            },
          }}
        />
      </Card>
    </>
  )
}
