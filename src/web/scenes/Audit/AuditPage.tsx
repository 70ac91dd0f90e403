import {
  CloseCircleFilled,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  ExportOutlined,
  EyeOutlined,
  ImportOutlined,
  PlusOutlined,
} from '@ant-design/icons'
import { App as AntApp, Button, Card, DatePicker, Empty, Segmented, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs, { type Dayjs } from 'dayjs'
import { useState, type ReactNode } from 'react'
import { AUDIT_ACTIONS, type AuditActionName, type AuditEntry, type AuditPage as AuditPageData } from '../../../shared/schemas/audit.ts'
import { ApiError } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { AuditTargetsPanel } from './AuditTargetsPanel.tsx'
import { PersonFilter, type PickedPerson } from './PersonFilter.tsx'
import './audit.css'

interface Filters {
  action?: AuditActionName
  sensitive?: boolean
  account?: { id: string; name: string }
  person?: PickedPerson
  range?: [Dayjs, Dayjs]
}

/** Reveals are the loudest; other writes of personal data next; reads stay quiet. */
const ACTION_LOOK: Partial<Record<AuditActionName, { color: string; icon: ReactNode }>> = {
  reveal: { color: 'red', icon: <EyeOutlined /> },
  delete: { color: 'volcano', icon: <DeleteOutlined /> },
  create: { color: 'orange', icon: <PlusOutlined /> },
  update: { color: 'gold', icon: <EditOutlined /> },
  import: { color: 'purple', icon: <ImportOutlined /> },
  export: { color: 'magenta', icon: <ExportOutlined /> },
  login: { color: 'blue', icon: null },
}

/** The filters as the API takes them (browse and export share them). */
function filterQuery(filters: Filters) {
  return {
    action: filters.action,
    sensitive: filters.sensitive ? 'true' : undefined,
    accountId: filters.account?.id,
    personId: filters.person?.id,
    from: filters.range?.[0].startOf('day').toISOString(),
    to: filters.range?.[1].endOf('day').toISOString(),
  }
}

/** Who did what to whom, newest first: reveals and changes stand out; lists are one line per request. */
export function AuditPage() {
  const { t, d, locale } = useI18n()
  const { message } = AntApp.useApp()
  const [filters, setFilters] = useState<Filters>({})
  // keyset paging: the cursors of the pages before this one
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [limit, setLimit] = useState(50)
  const [exporting, setExporting] = useState(false)
  const update = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }))
    setCursors([undefined])
  }
  const query = filterQuery(filters)
  const { data, error, loading, reload } = useApiData<AuditPageData>('/api/audit', { ...query, limit, before: cursors.at(-1) })

  const exportCsv = async () => {
    setExporting(true)
    try {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])))
      const response = await fetch(`/api/audit/export.csv?${params.toString()}`, {
        credentials: 'same-origin',
        headers: { 'Accept-Language': locale },
      })
      if (!response.ok) {
        const problem = (await response.json().catch(() => undefined)) as ApiError['problem'] | undefined
        throw problem?.title ? new ApiError(problem) : new Error(response.statusText)
      }
      const blob = await response.blob()
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = `audit-log-${dayjs().format('YYYYMMDD-HHmm')}.csv`
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      const rows = (await blob.text()).trim().split('\r\n').length - 1
      const cap = response.headers.get('x-truncated')
      if (cap) void message.warning(t('audit.truncated', { n: Number(cap).toLocaleString(locale) }))
      else void message.success(t('audit.exported', { n: rows }))
      reload() // the export is now the newest entry
    } catch (failure) {
      void message.error(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setExporting(false)
    }
  }

  const entityWord = (type: string) => d.entity[type] ?? type
  const columns: ColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      key: 'at',
      width: 170,
      render: (at: string) => <span className="gl-mono gl-nowrap">{dayjs(at).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 150,
      render: (action: AuditActionName, entry) => {
        const look = ACTION_LOOK[action]
        return (
          <Tag
            color={look?.color}
            icon={look?.icon}
            variant={entry.sensitive ? 'solid' : 'outlined'}
            data-testid={`audit-action-${action}`}
          >
            {d.action[action] ?? action}
          </Tag>
        )
      },
    },
    {
      title: t('audit.user'),
      key: 'user',
      width: 200,
      render: (_, entry) =>
        entry.actor ? (
          <Typography.Link
            title={t('audit.byAccount')}
            onClick={() => update({ account: { id: entry.actor!.id, name: entry.actor!.displayName } })}
          >
            {entry.actor.displayName} <Typography.Text type="secondary">({entry.actor.username})</Typography.Text>
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{entry.username ?? t('audit.system')}</Typography.Text>
        ),
    },
    {
      title: t('audit.subject'),
      key: 'subject',
      render: (_, entry) => <Subject entry={entry} entityWord={entityWord} onPerson={(person) => update({ person })} />,
    },
    { title: t('audit.area'), key: 'area', width: 140, ellipsis: true, render: (_, entry) => entry.area?.name ?? '—' },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      key: 'ip',
      width: 120,
      render: (ip: string | null) => <span className="gl-mono">{ip ?? '—'}</span>,
    },
  ]

  const page = cursors.length
  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card styles={{ body: { padding: 16 } }}>
        <div className="gl-toolbar">
          <Segmented<'all' | 'sensitive'>
            data-testid="audit-sensitive"
            value={filters.sensitive ? 'sensitive' : 'all'}
            onChange={(v) => update({ sensitive: v === 'sensitive', action: undefined })}
            options={[
              { value: 'all', label: t('audit.all') },
              {
                value: 'sensitive',
                label: (
                  <span title={t('audit.sensitiveHint')}>
                    <EyeOutlined /> {t('audit.sensitiveOnly')}
                  </span>
                ),
              },
            ]}
          />
          <Select<AuditActionName | undefined>
            data-testid="audit-action"
            allowClear
            placeholder={t('audit.actionAll')}
            value={filters.action}
            onChange={(action) => update({ action, sensitive: false })}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: d.action[a] }))}
            style={{ width: 150 }}
          />
          <PersonFilter value={filters.person} onChange={(person) => update({ person })} />
          <DatePicker.RangePicker
            value={filters.range}
            onChange={(range) => update({ range: range?.[0] && range[1] ? [range[0], range[1]] : undefined })}
            style={{ width: 250 }}
          />
          {filters.account ? (
            <Tag
              closable
              closeIcon={<CloseCircleFilled />}
              onClose={() => update({ account: undefined })}
              style={{ alignSelf: 'center' }}
              data-testid="audit-account-filter"
            >
              {t('audit.accountFilter', { name: filters.account.name })}
            </Tag>
          ) : null}
          <Button
            onClick={() => {
              setFilters({})
              setCursors([undefined])
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
          scroll={{ x: 960 }}
          rowClassName={(entry) => (entry.action === 'reveal' ? 'gl-audit-reveal' : entry.sensitive ? 'gl-audit-change' : '')}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
          expandable={{
            rowExpandable: (entry) => entry.count !== null || entry.query !== null,
            expandedRowRender: (entry) => <AuditTargetsPanel entry={entry} />,
          }}
          pagination={false}
        />
        <div className="gl-audit-pager">
          <Typography.Text type="secondary">{t('audit.shown', { page, n: data?.items.length ?? 0 })}</Typography.Text>
          <Space>
            <Select<number>
              value={limit}
              onChange={(n) => {
                setLimit(n)
                setCursors([undefined])
              }}
              options={[20, 50, 100, 200].map((n) => ({ value: n, label: `${n} / ${locale === 'en' ? 'page' : '页'}` }))}
              style={{ width: 110 }}
            />
            <Button disabled={page === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('audit.prev')}
            </Button>
            <Button disabled={!data?.nextCursor} onClick={() => setCursors((c) => [...c, data!.nextCursor!])} data-testid="audit-next">
              {t('audit.next')}
            </Button>
          </Space>
        </div>
      </Card>
    </>
  )
}

/** The record a row is about, in words: a person's masked name (click: only their rows), or "N records". */
function Subject({
  entry,
  entityWord,
  onPerson,
}: {
  entry: AuditEntry
  entityWord(type: string): string
  onPerson(person: PickedPerson): void
}) {
  const { t } = useI18n()
  const type = <Typography.Text type="secondary">{entityWord(entry.entityType)}</Typography.Text>
  if (entry.count !== null) {
    return (
      <Space size={6}>
        <span>{t('audit.count', { n: entry.count, type: entityWord(entry.entityType) })}</span>
      </Space>
    )
  }
  if (!entry.subject) return type
  const { personId, label, unknown } = entry.subject
  return (
    <Space size={6} wrap>
      {type}
      {unknown ? (
        <Typography.Text type="secondary" italic>
          {t('audit.unknownSubject')}
        </Typography.Text>
      ) : personId ? (
        <Typography.Link
          title={t('audit.byPerson')}
          onClick={() => onPerson({ id: personId, name: label ?? personId })}
          data-testid="audit-subject"
        >
          {label}
        </Typography.Link>
      ) : (
        <span data-testid="audit-subject">{label}</span>
      )}
    </Space>
  )
}
