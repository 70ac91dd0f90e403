import { Space, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import type { Person } from '../../../shared/schemas/person.ts'
import type { I18n } from '../../hooks/useI18n.ts'

const dash = (value: string | null) => value ?? <Typography.Text type="secondary">—</Typography.Text>

/** Columns of the people table; identity columns only ever show the masked values. */
export function peopleColumns({ t, d }: Pick<I18n, 't' | 'd'>): ColumnsType<Person> {
  return [
    {
      title: t('col.name'),
      dataIndex: 'name',
      key: 'name',
      width: 150,
      fixed: 'left',
      render: (name: string, person) => (
        <Space size={4} wrap>
          <Typography.Link>{name}</Typography.Link>
          {person.isLandlord ? (
            <Tag color="orange" variant="filled" style={{ marginInlineEnd: 0 }}>
              {t('tag.landlord')}
            </Tag>
          ) : null}
          {person.stayedOverHoliday ? (
            <Tag color="green" variant="filled" style={{ marginInlineEnd: 0 }}>
              {t('tag.stayed')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('col.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (kind: Person['kind']) => <Tag color={kind === 'resident' ? 'blue' : 'cyan'}>{d.kind[kind]}</Tag>,
    },
    {
      title: t('col.idNumber'),
      dataIndex: 'idNumberMasked',
      key: 'id',
      width: 200,
      render: (masked: string, person) => (
        <span>
          <span className="gl-mono" data-testid="masked-id">
            {masked}
          </span>
          {person.idType === 'resident_id' ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {d.idType[person.idType]}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('col.phone'),
      dataIndex: 'phoneMasked',
      key: 'phone',
      width: 130,
      render: (phone: string | null) => <span className="gl-mono">{dash(phone)}</span>,
    },
    { title: t('col.origin'), dataIndex: 'origin', key: 'origin', width: 110, ellipsis: true, render: dash },
    { title: t('col.employer'), dataIndex: 'employer', key: 'employer', ellipsis: true, render: dash },
    { title: t('col.area'), dataIndex: 'areaName', key: 'area', width: 150, ellipsis: true },
  ]
}
