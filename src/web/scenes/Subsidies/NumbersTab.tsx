import { Card, Col, Empty, Row, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { formatWan } from '../../../shared/money.ts'
import { APPLICATION_STATES, type SubsidyStats } from '../../../shared/schemas/subsidies.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { EChart, type ChartOption } from '../../components/EChart.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'

/** ECharts tooltips are HTML: policy titles are typed by officers, so they are escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const COLORS = { left: '#e6ecf5', committed: '#1456d9', paid: '#52c41a' }

function Figure({ testId, title, value, note, color }: { testId: string; title: string; value: string; note?: string; color?: string }) {
  return (
    <Card size="small" data-testid={testId} style={{ height: '100%' }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div className="gl-sub-figure" style={{ color }} data-testid={`${testId}-value`}>
        {value}
      </div>
      {note ? <div className="gl-sub-figure-note">{note}</div> : null}
    </Card>
  )
}

/** 统计: applications, money approved and paid, and how fast money reaches enterprises against the promise. */
export function NumbersTab() {
  const { t, d } = useI18n()
  const { areas, selectedAreaId } = useSession()
  const [areaId, setAreaId] = useState(selectedAreaId)
  const { data, error, loading, reload } = useApiData<SubsidyStats>('/api/subsidies/stats', { areaId })
  const applications = data ? Object.values(data.byState).reduce((sum, n) => sum + (n ?? 0), 0) : undefined
  const promise = data?.byPolicy.length ? Math.min(...data.byPolicy.map((p) => p.promiseWorkdays)) : 1

  const chart = useMemo<ChartOption | undefined>(() => {
    if (!data?.byPolicy.length) return undefined
    const rows = [...data.byPolicy].sort((a, b) => a.code.localeCompare(b.code))
    const wan = (fen: number) => Math.round(fen / 10_000) / 100
    return {
      color: [COLORS.paid, COLORS.committed, COLORS.left],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        // The axis shows codes only (they fit a phone); the tooltip names the policy and its money.
        formatter: (params: { axisValue: string; marker: string; seriesName: string; value: number }[]) => {
          const row = rows.find((r) => r.code === params[0]?.axisValue)
          const head = row
            ? `${escapeHtml(row.code)} ${escapeHtml(row.title)}<br/>${t('sub.num.budget')} ${formatWan(row.budgetFen)} ${t('sub.num.wanUnit')}`
            : ''
          return [head, ...params.map((p) => `${p.marker}${p.seriesName} ${p.value.toLocaleString('en-US')} ${t('sub.num.wanUnit')}`)].join(
            '<br/>',
          )
        },
      },
      legend: { top: 0, itemWidth: 12, itemHeight: 12 },
      // Room on the right for the axis unit (万元 / 10k yuan), which ECharts does not count in containLabel.
      grid: { left: 8, right: 64, top: 36, bottom: 4, containLabel: true },
      xAxis: { type: 'value', name: t('sub.num.wanUnit'), splitLine: { lineStyle: { color: '#eef0f4' } } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.code), axisLabel: { fontSize: 11 } },
      // One bar per policy as long as its budget: paid, approved but not yet paid, and what is left.
      series: [
        { name: t('sub.num.paid'), type: 'bar', stack: 'budget', barMaxWidth: 16, data: rows.map((r) => wan(r.paidFen)) },
        {
          name: t('sub.num.committedUnpaid'),
          type: 'bar',
          stack: 'budget',
          barMaxWidth: 16,
          data: rows.map((r) => wan(Math.max(0, r.committedFen - r.paidFen))),
        },
        {
          name: t('sub.num.left'),
          type: 'bar',
          stack: 'budget',
          barMaxWidth: 16,
          data: rows.map((r) => wan(Math.max(0, r.budgetFen - r.committedFen))),
        },
      ],
    }
  }, [data, t])

  const days = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(Math.round(n * 10) / 10))

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar" style={{ alignItems: 'center' }}>
        <Typography.Text>{t('sub.num.area')}</Typography.Text>
        <AreaTreeSelect areas={areas} value={areaId} onChange={setAreaId} style={{ width: 240, maxWidth: '100%' }} />
      </div>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="sub-num-applications"
            title={t('sub.num.applications')}
            value={applications === undefined ? '—' : String(applications)}
            note={data ? t('sub.num.pending', { n: (data.byState.submitted ?? 0) + (data.byState.returned ?? 0) }) : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Figure
            testId="sub-num-approved"
            title={t('sub.num.approved')}
            value={data ? formatWan(data.approvedFen) : '—'}
            note={t('sub.num.wanUnit')}
            color={COLORS.committed}
          />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Figure
            testId="sub-num-paid"
            title={t('sub.num.paidTotal')}
            value={data ? formatWan(data.paidFen) : '—'}
            note={t('sub.num.wanUnit')}
            color={COLORS.paid}
          />
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Figure
            testId="sub-num-median"
            title={t('sub.num.median')}
            value={days(data?.medianWorkdaysToPay)}
            note={t('sub.num.promise', { n: promise })}
          />
        </Col>
        <Col xs={24} md={12} xl={5}>
          <Figure
            testId="sub-num-within"
            title={t('sub.num.within')}
            value={data?.withinPromise === null || data?.withinPromise === undefined ? '—' : `${Math.round(data.withinPromise * 100)}%`}
            note={t('sub.num.withinNote')}
          />
        </Col>
      </Row>
      {data ? (
        <div className="gl-sub-states" data-testid="sub-num-states">
          {APPLICATION_STATES.map((s) => (
            <Tag key={s}>
              {d.subsidy.state[s]} {data.byState[s] ?? 0}
            </Tag>
          ))}
        </div>
      ) : null}
      <Card title={t('sub.num.byPolicy')} loading={loading && !data} style={{ marginBottom: 12 }}>
        {chart ? (
          <EChart option={chart} style={{ height: Math.max(320, (data?.byPolicy.length ?? 0) * 34 + 60) }} data-testid="sub-num-chart" />
        ) : (
          <Empty />
        )}
      </Card>
      {data?.byPolicy.length ? (
        <Card
          size="small"
          title={t('sub.num.tableTitle')}
          styles={{ body: { padding: 0 }, title: { whiteSpace: 'normal', fontWeight: 400 } }}
        >
          <Table
            size="small"
            rowKey="policyId"
            pagination={false}
            dataSource={data.byPolicy}
            data-testid="sub-num-table"
            scroll={{ x: 860 }}
            columns={[
              { title: t('sub.policy.code'), dataIndex: 'code', width: 110, render: (c: string) => <span className="gl-mono">{c}</span> },
              { title: t('sub.policy.titleCol'), dataIndex: 'title', ellipsis: true },
              { title: t('sub.num.budget'), dataIndex: 'budgetFen', align: 'right', width: 100, render: (f: number) => formatWan(f) },
              { title: t('sub.num.committed'), dataIndex: 'committedFen', align: 'right', width: 100, render: (f: number) => formatWan(f) },
              { title: t('sub.num.paid'), dataIndex: 'paidFen', align: 'right', width: 100, render: (f: number) => formatWan(f) },
              { title: t('sub.num.appsPaid'), key: 'apps', align: 'right', width: 100, render: (_, p) => `${p.paid} / ${p.applications}` },
              {
                title: t('sub.num.medianShort'),
                key: 'median',
                align: 'right',
                width: 130,
                render: (_, p) =>
                  p.medianWorkdaysToPay === null ? (
                    '—'
                  ) : (
                    <Typography.Text type={p.medianWorkdaysToPay <= p.promiseWorkdays ? 'success' : 'danger'}>
                      {days(p.medianWorkdaysToPay)} / {p.promiseWorkdays}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  )
}
