import { Card, Col, Empty, Grid, Row, Table, Typography } from 'antd'
import { useMemo } from 'react'
import type { Overview } from '../../api/types.ts'
import { EChart, type ChartOption } from '../../components/EChart.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { MEASURE_COLORS } from './StatCards.tsx'

type Child = Overview['children'][number]

interface Props {
  overview: Overview | undefined
  loading: boolean
  /** Children the user may open (those in the area switcher); others are not clickable. */
  canOpen: (id: string) => boolean
  onOpen: (id: string) => void
}

const MEASURES = ['residents', 'newResidents', 'landlords', 'rentalRooms'] as const

/** The children of the shown area side by side: a grouped bar chart and the same numbers as a table. */
export function ChildrenComparison({ overview, loading, canOpen, onOpen }: Props) {
  const { t, d } = useI18n()
  const narrow = !Grid.useBreakpoint().md
  const children = useMemo(() => overview?.children ?? [], [overview])
  const childLevel = children[0]?.level
  const levelName = childLevel ? d.level[childLevel] : ''
  const title = t('home.compare', { level: levelName })
  const labels = {
    residents: t('stat.residents'),
    newResidents: t('stat.newResidents'),
    landlords: t('stat.landlords'),
    rentalRooms: t('stat.rentalRooms'),
  }

  const option = useMemo<ChartOption>(
    () => ({
      color: MEASURES.map((m) => MEASURE_COLORS[m]),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemWidth: 12, itemHeight: 12 },
      grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
      xAxis: {
        type: 'category',
        data: children.map((c) => c.name),
        // Many villages under a street: tilt the names instead of hiding every other one.
        // On a phone, long village names wrap onto two lines instead of running together.
        axisLabel: {
          interval: 0,
          rotate: children.length > 5 ? 30 : 0,
          fontSize: 12,
          ...(narrow && children.length <= 5 ? { width: 64, overflow: 'break' } : {}),
        },
        axisTick: { alignWithLabel: true },
      },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#eef0f4' } } },
      series: MEASURES.map((m) => ({
        name: labels[m],
        type: 'bar',
        barMaxWidth: 28,
        data: children.map((c) => c[m]),
        cursor: 'pointer',
      })),
    }),
    // `labels` is rebuilt every render; `t` changes exactly when they do.
    [children, t, narrow],
  )

  const columns = [
    { title: t('home.area'), dataIndex: 'name', key: 'name', render: (name: string) => <span className="gl-nowrap">{name}</span> },
    ...MEASURES.map((m) => ({
      title: labels[m],
      dataIndex: m,
      key: m,
      align: 'right' as const,
      render: (value: number) => <span className="gl-mono">{value.toLocaleString('en-US')}</span>,
    })),
  ]

  if (!loading && children.length === 0) {
    return (
      <Card title={title}>
        <Empty description={t('home.noChildren')} />
      </Card>
    )
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={14}>
        <Card
          title={title}
          loading={loading}
          style={{ height: '100%' }}
          extra={narrow ? null : <Typography.Text type="secondary">{t('home.drillHint')}</Typography.Text>}
        >
          <EChart
            option={option}
            data-testid="children-chart"
            onClickCategory={(index) => {
              const child = children[index]
              if (child && canOpen(child.id)) onOpen(child.id)
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xxl={10}>
        <Card
          title={t('home.details', { level: levelName })}
          loading={loading}
          style={{ height: '100%' }}
          styles={{ body: { padding: 0 } }}
        >
          <Table<Child>
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={children}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="children-table"
            rowClassName={(row) => (canOpen(row.id) ? 'gl-clickable-row' : '')}
            onRow={(row) => ({ onClick: () => canOpen(row.id) && onOpen(row.id) })}
          />
        </Card>
      </Col>
    </Row>
  )
}
