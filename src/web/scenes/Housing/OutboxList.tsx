import { Alert, Table, Tag, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import type { Notice } from '../../../shared/schemas/housing.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

type OutboxRow = Notice & { areaName: string }

/** The notifier's outbox (admins): with no SMS gateway configured, one-time codes wait here. */
export function OutboxList() {
  const { t, d } = useI18n()
  const { data, error, loading, reload } = useApiData<OutboxRow[]>('/api/housing/outbox', { limit: 200 })
  const columns: TableColumnsType<OutboxRow> = [
    { title: t('housing.col.time'), dataIndex: 'createdAt', width: 150, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
    { title: t('col.area'), dataIndex: 'areaName', width: 140 },
    {
      title: t('housing.outbox.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (kind: string) => <Tag>{d.housing.notice[kind] ?? kind}</Tag>,
    },
    { title: t('housing.outbox.body'), dataIndex: 'body' },
  ]
  return (
    <>
      <Alert type="info" showIcon title={t('housing.outbox.hint')} style={{ marginBottom: 12 }} />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<OutboxRow>
        data-testid="outbox-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 800 }}
        pagination={{ pageSize: 20 }}
      />
    </>
  )
}
