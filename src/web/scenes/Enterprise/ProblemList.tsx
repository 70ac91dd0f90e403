import { Card, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs from 'dayjs'
import { useState, type ReactNode } from 'react'
import {
  PROBLEM_CATEGORIES,
  PROBLEM_STATES,
  type Problem,
  type ProblemCategory,
  type ProblemState,
} from '../../../shared/schemas/enterprise-problem.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { DeadlineTag, ProblemStateTag } from './ProblemTags.tsx'

interface Props {
  /** mine + deadline is the liaison's work list; all + newest the area's list. */
  view: 'all' | 'mine' | 'open'
  sort: 'deadline' | 'newest'
  areaId?: string
  /** Hide the enterprise column (the enterprise's own portal). */
  own?: boolean
  /** Bumped by the page after a change, to reload. */
  version: number
  onOpen(problem: Problem): void
  extra?: ReactNode
  testId: string
}

/** A page of problems with state and category filters; a row opens the problem. */
export function ProblemList({ view, sort, areaId, own, version, onOpen, extra, testId }: Props) {
  const { t, d } = useI18n()
  const [state, setState] = useState<ProblemState>()
  const [category, setCategory] = useState<ProblemCategory>()
  const [page, setPage] = useState(1)
  const { data, error, loading, reload } = useApiData<Page<Problem>>(
    '/api/enterprise/problems',
    { view, sort, areaId, state, category, page, pageSize: 20 },
    version,
  )

  const columns: ColumnsType<Problem> = [
    {
      title: t('ent.col.title'),
      key: 'title',
      render: (_, p) => (
        <Space size={4} wrap>
          <Tag variant="filled" color="geekblue" style={{ marginInlineEnd: 0 }}>
            {d.enterprise.category[p.category]}
          </Tag>
          <Typography.Link>{p.title}</Typography.Link>
        </Space>
      ),
    },
    ...(own ? [] : [{ title: t('ent.col.enterprise'), dataIndex: 'enterpriseName', key: 'enterprise', ellipsis: true, width: 200 }]),
    { title: t('ent.col.state'), dataIndex: 'state', key: 'state', width: 120, render: (s: ProblemState) => <ProblemStateTag state={s} /> },
    { title: t('ent.col.deadline'), key: 'deadline', width: 250, render: (_, p) => <DeadlineTag problem={p} /> },
    {
      title: t('ent.col.owner'),
      dataIndex: 'ownerName',
      key: 'owner',
      width: 150,
      ellipsis: true,
      render: (name: string | null) => name ?? '—',
    },
    {
      title: t('ent.col.reportedAt'),
      dataIndex: 'reportedAt',
      key: 'reportedAt',
      width: 130,
      render: (iso: string) => <span className="gl-mono">{dayjs(iso).format('MM-DD HH:mm')}</span>,
    },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <Select<ProblemState | undefined>
          allowClear
          placeholder={t('ent.filter.state')}
          value={state}
          onChange={(value) => {
            setState(value)
            setPage(1)
          }}
          options={PROBLEM_STATES.map((s) => ({ value: s, label: d.enterprise.state[s] }))}
          style={{ width: 150 }}
        />
        <Select<ProblemCategory | undefined>
          allowClear
          placeholder={t('ent.filter.category')}
          value={category}
          onChange={(value) => {
            setCategory(value)
            setPage(1)
          }}
          options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: d.enterprise.category[c] }))}
          style={{ width: 150 }}
        />
        <div style={{ flex: 1 }} />
        {extra}
      </div>
      <Table<Problem>
        data-testid={testId}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 980 }}
        rowClassName="gl-clickable-row"
        onRow={(problem) => ({ onClick: () => onOpen(problem) })}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (n) => t('ent.total', { n }), onChange: setPage }}
      />
    </Card>
  )
}
