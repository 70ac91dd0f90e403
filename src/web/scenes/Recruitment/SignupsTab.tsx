import { EyeOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, Grid, Input, Modal, Select, Space, Table, Tag } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs from 'dayjs'
import { useState } from 'react'
import {
  SIGNUP_STATES,
  SIGNUP_TRANSITIONS,
  type CollectionPoint,
  type Signup,
  type SignupState,
  type Team,
} from '../../../shared/schemas/recruitment.ts'
import type { Page } from '../../api/types.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'

export const STATE_COLORS: Record<SignupState, string> = {
  signed_up: 'blue',
  contacted: 'cyan',
  boarded: 'orange',
  hired: 'green',
  withdrawn: 'default',
}

/** The phone, masked, with a button that fetches the full number (the server audits it). */
function PhoneCell({ signup, canReveal }: { signup: Signup; canReveal: boolean }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [phone, setPhone] = useState<string>()
  const reveal = () =>
    api<{ phone: string }>(`/api/recruitment/signups/${signup.id}/phone`, { method: 'POST' }).then(
      (r) => setPhone(r.phone),
      (error: unknown) => void message.error(errorText(error)),
    )
  return (
    <Space size={4}>
      <span className="gl-mono">{phone ?? signup.phoneMasked}</span>
      {canReveal && !phone ? (
        <Button type="text" size="small" icon={<EyeOutlined />} title={t('rec.reveal')} onClick={() => void reveal()} />
      ) : null}
    </Space>
  )
}

/** Picks a bus of the sign-up's region (seats free shown) and books or moves the seat. */
function SeatModal({ signup, onClose, onSaved }: { signup: Signup; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const points = useApiData<{ items: CollectionPoint[] }>('/api/recruitment/points', { regionId: signup.regionId })
  const [busId, setBusId] = useState(signup.seat?.busId)
  const [saving, setSaving] = useState(false)
  const options = (points.data?.items ?? []).flatMap((p) =>
    p.buses.map((b) => ({
      value: b.id,
      disabled: b.seatsTaken >= b.seats || dayjs(b.departsAt).isBefore(dayjs()),
      label: `${b.plate} · ${dayjs(b.departsAt).format('M/D HH:mm')} · ${p.name} · ${t('rec.seatsFree', { n: b.seats - b.seatsTaken })}`,
    })),
  )
  const save = async () => {
    if (!busId) return
    setSaving(true)
    try {
      await api(`/api/recruitment/signups/${signup.id}/seat`, { method: 'PUT', body: { busId } })
      void message.success(t('rec.saved'))
      onSaved()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open
      title={`${t('rec.assignSeat')} · ${signup.number} ${signup.name}`}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      okButtonProps={{ disabled: !busId }}
    >
      <Select
        style={{ width: '100%' }}
        placeholder={t('rec.chooseBus')}
        loading={points.loading}
        options={options}
        value={busId}
        onChange={setBusId}
        data-testid="rec-seat-bus"
      />
    </Modal>
  )
}

/** Sign-ups of the viewer's teams with filters, state actions and seat assignment. */
export function SignupsTab({ canManage }: { canManage: boolean }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [filter, setFilter] = useState<{ teamId?: string; state?: SignupState; q?: string; page: number }>({ page: 1 })
  const [version, setVersion] = useState(0)
  const [seatFor, setSeatFor] = useState<Signup>()
  const teams = useApiData<{ items: Team[] }>('/api/recruitment/teams')
  const { data, error, loading, reload } = useApiData<Page<Signup>>('/api/recruitment/signups', { ...filter, pageSize: 20 }, version)
  const refresh = () => setVersion((v) => v + 1)
  // A fixed action column would cover most of a phone's width; there it scrolls with the row.
  const phone = !Grid.useBreakpoint().md

  const act = async (signup: Signup, request: Promise<unknown>) => {
    try {
      await request
      refresh()
    } catch (error) {
      void message.error(`${signup.number}: ${errorText(error)}`)
    }
  }

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <Select
          allowClear
          style={{ width: 230 }}
          placeholder={t('rec.filterTeam')}
          options={teams.data?.items.map((team) => ({ value: team.id, label: team.name }))}
          onChange={(teamId?: string) => setFilter((f) => ({ ...f, teamId, page: 1 }))}
          data-testid="rec-filter-team"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('rec.filterState')}
          options={SIGNUP_STATES.map((s) => ({ value: s, label: t(`rec.state.${s}` as UiKey) }))}
          onChange={(state?: SignupState) => setFilter((f) => ({ ...f, state, page: 1 }))}
        />
        <Input.Search
          allowClear
          style={{ width: 200 }}
          placeholder={t('rec.search')}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined, page: 1 }))}
          data-testid="rec-search"
        />
      </div>
      <Table<Signup>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: canManage ? 1070 : 840 }}
        data-testid="rec-signups-table"
        pagination={{
          current: filter.page,
          pageSize: 20,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: (page) => setFilter((f) => ({ ...f, page })),
        }}
        columns={(
          [
            { title: t('rec.number'), dataIndex: 'number', width: 100, render: (n: string) => <span className="gl-mono">{n}</span> },
            { title: t('rec.name'), dataIndex: 'name', width: 80 },
            { title: t('rec.phone'), key: 'phone', width: 130, render: (_, s) => <PhoneCell signup={s} canReveal={canManage} /> },
            {
              title: t('rec.region'),
              key: 'region',
              width: 150,
              render: (_, s) => (
                <div>
                  {s.regionName}
                  <div style={{ fontSize: 12, color: '#666' }}>{s.teamName}</div>
                </div>
              ),
            },
            {
              title: t('rec.job'),
              key: 'job',
              width: 140,
              render: (_, s) => (s.jobTitle ? `${s.jobTitle} · ${s.enterpriseName}` : (s.jobWanted ?? '—')),
            },
            {
              title: t('rec.seat'),
              key: 'seat',
              width: 130,
              render: (_, s) =>
                s.seat ? (
                  `${s.seat.plate} · ${dayjs(s.seat.departsAt).format('M/D HH:mm')}`
                ) : (
                  <span style={{ color: '#767676' }}>{t('rec.noSeat')}</span>
                ),
            },
            {
              title: t('rec.state'),
              dataIndex: 'state',
              width: 110,
              render: (state: SignupState) => <Tag color={STATE_COLORS[state]}>{t(`rec.state.${state}` as UiKey)}</Tag>,
            },
            {
              title: t('rec.actions'),
              key: 'actions',
              width: 230,
              fixed: phone ? undefined : 'right',
              render: (_, s) =>
                canManage ? (
                  <Space size={4} wrap>
                    {SIGNUP_TRANSITIONS[s.state].length ? (
                      <Dropdown
                        menu={{
                          items: SIGNUP_TRANSITIONS[s.state].map((to) => ({ key: to, label: t(`rec.to.${to}` as UiKey) })),
                          onClick: ({ key }) =>
                            void act(s, api(`/api/recruitment/signups/${s.id}/state`, { method: 'POST', body: { state: key } })),
                        }}
                      >
                        <Button size="small">{t('rec.changeState')}</Button>
                      </Dropdown>
                    ) : null}
                    {s.state !== 'withdrawn' && s.state !== 'hired' ? (
                      <Button size="small" onClick={() => setSeatFor(s)}>
                        {t('rec.assignSeat')}
                      </Button>
                    ) : null}
                    {s.seat && s.state !== 'hired' ? (
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() => void act(s, api(`/api/recruitment/signups/${s.id}/seat`, { method: 'DELETE' }))}
                      >
                        {t('rec.cancelSeat')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null,
            },
            // Readers (a leader) have no actions: no empty column for them.
          ] satisfies ColumnsType<Signup>
        ).filter((column) => canManage || column.key !== 'actions')}
      />
      {seatFor ? (
        <SeatModal
          signup={seatFor}
          onClose={() => setSeatFor(undefined)}
          onSaved={() => {
            setSeatFor(undefined)
            refresh()
          }}
        />
      ) : null}
    </>
  )
}
