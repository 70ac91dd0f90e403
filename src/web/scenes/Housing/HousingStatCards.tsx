import { AuditOutlined, QrcodeOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons'
import { Card, Col, Row, Statistic } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate } from 'react-router-dom'
import type { HeadlineNumbers } from '../../api/types.ts'
import { useI18n } from '../../hooks/useI18n.ts'

interface Figure {
  testId: string
  title: string
  value: number | undefined
  note: string
  icon: ReactNode
  color: string
}

/** The house-code row of the home page: coded properties, occupants, and what waits for whom. */
export function HousingStatCards({ totals, loading }: { totals: HeadlineNumbers | undefined; loading: boolean }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US')
  const figures: Figure[] = [
    {
      testId: 'stat-coded-properties',
      title: t('stat.codedProperties'),
      value: totals?.codedProperties,
      note: t('stat.codedNote', { n: n(totals?.rentalProperties) }),
      icon: <QrcodeOutlined />,
      color: '#c8102e',
    },
    {
      testId: 'stat-occupants',
      title: t('stat.occupants'),
      value: totals?.occupants,
      note: t('stat.occupantsNote'),
      icon: <TeamOutlined />,
      color: '#13a8a8',
    },
    {
      testId: 'stat-pending-applications',
      title: t('stat.pendingApplications'),
      value: totals?.pendingApplications,
      note: t('stat.pendingApplicationsNote'),
      icon: <AuditOutlined />,
      color: '#fa8c16',
    },
    {
      testId: 'stat-pending-registrations',
      title: t('stat.pendingRegistrations'),
      value: totals?.pendingRegistrations,
      note: t('stat.pendingRegistrationsNote'),
      icon: <SolutionOutlined />,
      color: '#7a4fd6',
    },
  ]
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      {figures.map((f) => (
        <Col key={f.testId} xs={12} lg={6}>
          <Card
            data-testid={f.testId}
            loading={loading}
            hoverable
            onClick={() => navigate('/housing')}
            styles={{ body: { padding: '16px 20px' } }}
            style={{ height: '100%' }}
          >
            <div className="gl-stat">
              <div className="gl-stat-main">
                <Statistic title={f.title} value={f.value ?? 0} styles={{ content: { fontWeight: 600 } }} />
                <div className="gl-stat-note">{f.note}</div>
              </div>
              <div className="gl-stat-icon" style={{ color: f.color, background: `${f.color}14` }}>
                {f.icon}
              </div>
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  )
}
