import { Alert, Card, Empty, Table, type TableColumnsType } from 'antd'
import { useNavigate } from 'react-router-dom'
import type { GroupRentalStreet } from '../../../shared/schemas/housing.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { OccupancyBar } from './PropertyTable.tsx'

type Item = GroupRentalStreet['items'][number]

/** Group rentals (群租房, 30+ occupants) per street, with each street's figures. */
export function GroupRentals({ areaId }: { areaId: string | undefined }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { data, error, loading, reload } = useApiData<GroupRentalStreet[]>('/api/housing/group-rentals', { areaId })
  const columns: TableColumnsType<Item> = [
    { title: t('housing.col.address'), dataIndex: 'address', ellipsis: true },
    { title: t('col.area'), dataIndex: 'areaName', width: 140 },
    { title: t('housing.col.landlord'), dataIndex: 'landlordName', width: 100 },
    {
      title: t('housing.col.occupants'),
      key: 'occ',
      width: 140,
      render: (_, item) => <OccupancyBar occupants={item.occupants} capacity={item.capacity} />,
    },
  ]
  return (
    <>
      <Alert type="info" showIcon title={t('housing.group.hint')} style={{ marginBottom: 12 }} />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!loading && data && !data.length ? <Empty description={t('housing.group.none')} /> : null}
      {(data ?? []).map((street) => (
        <Card
          key={street.streetId}
          size="small"
          title={t('housing.group.street', {
            street: street.streetName,
            n: street.properties,
            occupants: street.occupants.toLocaleString('en-US'),
          })}
          style={{ marginBottom: 12 }}
          data-testid="group-street"
        >
          <Table<Item>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={street.items}
            pagination={false}
            scroll={{ x: 600 }}
            rowClassName="gl-clickable-row"
            onRow={(item) => ({ onClick: () => navigate(`/housing/properties/${item.id}`) })}
          />
        </Card>
      ))}
    </>
  )
}
