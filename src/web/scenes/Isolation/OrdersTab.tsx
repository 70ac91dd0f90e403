import { PlusOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Segmented, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { IsolationOrder } from '../../../shared/schemas/isolation.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { NewOrderModal } from './NewOrderModal.tsx'
import { OrderDrawer } from './OrderDrawer.tsx'

/** Open (or released) isolation orders of the area with their devices and open alerts. */
export function OrdersTab() {
  const { t, d } = useI18n()
  const { selectedAreaId } = useSession()
  const [status, setStatus] = useState<'open' | 'released'>('open')
  const [version, setVersion] = useState(0)
  const [openId, setOpenId] = useState<string>()
  const [creating, setCreating] = useState(false)
  const { data, error, loading, reload } = useApiData<IsolationOrder[]>(
    selectedAreaId ? '/api/isolation-orders' : null,
    { status, areaId: selectedAreaId },
    version,
  )

  const columns: TableColumnsType<IsolationOrder> = [
    { title: t('isolation.person'), dataIndex: 'personName' },
    {
      title: t('devices.kind'),
      dataIndex: 'kind',
      render: (k: IsolationOrder['kind'], o) => (
        <Space size={4}>
          <Tag color={k === 'home' ? 'gold' : 'red'}>{t(`isolation.kind.${k}` as UiKey)}</Tag>
          <span className="gl-page-sub">{t(`isolation.source.${o.source}` as UiKey)}</span>
        </Space>
      ),
    },
    {
      title: t('isolation.period'),
      key: 'period',
      render: (_, o) => (
        <span className="gl-mono gl-nowrap">
          {dayjs(o.startsAt).format('MM-DD')} → {dayjs(o.endsAt).format('MM-DD')}
        </span>
      ),
    },
    {
      title: t('isolation.devices'),
      dataIndex: 'devices',
      render: (devices: IsolationOrder['devices']) => (
        <Space size={4} wrap>
          {devices.map((device) => (
            <Tooltip
              key={device.id}
              title={`${device.serial} · ${device.lastSeenAt ? dayjs(device.lastSeenAt).format('MM-DD HH:mm') : t('devices.never')}`}
            >
              <Tag>{d.devices.deviceKind[device.kind]}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    { title: t('isolation.responsible'), dataIndex: 'responsibleName', render: (v: string | null) => v ?? '—', responsive: ['md'] },
    {
      title: t('isolation.openAlerts'),
      dataIndex: 'openAlerts',
      align: 'right',
      render: (n: number) => (n ? <Badge count={n} /> : <span className="gl-page-sub">0</span>),
    },
    { title: t('col.area'), dataIndex: 'areaName', responsive: ['lg'] },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar" style={{ justifyContent: 'space-between' }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'open', label: t('isolation.tabOrders') },
            { value: 'released', label: t('isolation.released') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-isolation">
          {t('isolation.new')}
        </Button>
      </div>
      <Table<IsolationOrder>
        data-testid="isolation-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 860 }}
        rowClassName="gl-clickable-row"
        onRow={(o) => ({ onClick: () => setOpenId(o.id) })}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      <OrderDrawer orderId={openId} onClose={() => setOpenId(undefined)} onChanged={() => setVersion((v) => v + 1)} />
      <NewOrderModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false)
          setVersion((v) => v + 1)
          setOpenId(id)
        }}
      />
    </Card>
  )
}
