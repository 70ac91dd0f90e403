import { Button, Card, DatePicker, Empty, Form, Input, InputNumber, Progress, Select, Space, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import {
  busInputSchema,
  MAX_BUS_SEATS,
  pointInputSchema,
  type Bus,
  type CollectionPoint,
  type Team,
} from '../../../shared/schemas/recruitment.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { SchemaFormModal } from './SchemaFormModal.tsx'

const iso = (value: unknown) => (dayjs.isDayjs(value) ? (value as Dayjs).toISOString() : value)

/** Collection points (集合点) per team and region, each with its return buses and seats taken/free. */
export function BusesTab({ canManage }: { canManage: boolean }) {
  const { t } = useI18n()
  const [teamId, setTeamId] = useState<string>()
  const [version, setVersion] = useState(0)
  const [dialog, setDialog] = useState<{ kind: 'point' } | { kind: 'bus'; pointId: string }>()
  const teams = useApiData<{ items: Team[] }>('/api/recruitment/teams')
  const { data, error, loading, reload } = useApiData<{ items: CollectionPoint[] }>('/api/recruitment/points', { teamId }, version)
  const regions = (teams.data?.items ?? [])
    .filter((team) => !teamId || team.id === teamId)
    .flatMap((team) => team.regions.map((r) => ({ value: r.id, label: `${team.name} · ${r.name}` })))
  const saved = () => {
    setDialog(undefined)
    setVersion((v) => v + 1)
  }

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <Select
          allowClear
          style={{ width: 240 }}
          placeholder={t('rec.filterTeam')}
          options={teams.data?.items.map((team) => ({ value: team.id, label: team.name }))}
          onChange={setTeamId}
        />
        {canManage ? (
          <Button type="primary" onClick={() => setDialog({ kind: 'point' })} data-testid="rec-add-point">
            {t('rec.addPoint')}
          </Button>
        ) : null}
      </div>
      {!loading && !data?.items.length ? <Empty /> : null}
      <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="rec-points">
        {data?.items.map((p) => (
          <Card
            key={p.id}
            size="small"
            title={`${p.name} · ${p.regionName}`}
            extra={
              canManage ? (
                <Button size="small" onClick={() => setDialog({ kind: 'bus', pointId: p.id })}>
                  {t('rec.addBus')}
                </Button>
              ) : null
            }
          >
            <div style={{ color: '#666', marginBottom: 8 }}>
              {p.teamName} · {t('rec.address')} {p.address} · {t('rec.meetsAt')} {dayjs(p.meetsAt).format('YYYY-MM-DD HH:mm')}
            </div>
            <Table<Bus>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.buses}
              // On a phone the table scrolls sideways instead of squeezing the destination to one character a line.
              scroll={{ x: 600 }}
              columns={[
                {
                  title: t('rec.plate'),
                  dataIndex: 'plate',
                  width: 110,
                  render: (plate: string) => (
                    <span className="gl-mono" style={{ whiteSpace: 'nowrap' }}>
                      {plate}
                    </span>
                  ),
                },
                {
                  title: t('rec.departsAt'),
                  dataIndex: 'departsAt',
                  width: 170,
                  render: (at: string) => (
                    <>
                      {dayjs(at).format('MM-DD HH:mm')} {dayjs(at).isBefore(dayjs()) ? <Tag>{t('rec.departed')}</Tag> : null}
                    </>
                  ),
                },
                { title: t('rec.destination'), dataIndex: 'destination' },
                {
                  title: t('rec.seats'),
                  key: 'seats',
                  width: 220,
                  render: (_, b) => (
                    <Progress
                      percent={Math.round((b.seatsTaken / b.seats) * 100)}
                      size="small"
                      format={() => (
                        <span
                          style={{ color: 'rgba(0,0,0,0.88)' }}
                        >{`${b.seatsTaken}/${b.seats} · ${t('rec.seatsFree', { n: b.seats - b.seatsTaken })}`}</span>
                      )}
                    />
                  ),
                },
              ]}
            />
          </Card>
        ))}
      </Space>
      {dialog?.kind === 'point' ? (
        <SchemaFormModal<Record<string, unknown>>
          title={t('rec.addPoint')}
          fields={['regionId', 'name', 'address', 'meetsAt']}
          schema={pointInputSchema}
          toInput={(v) => ({ ...v, meetsAt: iso(v.meetsAt) })}
          method="POST"
          url="/api/recruitment/points"
          onClose={() => setDialog(undefined)}
          onSaved={saved}
        >
          {() => (
            <>
              <Form.Item name="regionId" label={t('rec.region')}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={regions} />
              </Form.Item>
              <Form.Item name="name" label={t('rec.point')}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="address" label={t('rec.address')}>
                <Input maxLength={120} />
              </Form.Item>
              <Form.Item name="meetsAt" label={t('rec.meetsAt')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
        </SchemaFormModal>
      ) : null}
      {dialog?.kind === 'bus' ? (
        <SchemaFormModal<Record<string, unknown>>
          title={t('rec.addBus')}
          fields={['plate', 'departsAt', 'seats', 'destination']}
          schema={busInputSchema}
          toInput={(v) => ({ ...v, pointId: dialog.pointId, departsAt: iso(v.departsAt) })}
          method="POST"
          url="/api/recruitment/buses"
          initialValues={{ seats: 49, destination: '温州市瓯海区人力资源市场' }}
          onClose={() => setDialog(undefined)}
          onSaved={saved}
        >
          {() => (
            <>
              <Form.Item name="plate" label={t('rec.plate')}>
                <Input maxLength={10} placeholder="浙C12345" />
              </Form.Item>
              <Form.Item name="departsAt" label={t('rec.departsAt')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="seats" label={t('rec.seats')}>
                <InputNumber min={1} max={MAX_BUS_SEATS} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="destination" label={t('rec.destination')}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
        </SchemaFormModal>
      ) : null}
    </>
  )
}
