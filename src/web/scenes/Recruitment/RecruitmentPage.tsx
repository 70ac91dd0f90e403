import { Tabs } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { Role } from '../../../shared/roles.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { BusesTab } from './BusesTab.tsx'
import { PostingsTab } from './PostingsTab.tsx'
import { ProgressTab } from './ProgressTab.tsx'
import { SignupsTab } from './SignupsTab.tsx'
import { TeamsTab } from './TeamsTab.tsx'

type TabKey = 'progress' | 'signups' | 'buses' | 'postings' | 'teams'
const STAFF_TABS: TabKey[] = ['progress', 'signups', 'buses', 'postings', 'teams']
/** An enterprise posts jobs and confirms hires; staff run the whole drive. */
const TABS_BY_ROLE: Partial<Record<Role, TabKey[]>> = {
  admin: STAFF_TABS,
  recruiter: STAFF_TABS,
  leader: STAFF_TABS,
  enterprise: ['postings'],
}

/** 招工专班: progress against quota, the sign-up pipeline, return buses, job postings, teams. */
export function RecruitmentPage() {
  const { t } = useI18n()
  const account = useAccount()
  const navigate = useNavigate()
  const { tab } = useParams()
  const keys = TABS_BY_ROLE[account.role] ?? []
  const active = keys.includes(tab as TabKey) ? (tab as TabKey) : keys[0]
  const canManage = account.role === 'admin' || account.role === 'recruiter'

  const content: Record<TabKey, () => ReactNode> = {
    progress: () => <ProgressTab />,
    signups: () => <SignupsTab canManage={canManage} />,
    buses: () => <BusesTab canManage={canManage} />,
    postings: () => <PostingsTab canPost={canManage || account.role === 'enterprise'} isEnterprise={account.role === 'enterprise'} />,
    teams: () => <TeamsTab canManage={canManage} />,
  }

  return (
    <>
      <PageHeader title={t('rec.title')} />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/recruitment/${key}`)}
        destroyOnHidden
        items={keys.map((key) => ({
          key,
          label: <span data-testid={`rec-tab-${key}`}>{t(`rec.tab.${key}` as UiKey)}</span>,
          children: active === key ? content[key]() : null,
        }))}
      />
    </>
  )
}
