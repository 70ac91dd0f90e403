import { FieldTimeOutlined, GiftOutlined, SolutionOutlined, UserAddOutlined } from '@ant-design/icons'
import { Col, Row } from 'antd'
import { useNavigate } from 'react-router-dom'
import { formatWan } from '../../../shared/money.ts'
import { ROLES_READING_RECRUITMENT } from '../../../shared/schemas/recruitment.ts'
import { ROLES_RUNNING_SUBSIDIES } from '../../../shared/schemas/subsidies.ts'
import type { ProgrammeNumbers } from '../../api/types.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { StatCard, type StatCardProps } from './StatCards.tsx'

/**
 * The work-resumption row of the home page: subsidies paid and how fast against the one-day
 * promise, and recruitment hires against the teams' quota. Hidden where neither programme runs
 * (a village has no recruitment team and may have no applicant).
 */
export function ProgrammeStatCards({ programmes, loading }: { programmes: ProgrammeNumbers | undefined; loading: boolean }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { role } = useAccount()
  if (!loading && (!programmes || (programmes.subsidies.applications === 0 && programmes.recruitment.teams === 0))) return null
  const s = programmes?.subsidies
  const r = programmes?.recruitment
  const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US')
  const percent = (share: number | null | undefined) => (share == null ? '—' : `${Math.round(share * 100)}%`)
  const cards: (StatCardProps & { to: string | null })[] = [
    {
      testId: 'stat-subsidies-paid',
      title: t('stat.subsidiesPaid'),
      value: s ? Number(formatWan(s.paidFen).replace(/,/g, '')) : undefined,
      suffix: t('unit.wanYuan'),
      note: t('stat.subsidiesNote', { approved: formatWan(s?.approvedFen ?? 0), n: n(s?.applications) }),
      icon: <GiftOutlined />,
      color: '#c8102e',
      loading,
      to: ROLES_RUNNING_SUBSIDIES.includes(role) || role === 'leader' ? '/subsidies/numbers' : null,
    },
    {
      testId: 'stat-subsidies-days',
      title: t('stat.daysToPay'),
      value: s?.medianWorkdaysToPay ?? undefined,
      suffix: s?.medianWorkdaysToPay === 1 ? t('unit.workday') : t('unit.workdays'),
      note: t('stat.daysToPayNote', { share: percent(s?.withinPromise) }),
      icon: <FieldTimeOutlined />,
      color: '#389e0d',
      loading,
      to: ROLES_RUNNING_SUBSIDIES.includes(role) || role === 'leader' ? '/subsidies/numbers' : null,
    },
    {
      testId: 'stat-recruitment-hires',
      title: t('stat.hires'),
      value: r?.hires,
      suffix: t('unit.people'),
      note: t('stat.hiresNote', { quota: n(r?.quota), share: percent(r?.quota ? r.hires / r.quota : null) }),
      icon: <SolutionOutlined />,
      color: '#1456d9',
      loading,
      to: ROLES_READING_RECRUITMENT.includes(role) ? '/recruitment' : null,
    },
    {
      testId: 'stat-recruitment-signups',
      title: t('stat.signups'),
      value: r?.signups,
      suffix: t('unit.people'),
      note: t('stat.signupsNote', { seats: n(r?.seats), teams: n(r?.teams) }),
      icon: <UserAddOutlined />,
      color: '#fa8c16',
      loading,
      to: ROLES_READING_RECRUITMENT.includes(role) ? '/recruitment' : null,
    },
  ]
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      {cards.map(({ to, ...card }) => (
        <Col key={card.testId} xs={12} lg={6} onClick={to ? () => navigate(to) : undefined} style={to ? { cursor: 'pointer' } : undefined}>
          <StatCard {...card} />
        </Col>
      ))}
    </Row>
  )
}
