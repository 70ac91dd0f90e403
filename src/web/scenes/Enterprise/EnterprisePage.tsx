import { Tabs } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { Role } from '../../../shared/roles.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { BoardTab } from './BoardTab.tsx'
import { ExpertsTab } from './ExpertsTab.tsx'
import { PortalTab } from './PortalTab.tsx'
import { ProblemsTab } from './ProblemsTab.tsx'
import { RegistryTab } from './RegistryTab.tsx'
import { ResumptionTab } from './ResumptionTab.tsx'
import './enterprise.css'

type TabKey = 'portal' | 'worklist' | 'problems' | 'registry' | 'resumption' | 'board' | 'experts'

/** What each role works with, first tab first: an enterprise its portal, a liaison its work list. */
const TABS_BY_ROLE: Partial<Record<Role, TabKey[]>> = {
  enterprise: ['portal', 'resumption', 'experts'],
  liaison: ['worklist', 'problems', 'registry', 'resumption', 'board', 'experts'],
  admin: ['board', 'problems', 'registry', 'resumption', 'worklist', 'experts'],
  leader: ['board', 'problems', 'registry'],
  expert: ['experts', 'problems'],
}

/** 复工复产: the enterprise portal, the liaison's work, the area office board, the expert teams. */
export function EnterprisePage() {
  const { t } = useI18n()
  const account = useAccount()
  const { selectedAreaId, areasById } = useSession()
  const navigate = useNavigate()
  const { tab } = useParams()
  const keys = TABS_BY_ROLE[account.role] ?? []
  const active = keys.includes(tab as TabKey) ? (tab as TabKey) : keys[0]
  const areaName = selectedAreaId ? areasById.get(selectedAreaId)?.name : undefined

  const content: Record<TabKey, () => ReactNode> = {
    portal: () => <PortalTab />,
    worklist: () => <ProblemsTab view="mine" sort="deadline" testId="worklist-table" />,
    problems: () => <ProblemsTab view="all" sort="newest" areaId={selectedAreaId} testId="problems-table" />,
    registry: () => <RegistryTab />,
    resumption: () => <ResumptionTab />,
    board: () => <BoardTab />,
    experts: () => <ExpertsTab />,
  }

  return (
    <>
      <PageHeader
        title={t('ent.title')}
        after={account.role !== 'enterprise' && areaName ? <span className="gl-page-sub">{areaName}</span> : null}
      />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/enterprise/${key}`)}
        destroyOnHidden
        items={keys.map((key) => ({
          key,
          label: <span data-testid={`ent-tab-${key}`}>{t(`ent.tab.${key}` as UiKey)}</span>,
          children: active === key ? content[key]() : null,
        }))}
      />
    </>
  )
}
