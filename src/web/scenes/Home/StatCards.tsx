import { HomeOutlined, KeyOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons'
import { Card, Col, Row, Statistic } from 'antd'
import type { ReactNode } from 'react'
import type { HeadlineNumbers } from '../../api/types.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** One colour per measure, shared with the bar chart so cards and bars read together. */
export const MEASURE_COLORS = {
  residents: '#1456d9',
  newResidents: '#13a8a8',
  landlords: '#fa8c16',
  rentalRooms: '#7a4fd6',
} as const

export interface StatCardProps {
  testId: string
  title: string
  value: number | undefined
  suffix: string
  note: ReactNode
  icon: ReactNode
  color: string
  loading: boolean
}

export function StatCard({ testId, title, value, suffix, note, icon, color, loading }: StatCardProps) {
  return (
    <Card data-testid={testId} loading={loading} styles={{ body: { padding: '16px 20px' } }} style={{ height: '100%' }}>
      <div className="gl-stat">
        <div className="gl-stat-main">
          <Statistic title={title} value={value ?? 0} suffix={suffix || undefined} styles={{ content: { fontWeight: 600 } }} />
          <div className="gl-stat-note">{note}</div>
        </div>
        <div className="gl-stat-icon" style={{ color, background: `${color}14` }}>
          {icon}
        </div>
      </div>
    </Card>
  )
}

/** The four headline numbers of the report: residents, new residents, landlords, rooms. */
export function StatCards({ totals, loading }: { totals: HeadlineNumbers | undefined; loading: boolean }) {
  const { t } = useI18n()
  const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US')
  const cards: StatCardProps[] = [
    {
      testId: 'stat-residents',
      title: t('stat.residents'),
      value: totals?.residents,
      suffix: t('unit.people'),
      note: t('stat.population', { n: n(totals ? totals.residents + totals.newResidents : undefined) }),
      icon: <TeamOutlined />,
      color: MEASURE_COLORS.residents,
      loading,
    },
    {
      testId: 'stat-new-residents',
      title: t('stat.newResidents'),
      value: totals?.newResidents,
      suffix: t('unit.people'),
      note: <span data-testid="stat-stayed">{t('stat.stayed', { n: n(totals?.stayedOverHoliday) })}</span>,
      icon: <UserAddOutlined />,
      color: MEASURE_COLORS.newResidents,
      loading,
    },
    {
      testId: 'stat-landlords',
      title: t('stat.landlords'),
      value: totals?.landlords,
      suffix: t('unit.people'),
      note: t('stat.landlordsNote'),
      icon: <KeyOutlined />,
      color: MEASURE_COLORS.landlords,
      loading,
    },
    {
      testId: 'stat-rental-rooms',
      title: t('stat.rentalRooms'),
      value: totals?.rentalRooms,
      suffix: t('unit.rooms'),
      note: <span data-testid="stat-properties">{t('stat.rentalProperties', { n: n(totals?.rentalProperties) })}</span>,
      icon: <HomeOutlined />,
      color: MEASURE_COLORS.rentalRooms,
      loading,
    },
  ]
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.testId} xs={12} lg={6}>
          <StatCard {...card} />
        </Col>
      ))}
    </Row>
  )
}
