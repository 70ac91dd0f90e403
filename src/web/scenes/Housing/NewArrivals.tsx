import { App, Button, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { ROLES_EDITING_PEOPLE } from '../../../shared/roles.ts'
import type { NewArrival } from '../../../shared/schemas/housing-registration.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { RegistrationTag } from './StatusTag.tsx'

const COLOUR_TAGS = { green: 'green', yellow: 'gold', red: 'red' } as const

/**
 * New arrivals who registered themselves without a health code (待核实), oldest first: the grid
 * worker checks who they are and marks them checked; the colour column says whether the health
 * office has given them a colour (and so a code) yet.
 */
export function NewArrivals() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const { data, error, loading, reload } = useApiData<NewArrival[]>('/api/housing/new-arrivals')
  const [busy, setBusy] = useState<string>()
  const checker = ROLES_EDITING_PEOPLE.includes(account.role)

  const verify = async (arrival: NewArrival) => {
    setBusy(arrival.personId)
    try {
      await api(`/api/housing/new-arrivals/${arrival.personId}/verify`, { method: 'POST' })
      void message.success(t('arrival.verified', { name: arrival.name }))
      reload()
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(undefined)
    }
  }

  const columns: TableColumnsType<NewArrival> = [
    { title: t('arrival.since'), dataIndex: 'pendingSince', width: 110, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
    {
      title: t('col.name'),
      dataIndex: 'name',
      width: 90,
      render: (name: string) => (
        <span>
          {name} <Tag color="orange">{t('arrival.pending')}</Tag>
        </span>
      ),
    },
    { title: t('col.idNumber'), dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span className="gl-mono">{v}</span> },
    { title: t('col.phone'), dataIndex: 'phoneMasked', width: 120, render: (v: string | null) => <span className="gl-mono">{v}</span> },
    { title: t('arrival.address'), key: 'address', ellipsis: true, render: (_, r) => `${r.areaName} · ${r.address ?? ''}` },
    { title: t('col.origin'), dataIndex: 'origin', width: 100 },
    {
      title: t('housing.reg.health'),
      key: 'colour',
      width: 110,
      render: (_, r) =>
        r.healthColour ? (
          <Tag color={COLOUR_TAGS[r.healthColour]}>{t(`arrival.colour.${r.healthColour}`)}</Tag>
        ) : (
          <Tag>{r.healthCodeFormat ? `${t('arrival.otherCode')} · ${t('arrival.noColour')}` : t('arrival.noColour')}</Tag>
        ),
    },
    {
      title: t('arrival.landlord'),
      key: 'registration',
      width: 100,
      render: (_, r) => (r.registrationStatus ? <RegistrationTag status={r.registrationStatus} /> : null),
    },
    {
      title: '',
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, r) =>
        checker ? (
          <Button size="small" type="primary" loading={busy === r.personId} onClick={() => void verify(r)} data-testid="verify-arrival">
            {t('arrival.verify')}
          </Button>
        ) : null,
    },
  ]
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 12px' }}>
        {t('arrival.hint')}
      </Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<NewArrival>
        data-testid="new-arrivals-table"
        rowKey="personId"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('arrival.none') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </>
  )
}
