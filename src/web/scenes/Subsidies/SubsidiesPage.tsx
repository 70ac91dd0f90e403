import { Tabs } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { Role } from '../../../shared/roles.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { ApplicationsTab } from './ApplicationsTab.tsx'
import { CatalogueTab } from './CatalogueTab.tsx'
import { NumbersTab } from './NumbersTab.tsx'
import { PayoutsTab } from './PayoutsTab.tsx'
import './subsidies.css'

type TabKey = 'catalogue' | 'applications' | 'payouts' | 'numbers'

/** What each role works with: an enterprise applies, an officer also pays, a leader reads the numbers. */
const TABS_BY_ROLE: Partial<Record<Role, TabKey[]>> = {
  enterprise: ['catalogue', 'applications'],
  policy_officer: ['catalogue', 'applications', 'payouts', 'numbers'],
  admin: ['catalogue', 'applications', 'payouts', 'numbers'],
  leader: ['catalogue', 'applications', 'numbers'],
}

/** 惠企政策兑现: consult and apply, approve, pay, and the numbers against the one-day promise. */
export function SubsidiesPage() {
  const { t } = useI18n()
  const account = useAccount()
  const navigate = useNavigate()
  const { tab } = useParams()
  const keys = TABS_BY_ROLE[account.role] ?? []
  const active = keys.includes(tab as TabKey) ? (tab as TabKey) : keys[0]

  const content: Record<TabKey, () => ReactNode> = {
    catalogue: () => <CatalogueTab />,
    applications: () => <ApplicationsTab />,
    payouts: () => <PayoutsTab />,
    numbers: () => <NumbersTab />,
  }

  return (
    <>
      <PageHeader title={t('sub.title')} after={<span className="gl-page-sub">{t('sub.promise')}</span>} />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/subsidies/${key}`)}
        destroyOnHidden
        items={keys.map((key) => ({
          key,
          label: <span data-testid={`sub-tab-${key}`}>{t(`sub.tab.${key}` as UiKey)}</span>,
          children: active === key ? content[key]() : null,
        }))}
      />
    </>
  )
}
