import { UserAddOutlined } from '@ant-design/icons'
import { Button, Card, Segmented, Table, Tag, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { Returnee } from '../../../shared/schemas/returnees.ts'
import { FEVER_THRESHOLD_C } from '../../../shared/schemas/gate.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { RegisterReturneeModal } from './RegisterReturneeModal.tsx'
import { ReturneeDrawer } from './ReturneeDrawer.tsx'

const STATUSES = ['observing', 'completed', 'cancelled'] as const

/** 三返人员: who is under 14-day observation in the selected area, and who has not reported today. */
export function ReturneesPage() {
  const { t } = useI18n()
  const { selectedAreaId, areasById } = useSession()
  const navigate = useNavigate()
  const { returneeId } = useParams()
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('observing')
  const [registering, setRegistering] = useState(false)
  const [version, setVersion] = useState(0)
  const [created, setCreated] = useState<{ id: string; selfServicePath: string }>()
  const { data, error, loading, reload } = useApiData<Returnee[]>(
    selectedAreaId ? '/api/returnees' : null,
    { status, areaId: selectedAreaId },
    version,
  )
  const areaName = selectedAreaId ? areasById.get(selectedAreaId)?.name : undefined

  const columns: TableColumnsType<Returnee> = [
    { title: t('col.name'), dataIndex: 'personName' },
    { title: t('returnees.cameFrom'), dataIndex: 'cameFrom' },
    { title: t('returnees.arrivedOn'), dataIndex: 'arrivedOn', render: (v: string) => <span className="gl-mono">{v}</span> },
    {
      title: t('returnees.endsOn'),
      dataIndex: 'observationEndsOn',
      render: (v: string) => <span className="gl-mono">{v}</span>,
      responsive: ['md'],
    },
    {
      title: t('returnees.lastTemp'),
      dataIndex: 'lastTemperature',
      align: 'right',
      render: (v: number | null) =>
        v === null ? (
          '—'
        ) : (
          <span className="gl-mono" style={{ color: v >= FEVER_THRESHOLD_C ? '#cf1322' : undefined }}>
            {v.toFixed(1)} °C
          </span>
        ),
    },
    {
      title: t('returnees.today'),
      dataIndex: 'reportedToday',
      render: (v: boolean, r) =>
        r.status !== 'observing' ? null : v ? (
          <Tag color="green">{t('returnees.reported')}</Tag>
        ) : (
          <Tag color="orange">{t('returnees.missing')}</Tag>
        ),
    },
    { title: t('col.area'), dataIndex: 'areaName', responsive: ['lg'] },
  ]

  return (
    <>
      <PageHeader
        title={t('returnees.title')}
        after={areaName ? <span className="gl-page-sub">{areaName}</span> : null}
        extra={
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setRegistering(true)} data-testid="register-returnee">
            {t('returnees.register')}
          </Button>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card styles={{ body: { padding: 16 } }}>
        <div className="gl-toolbar">
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={STATUSES.map((s) => ({ value: s, label: t(`returnees.status.${s}` as UiKey) }))}
          />
        </div>
        <Table<Returnee>
          data-testid="returnees-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data ?? []}
          loading={loading}
          scroll={{ x: 800 }}
          rowClassName="gl-clickable-row"
          onRow={(r) => ({ onClick: () => navigate(`/returnees/${r.id}`) })}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      <ReturneeDrawer
        returneeId={returneeId}
        selfServicePath={created?.id === returneeId ? created?.selfServicePath : undefined}
        onClose={() => navigate('/returnees')}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <RegisterReturneeModal
        open={registering}
        defaultAreaId={selectedAreaId}
        onClose={() => setRegistering(false)}
        onSaved={(saved) => {
          setRegistering(false)
          setCreated(saved)
          setVersion((v) => v + 1)
          void navigate(`/returnees/${saved.id}`)
        }}
      />
    </>
  )
}
