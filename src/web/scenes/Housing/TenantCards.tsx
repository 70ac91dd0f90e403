import { App, Button, Card, Flex, Input, Modal, Popconfirm, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { ROLES_REVIEWING_TENANTS, type PropertyDetail } from '../../../shared/schemas/housing.ts'
import type { Occupant, Registration } from '../../../shared/schemas/housing-registration.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { OccupancyBar } from './PropertyTable.tsx'
import { RegistrationTag } from './StatusTag.tsx'

const HEALTH_COLOURS: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' }

/**
 * The landlord's review (云审核): registrations waiting, accepted and refused. Accept makes the
 * tenant an occupant unless the property is full; refuse asks for the reason the tenant is told.
 */
export function RegistrationsCard({ property, version, onChanged }: { property: PropertyDetail; version: number; onChanged(): void }) {
  const { t, d } = useI18n()
  const account = useAccount()
  const { message } = App.useApp()
  const { data, error, loading, reload } = useApiData<Registration[]>(
    `/api/housing/properties/${property.id}/registrations`,
    undefined,
    version,
  )
  const [refusing, setRefusing] = useState<Registration>()
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState<string>()
  const reviewer = ROLES_REVIEWING_TENANTS.includes(account.role) && property.status === 'code_issued'

  const accept = async (registration: Registration) => {
    setBusy(registration.id)
    try {
      await api(`/api/housing/registrations/${registration.id}/accept`, { method: 'POST' })
      void message.success(t('housing.reg.accepted', { name: registration.name }))
      onChanged()
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(undefined)
      reload()
    }
  }

  const columns: TableColumnsType<Registration> = [
    { title: t('col.name'), dataIndex: 'name', width: 90 },
    { title: t('col.idNumber'), dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span className="gl-mono">{v}</span> },
    { title: t('col.phone'), dataIndex: 'phoneMasked', width: 120, render: (v: string) => <span className="gl-mono">{v}</span> },
    { title: t('col.origin'), dataIndex: 'origin', width: 100 },
    { title: t('col.employer'), dataIndex: 'employer', width: 130, ellipsis: true },
    { title: t('housing.reg.arrival'), dataIndex: 'expectedArrival', width: 105 },
    {
      title: t('housing.reg.health'),
      key: 'health',
      width: 110,
      render: (_, r) =>
        r.healthCodeFormat ? (
          <Tag color={r.healthColour ? HEALTH_COLOURS[r.healthColour] : 'blue'}>
            {d.housing.healthFormat[r.healthCodeFormat] ?? r.healthCodeFormat}
          </Tag>
        ) : (
          <Tag color="orange">{t('housing.reg.noHealthCode')}</Tag>
        ),
    },
    { title: t('housing.col.status'), key: 'status', width: 100, render: (_, r) => <RegistrationTag status={r.status} /> },
    {
      title: '',
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, r) =>
        r.status === 'pending' && reviewer ? (
          <Flex gap={4}>
            <Button size="small" type="primary" loading={busy === r.id} onClick={() => void accept(r)} data-testid="accept-registration">
              {t('housing.reg.accept')}
            </Button>
            <Button size="small" onClick={() => setRefusing(r)}>
              {t('housing.reg.refuse')}
            </Button>
          </Flex>
        ) : r.status === 'refused' ? (
          <Typography.Text type="secondary">{r.refuseReason}</Typography.Text>
        ) : null,
    },
  ]
  const pending = (data ?? []).filter((r) => r.status === 'pending').length
  return (
    <Card
      size="small"
      title={t('housing.section.registrations')}
      extra={pending ? <Tag color="processing">{`${d.housing.registration.pending} ${pending}`}</Tag> : null}
      data-testid="registrations-card"
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Registration>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 1100 }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('housing.reg.none') }}
        data-testid="registrations-table"
      />
      <Modal
        open={!!refusing}
        title={refusing ? t('housing.reg.refuseTitle', { name: refusing.name }) : ''}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onCancel={() => setRefusing(undefined)}
        onOk={async () => {
          try {
            await api(`/api/housing/registrations/${refusing!.id}/refuse`, { method: 'POST', body: { reason: reason.trim() } })
            void message.success(t('housing.reg.refused'))
            setRefusing(undefined)
            setReason('')
            reload()
          } catch (failure) {
            void message.error(errorText(failure))
          }
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('housing.reasonPlaceholder')}
        />
      </Modal>
    </Card>
  )
}

/** Who lives here now (and who did, on request); the landlord records move-outs. */
export function OccupantsCard({ property, version, onChanged }: { property: PropertyDetail; version: number; onChanged(): void }) {
  const { t } = useI18n()
  const account = useAccount()
  const { message } = App.useApp()
  const [showEnded, setShowEnded] = useState(false)
  const { data, error, loading, reload } = useApiData<Occupant[]>(
    `/api/housing/properties/${property.id}/occupants`,
    { includeEnded: String(showEnded) },
    version,
  )
  const canMoveOut = ROLES_REVIEWING_TENANTS.includes(account.role)
  const columns: TableColumnsType<Occupant> = [
    { title: t('col.name'), dataIndex: 'name', width: 90 },
    { title: t('col.idNumber'), dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span className="gl-mono">{v}</span> },
    {
      title: t('col.phone'),
      dataIndex: 'phoneMasked',
      width: 120,
      render: (v: string | null) => <span className="gl-mono">{v ?? ''}</span>,
    },
    { title: t('housing.occ.since'), dataIndex: 'startedAt', width: 110, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
    ...(showEnded
      ? [
          {
            title: t('housing.occ.ended'),
            dataIndex: 'endedAt',
            width: 110,
            render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : ''),
          },
        ]
      : []),
    {
      title: '',
      key: 'actions',
      width: 90,
      render: (_: unknown, o: Occupant) =>
        canMoveOut && !o.endedAt ? (
          <Popconfirm
            title={t('housing.occ.moveOutConfirm', { name: o.name })}
            onConfirm={async () => {
              try {
                await api(`/api/housing/occupancies/${o.id}/move-out`, { method: 'POST', body: {} })
                void message.success(t('housing.occ.movedOut'))
                onChanged()
              } catch (failure) {
                void message.error(errorText(failure))
              }
            }}
          >
            <Button size="small">{t('housing.occ.moveOut')}</Button>
          </Popconfirm>
        ) : null,
    },
  ]
  return (
    <Card
      size="small"
      title={t('housing.section.occupants')}
      extra={
        <Flex gap={12} align="center">
          <OccupancyBar occupants={property.occupants} capacity={property.capacity} />
          <span>
            <Switch size="small" checked={showEnded} onChange={setShowEnded} /> {t('housing.occ.showEnded')}
          </span>
        </Flex>
      }
      data-testid="occupants-card"
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Occupant>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 620 }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('housing.occ.none') }}
        data-testid="occupants-table"
      />
    </Card>
  )
}
