import { Table, Tag, type TableColumnsType } from 'antd'
import { useNavigate } from 'react-router-dom'
import type { InspectorRole, WorkItem } from '../../../shared/schemas/housing.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { waitingText } from './housing-api.ts'

/** An inspector's work list: applications of their area waiting for their sign-off, longest first. */
export function WorkList() {
  const { t, d } = useI18n()
  const navigate = useNavigate()
  const { data, error, loading, reload } = useApiData<WorkItem[]>('/api/housing/worklist')
  const columns: TableColumnsType<WorkItem> = [
    {
      title: t('housing.col.waiting'),
      dataIndex: 'waitingHours',
      width: 90,
      render: (h: number) => <span className={h >= 48 ? 'gl-overdue' : undefined}>{waitingText(h, t)}</span>,
    },
    { title: t('housing.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('col.area'), dataIndex: 'areaName', width: 150, ellipsis: true },
    { title: t('housing.col.landlord'), dataIndex: 'landlordName', width: 100 },
    { title: t('housing.col.capacity'), dataIndex: 'capacity', width: 90, align: 'right' },
    {
      title: t('housing.col.signed'),
      dataIndex: 'signedRoles',
      width: 200,
      render: (roles: InspectorRole[]) =>
        roles.map((role) => (
          <Tag key={role} color="green">
            {d.housing.inspector[role]}
          </Tag>
        )),
    },
  ]
  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<WorkItem>
        data-testid="worklist-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 760 }}
        rowClassName="gl-clickable-row"
        onRow={(p) => ({ onClick: () => navigate(`/housing/properties/${p.id}`) })}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </>
  )
}
