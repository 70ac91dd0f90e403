import { PrinterOutlined } from '@ant-design/icons'
import { Button, Input, Progress, Select, Table, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { PROPERTY_STATUSES, type Property, type PropertyStatus } from '../../../shared/schemas/housing.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { StatusTag } from './StatusTag.tsx'

/** Occupants against capacity: a bar that turns orange when full. */
export function OccupancyBar({ occupants, capacity }: { occupants: number; capacity: number }) {
  const percent = capacity ? Math.round((occupants / capacity) * 100) : 0
  return (
    <div className="gl-occupancy">
      <span className="gl-mono">
        {occupants} / {capacity}
      </span>
      <Progress percent={percent} size="small" showInfo={false} strokeColor={percent >= 100 ? '#fa8c16' : undefined} />
    </div>
  )
}

/**
 * Rental properties of the selected area (a landlord: their own), filtered by state and
 * address, paged on the server. A row opens the property.
 */
export function PropertyTable({ areaId, refreshKey }: { areaId: string | undefined; refreshKey: number }) {
  const { t, d } = useI18n()
  const navigate = useNavigate()
  const [status, setStatus] = useState<PropertyStatus>()
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  // Ticked rows print as one poster batch; none ticked prints the whole selected area.
  const [selected, setSelected] = useState<string[]>([])
  const { data, error, loading, reload } = useApiData<Page<Property>>(
    '/api/housing/properties',
    { status, q, areaId, page, pageSize },
    refreshKey,
  )

  const columns: TableColumnsType<Property> = [
    { title: t('housing.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('col.area'), dataIndex: 'areaName', width: 150, ellipsis: true },
    { title: t('housing.col.landlord'), dataIndex: 'landlordName', width: 100 },
    { title: t('housing.col.rooms'), dataIndex: 'rooms', width: 70, align: 'right' },
    {
      title: t('housing.col.occupants'),
      key: 'occupancy',
      width: 130,
      render: (_, p) => <OccupancyBar occupants={p.occupants} capacity={p.capacity} />,
    },
    { title: t('housing.col.status'), dataIndex: 'status', width: 110, render: (s: PropertyStatus) => <StatusTag status={s} /> },
  ]
  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <div style={{ flex: '1 1 220px', maxWidth: 360 }}>
          <Input.Search
            allowClear
            placeholder={t('housing.searchAddress')}
            onSearch={(value) => {
              setQ(value.trim())
              setPage(1)
            }}
            enterButton
          />
        </div>
        <Select<PropertyStatus | undefined>
          allowClear
          placeholder={t('housing.statusAll')}
          value={status}
          onChange={(value) => {
            setStatus(value)
            setPage(1)
          }}
          options={PROPERTY_STATUSES.map((s) => ({ value: s, label: d.housing.status[s] }))}
          style={{ width: 140 }}
        />
        <Button
          icon={<PrinterOutlined />}
          style={{ marginLeft: 'auto' }}
          data-testid="print-posters"
          onClick={() =>
            navigate(
              `/housing/posters?${new URLSearchParams(selected.length ? { ids: selected.join(',') } : areaId ? { areaId } : {}).toString()}`,
            )
          }
        >
          {selected.length ? t('links.batch.buttonSelected', { n: selected.length }) : t('links.batch.button')}
        </Button>
      </div>
      <Table<Property>
        data-testid="property-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 760 }}
        rowClassName="gl-clickable-row"
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys.map(String)),
          // Only a property with a valid code has a poster to print.
          getCheckboxProps: (p) => ({ disabled: p.status !== 'code_issued' }),
        }}
        onRow={(p) => ({
          onClick: (event) => {
            // Ticking the box selects the row for printing; it does not open the property.
            if ((event.target as HTMLElement).closest('.ant-table-selection-column')) return
            void navigate(`/housing/properties/${p.id}`)
          },
        })}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('housing.total', { n: total.toLocaleString('en-US') }),
          onChange: (next, size) => {
            setPage(size === pageSize ? next : 1)
            setPageSize(size)
          },
        }}
      />
    </>
  )
}
