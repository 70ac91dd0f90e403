import { Card, Col, Empty, Row, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import type { Board } from '../../../shared/schemas/enterprise-problem.ts'
import type { AreaLevel } from '../../../shared/areas.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { EChart, type ChartOption } from '../../components/EChart.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'

const COLORS = { open: '#1456d9', overdue: '#f5222d', resolved: '#52c41a' }

function Figure({ testId, title, value, note, color }: { testId: string; title: string; value: string; note?: string; color?: string }) {
  return (
    <Card size="small" data-testid={testId} style={{ height: '100%' }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div className="gl-ent-figure" style={{ color }} data-testid={`${testId}-value`}>
        {value}
      </div>
      {note ? <div className="gl-ent-figure-note">{note}</div> : null}
    </Card>
  )
}

/** Grouped bars of open, overdue and resolved problems for a list of labels. */
function barsOption(
  labels: string[],
  rows: Board['totals'][],
  names: Record<keyof typeof COLORS, string>,
  horizontal: boolean,
): ChartOption {
  const category = { type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 12 } }
  const value = { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f4' } } }
  return {
    color: [COLORS.open, COLORS.overdue, COLORS.resolved],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: (['open', 'overdue', 'resolved'] as const).map((key) => ({
      name: names[key],
      type: 'bar',
      barMaxWidth: 18,
      data: rows.map((r) => r[key]),
    })),
  }
}

/** The area office board: problems per category and per child area, time to resolve, satisfaction, resumption. */
export function BoardTab() {
  const { t, d } = useI18n()
  const { areas, selectedAreaId } = useSession()
  const [areaId, setAreaId] = useState(selectedAreaId)
  const { data, error, loading, reload } = useApiData<Board>('/api/enterprise/problems/board', { areaId })
  const names = { open: t('ent.board.open'), overdue: t('ent.board.overdue'), resolved: t('ent.board.resolved') }

  const byCategory = useMemo(
    () =>
      data
        ? barsOption(
            data.byCategory.map((c) => d.enterprise.category[c.category]),
            data.byCategory,
            names,
            true,
          )
        : undefined,
    [data, t],
  )
  const byArea = useMemo(
    () =>
      data?.byArea.length
        ? barsOption(
            data.byArea.map((a) => a.name),
            data.byArea,
            names,
            false,
          )
        : undefined,
    [data, t],
  )
  const num = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '—' : n.toFixed(digits))
  const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—')
  const childLevel = data?.byArea[0]?.level as AreaLevel | undefined

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar" style={{ alignItems: 'center' }}>
        <Typography.Text>{t('ent.board.area')}</Typography.Text>
        <AreaTreeSelect areas={areas} value={areaId} onChange={setAreaId} style={{ width: 240 }} />
        {data ? <Typography.Text type="secondary">{t('ent.board.today', { date: data.today })}</Typography.Text> : null}
      </div>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8} xl={4}>
          <Figure testId="board-open" title={t('ent.board.open')} value={String(data?.totals.open ?? '—')} color={COLORS.open} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="board-overdue"
            title={t('ent.board.overdue')}
            value={String(data?.totals.overdue ?? '—')}
            color={COLORS.overdue}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="board-resolved"
            title={t('ent.board.resolved')}
            value={String(data?.totals.resolved ?? '—')}
            color={COLORS.resolved}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="board-avg-days"
            title={t('ent.board.avgDays')}
            value={num(data?.totals.avgResolveWorkdays)}
            note={t('ent.board.avgDaysUnit')}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="board-satisfaction"
            title={t('ent.board.satisfaction')}
            value={data?.totals.avgSatisfaction ? `${num(data.totals.avgSatisfaction)} / 5` : '—'}
            note={t('ent.board.rated', { n: data?.totals.rated ?? 0 })}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="board-resumed"
            title={t('ent.board.resumption')}
            value={data ? `${data.resumption.resumed} / ${data.resumption.enterprises}` : '—'}
            note={
              data
                ? t('ent.board.resumptionNote', { above: data.resumption.aboveScaleResumed, aboveTotal: data.resumption.aboveScale })
                : undefined
            }
          />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Card title={t('ent.board.byCategory')} loading={loading && !data} style={{ height: '100%' }}>
            {byCategory ? <EChart option={byCategory} style={{ height: 340 }} data-testid="board-category-chart" /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('ent.board.byArea', { level: childLevel ? d.level[childLevel] : '' })}
            loading={loading && !data}
            style={{ height: '100%' }}
          >
            {byArea ? (
              <EChart option={byArea} style={{ height: 340 }} data-testid="board-area-chart" />
            ) : (
              <Empty description={t('ent.board.none')} />
            )}
          </Card>
        </Col>
      </Row>
      {data?.byArea.length ? (
        <Card style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.byArea}
            data-testid="board-area-table"
            scroll={{ x: 720 }}
            columns={[
              { title: t('home.area'), dataIndex: 'name' },
              { title: names.open, dataIndex: 'open', align: 'right' },
              {
                title: names.overdue,
                dataIndex: 'overdue',
                align: 'right',
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
              },
              { title: names.resolved, dataIndex: 'resolved', align: 'right' },
              { title: t('ent.board.avgDays'), dataIndex: 'avgResolveWorkdays', align: 'right', render: (n: number | null) => num(n) },
              { title: t('ent.board.satisfaction'), dataIndex: 'avgSatisfaction', align: 'right', render: (n: number | null) => num(n) },
              {
                title: t('ent.board.rate'),
                key: 'rate',
                align: 'right',
                render: (_, a) => `${a.resumed}/${a.enterprises} · ${pct(a.resumed, a.enterprises)}`,
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  )
}
