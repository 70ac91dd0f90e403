import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Progress, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import { useState } from 'react'
import { formatWan } from '../../../shared/money.ts'
import { POLICY_STATES, type Policy, type PolicyState } from '../../../shared/schemas/subsidies.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { PolicyEditorDrawer } from './PolicyEditorDrawer.tsx'
import { PolicyStateTag } from './SubsidyTags.tsx'

/** Budget, committed (approved) and paid on one bar: paid in green, committed but unpaid in blue. */
export function BudgetBar({ policy }: { policy: Pick<Policy, 'budgetFen' | 'committedFen' | 'paidFen'> }) {
  const { t } = useI18n()
  const { budgetFen, committedFen, paidFen } = policy
  const pct = (fen: number) => (budgetFen ? Math.min(100, Math.round((fen / budgetFen) * 1000) / 10) : 0)
  return (
    <Tooltip
      title={t('sub.policy.budgetTip', { budget: formatWan(budgetFen), committed: formatWan(committedFen), paid: formatWan(paidFen) })}
    >
      <div className="gl-sub-budget-cell">
        <span className="gl-mono">
          {formatWan(paidFen)} / {formatWan(committedFen)} / {formatWan(budgetFen)}
        </span>
        <Progress percent={pct(committedFen)} success={{ percent: pct(paidFen) }} size="small" showInfo={false} />
      </div>
    </Tooltip>
  )
}

/** The officer's catalogue: every policy of the area with its state, version and money; New / Edit. */
export function PolicyTable({ editable }: { editable: boolean }) {
  const { t, d } = useI18n()
  const [state, setState] = useState<PolicyState>()
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<string | 'new'>()
  const { data, error, loading, reload } = useApiData<Page<Policy>>('/api/subsidies/policies', { state, pageSize: 200 }, version)

  const columns: ColumnsType<Policy> = [
    {
      title: t('sub.policy.code'),
      dataIndex: 'code',
      key: 'code',
      width: 120,
      render: (code: string) => <span className="gl-mono">{code}</span>,
    },
    {
      title: t('sub.policy.titleCol'),
      key: 'title',
      render: (_, p) => (
        <Space size={4} wrap>
          <Tag variant="filled" color="geekblue" style={{ marginInlineEnd: 0 }}>
            {d.subsidy.category[p.current.category]}
          </Tag>
          {editable ? <Typography.Link>{p.current.title}</Typography.Link> : <span>{p.current.title}</span>}
        </Space>
      ),
    },
    { title: t('sub.policy.state'), dataIndex: 'state', key: 'state', width: 90, render: (s: PolicyState) => <PolicyStateTag state={s} /> },
    { title: t('sub.policy.version'), dataIndex: 'currentVersion', key: 'version', width: 70, render: (n: number) => `v${n}` },
    {
      title: t('sub.policy.window'),
      key: 'window',
      width: 200,
      render: (_, p) => (
        <span className="gl-mono" style={{ fontSize: 12 }}>
          {p.current.opensOn} ~ {p.current.closesOn}
        </span>
      ),
    },
    { title: t('sub.policy.money'), key: 'money', width: 230, render: (_, p) => <BudgetBar policy={p} /> },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <Select<PolicyState | undefined>
          allowClear
          placeholder={t('sub.policy.state')}
          value={state}
          onChange={setState}
          options={POLICY_STATES.map((s) => ({ value: s, label: d.subsidy.policyState[s] }))}
          style={{ width: 140 }}
        />
        <Typography.Text type="secondary" style={{ alignSelf: 'center', fontSize: 12 }}>
          {t('sub.policy.moneyNote')}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        {editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="policy-new">
            {t('sub.policy.new')}
          </Button>
        ) : null}
      </div>
      <Table<Policy>
        data-testid="policy-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 960 }}
        pagination={false}
        rowClassName={editable ? 'gl-clickable-row' : undefined}
        onRow={(p) => ({ onClick: editable ? () => setEditing(p.id) : undefined })}
      />
      {editable ? (
        <PolicyEditorDrawer
          policyId={editing}
          onClose={() => setEditing(undefined)}
          onChanged={() => setVersion((n) => n + 1)}
          onCreated={(id) => setEditing(id)}
        />
      ) : null}
    </Card>
  )
}
