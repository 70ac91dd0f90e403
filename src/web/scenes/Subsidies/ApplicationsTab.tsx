import { Card, Grid, List, Pagination, Segmented, Select, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs from 'dayjs'
import { useState } from 'react'
import { formatYuan } from '../../../shared/money.ts'
import {
  APPLICATION_STATES,
  ROLES_RUNNING_SUBSIDIES,
  type Application,
  type ApplicationState,
  type Policy,
} from '../../../shared/schemas/subsidies.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { ApplicationDrawer } from './ApplicationDrawer.tsx'
import { ApplicationStateTag } from './SubsidyTags.tsx'
import { periodLabel, yuanText } from './subsidy-words.ts'

/** 申报: an enterprise's own applications; an officer's "待我审批" and the whole list with filters. */
export function ApplicationsTab() {
  const { t, d, locale } = useI18n()
  const account = useAccount()
  const own = account.role === 'enterprise'
  const deciding = ROLES_RUNNING_SUBSIDIES.includes(account.role)
  const [view, setView] = useState<'todo' | 'all'>(deciding ? 'todo' : 'all')
  const [state, setState] = useState<ApplicationState>()
  const [policyId, setPolicyId] = useState<string>()
  const [page, setPage] = useState(1)
  const [version, setVersion] = useState(0)
  const [openId, setOpenId] = useState<string>()
  // On a phone (the factory accountant's) a list of cards reads better than a table scrolled sideways.
  const phone = !Grid.useBreakpoint().md
  const list = useApiData<Page<Application>>('/api/subsidies/applications', { view, state, policyId, page, pageSize: 20 }, version)
  const policies = useApiData<Page<Policy>>(own ? null : '/api/subsidies/policies', { pageSize: 200 })

  const columns: ColumnsType<Application> = [
    {
      title: t('sub.app.number'),
      dataIndex: 'number',
      key: 'number',
      width: 165,
      render: (n: string) => <Typography.Link className="gl-mono">{n}</Typography.Link>,
    },
    ...(own ? [] : [{ title: t('sub.app.enterprise'), dataIndex: 'enterpriseName', key: 'enterprise', width: 150, ellipsis: true }]),
    {
      title: t('sub.app.policy'),
      key: 'policy',
      width: 190,
      ellipsis: true,
      render: (_, a) => (
        <span title={a.policyTitle}>
          <span className="gl-mono" style={{ color: 'rgba(0,0,0,0.45)', marginRight: 6 }}>
            {a.policyCode}
          </span>
          {a.policyTitle}
        </span>
      ),
    },
    { title: t('sub.app.period'), dataIndex: 'period', key: 'period', width: 100, render: (p: string) => periodLabel(p, locale) },
    { title: t('sub.app.state'), key: 'state', width: 125, render: (_, a) => <ApplicationStateTag application={a} /> },
    {
      title: t('sub.app.amount'),
      dataIndex: 'amountFen',
      key: 'amount',
      width: 115,
      align: 'right',
      render: (fen: number) => <span className="gl-mono">{formatYuan(fen)}</span>,
    },
    {
      title: t('sub.app.submittedAt'),
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      width: 120,
      render: (iso: string) => (
        <span className="gl-mono" style={{ whiteSpace: 'nowrap' }}>
          {dayjs(iso).format('MM-DD HH:mm')}
        </span>
      ),
    },
    {
      title: t('sub.app.workdaysToPay'),
      dataIndex: 'workdaysToPay',
      key: 'workdays',
      width: 95,
      align: 'right',
      render: (n: number | null) => (n === null ? '—' : <span data-testid="row-workdays">{t('sub.app.workdays', { n })}</span>),
    },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <div className="gl-toolbar">
        {deciding ? (
          <Segmented
            value={view}
            onChange={(v) => {
              setView(v as 'todo' | 'all')
              setPage(1)
            }}
            options={[
              { value: 'todo', label: <span data-testid="app-view-todo">{t('sub.app.todo')}</span> },
              { value: 'all', label: <span data-testid="app-view-all">{t('sub.app.all')}</span> },
            ]}
          />
        ) : null}
        <Select<ApplicationState | undefined>
          allowClear
          placeholder={t('sub.app.state')}
          value={state}
          onChange={(v) => {
            setState(v)
            setPage(1)
          }}
          options={APPLICATION_STATES.map((s) => ({ value: s, label: d.subsidy.state[s] }))}
          style={{ width: 130 }}
        />
        {!own ? (
          <Select<string | undefined>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('sub.app.policy')}
            value={policyId}
            onChange={(v) => {
              setPolicyId(v)
              setPage(1)
            }}
            options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.current.title}` }))}
            style={{ width: 260, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
          />
        ) : null}
      </div>
      {phone ? (
        <>
          <List<Application>
            data-testid="application-list"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            renderItem={(a) => (
              <List.Item className="gl-sub-app-item" onClick={() => setOpenId(a.id)}>
                <div className="gl-sub-app-line">
                  <Typography.Link className="gl-mono">{a.number}</Typography.Link>
                  <ApplicationStateTag application={a} />
                </div>
                <div className="gl-sub-app-title">
                  {a.policyTitle}
                  {own ? '' : ` · ${a.enterpriseName}`}
                </div>
                <div className="gl-sub-app-line gl-sub-meta">
                  <span>
                    {periodLabel(a.period, locale)} · {dayjs(a.submittedAt).format('MM-DD HH:mm')}
                    {a.workdaysToPay === null ? '' : ` · ${t('sub.app.workdays', { n: a.workdaysToPay })}`}
                  </span>
                  <strong className="gl-mono">{yuanText(a.amountFen, locale)}</strong>
                </div>
              </List.Item>
            )}
          />
          <Pagination
            size="small"
            align="end"
            current={page}
            pageSize={20}
            total={list.data?.total ?? 0}
            onChange={setPage}
            hideOnSinglePage
          />
        </>
      ) : (
        <Table<Application>
          data-testid="application-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: own ? 910 : 1060 }}
          rowClassName="gl-clickable-row"
          onRow={(a) => ({ onClick: () => setOpenId(a.id) })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('sub.total', { n }),
            onChange: setPage,
          }}
        />
      )}
      <ApplicationDrawer applicationId={openId} onClose={() => setOpenId(undefined)} onChanged={() => setVersion((n) => n + 1)} />
    </Card>
  )
}
