import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { DEFAULT_QUOTA, teamInputSchema, type Team } from '../../../shared/schemas/recruitment.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import { SchemaFormModal } from './SchemaFormModal.tsx'

const FIELDS = ['name', 'areaId', 'leaderName', 'memberNames', 'quota', 'startsOn', 'endsOn', 'regions']
const day = (value: unknown) => (dayjs.isDayjs(value) ? (value as Dayjs).format('YYYY-MM-DD') : value)

interface RegionRow {
  province?: string
  city?: string
  county?: string
}

/** Teams (专班) and their target regions; recruiters and admins create and edit them. */
export function TeamsTab({ canManage }: { canManage: boolean }) {
  const { t } = useI18n()
  const account = useAccount()
  const { areas } = useSession()
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<Team | 'new'>()
  const { data, error, loading, reload } = useApiData<{ items: Team[] }>('/api/recruitment/teams', undefined, version)
  const current = editing === 'new' ? undefined : editing

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {canManage ? (
        <div className="gl-toolbar">
          <Button type="primary" onClick={() => setEditing('new')} data-testid="rec-add-team">
            {t('rec.addTeam')}
          </Button>
        </div>
      ) : null}
      <Table<Team>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="rec-teams-table"
        columns={[
          { title: t('rec.team'), dataIndex: 'name', width: 190 },
          { title: t('rec.leader'), dataIndex: 'leaderName', width: 80 },
          { title: t('rec.members'), key: 'members', width: 220, render: (_, team) => team.members.map((m) => m.name).join('、') },
          { title: t('rec.quota'), dataIndex: 'quota', align: 'right', width: 70 },
          { title: t('rec.regions'), key: 'regions', render: (_, team) => team.regions.map((r) => <Tag key={r.id}>{r.name}</Tag>) },
          { title: t('rec.dates'), dataIndex: 'startsOn', width: 100 },
          ...(canManage
            ? [
                {
                  title: t('rec.actions'),
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, team: Team) => (
                    <Button size="small" onClick={() => setEditing(team)}>
                      {t('rec.editTeam')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <SchemaFormModal<Record<string, unknown>>
          title={current ? t('rec.editTeam') : t('rec.addTeam')}
          fields={FIELDS}
          schema={teamInputSchema}
          toInput={(v) => ({
            ...v,
            // Account members stay as they are; the names field lists the others.
            memberAccountIds: current?.members.filter((m) => m.accountId).map((m) => m.accountId) ?? [],
            startsOn: day(v.startsOn),
            endsOn: day(v.endsOn),
            regions: ((v.regions as RegionRow[] | undefined) ?? [])
              .filter((r) => r?.province || r?.city)
              .map((r) => ({ ...r, county: r.county || undefined, name: `${r.province ?? ''}${r.city ?? ''}${r.county ?? ''}` })),
          })}
          method={current ? 'PUT' : 'POST'}
          url={current ? `/api/recruitment/teams/${current.id}` : '/api/recruitment/teams'}
          initialValues={
            current
              ? {
                  name: current.name,
                  areaId: current.areaId,
                  leaderName: current.leaderName,
                  memberNames: current.members.filter((m) => !m.accountId).map((m) => m.name),
                  quota: current.quota,
                  startsOn: dayjs(current.startsOn),
                  endsOn: current.endsOn ? dayjs(current.endsOn) : undefined,
                  regions: [],
                }
              : { areaId: account.areaId, quota: DEFAULT_QUOTA, startsOn: dayjs(), regions: [{}] }
          }
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined)
            setVersion((n) => n + 1)
          }}
        >
          {() => (
            <>
              <Form.Item name="name" label={t('rec.team')}>
                <Input maxLength={60} placeholder="瓯海区第一外出招工专班" />
              </Form.Item>
              <Form.Item name="areaId" label={t('header.area')}>
                <AreaTreeSelect areas={areas} />
              </Form.Item>
              <Space style={{ display: 'flex' }} align="start">
                <Form.Item name="leaderName" label={t('rec.leader')}>
                  <Input maxLength={30} />
                </Form.Item>
                <Form.Item name="quota" label={t('rec.quota')}>
                  <InputNumber min={1} />
                </Form.Item>
              </Space>
              <Form.Item name="memberNames" label={t('rec.memberNames')}>
                <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} />
              </Form.Item>
              <Space style={{ display: 'flex' }} align="start">
                <Form.Item name="startsOn" label={t('rec.dates')}>
                  <DatePicker />
                </Form.Item>
                <Form.Item name="endsOn" label={t('rec.endsOn')}>
                  <DatePicker />
                </Form.Item>
              </Space>
              {current ? (
                <div style={{ marginBottom: 8 }}>
                  {current.regions.map((r) => (
                    <Tag key={r.id}>{r.name}</Tag>
                  ))}
                </div>
              ) : null}
              <Form.List name="regions">
                {(items, { add, remove }) => (
                  <>
                    {items.map((item) => (
                      <Space key={item.key} style={{ display: 'flex' }} align="baseline">
                        <Form.Item name={[item.name, 'province']} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('rec.province')} maxLength={20} />
                        </Form.Item>
                        <Form.Item name={[item.name, 'city']} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('rec.city')} maxLength={30} />
                        </Form.Item>
                        <Form.Item name={[item.name, 'county']} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('rec.county')} maxLength={30} />
                        </Form.Item>
                        <MinusCircleOutlined onClick={() => remove(item.name)} />
                      </Space>
                    ))}
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                      {t('rec.addRegion')}
                    </Button>
                  </>
                )}
              </Form.List>
            </>
          )}
        </SchemaFormModal>
      ) : null}
    </>
  )
}
