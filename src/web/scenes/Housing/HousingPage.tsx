import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Tabs } from 'antd'
import { useState, type ReactNode } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { INSPECTOR_ROLES, ROLES_MANAGING_HOUSING } from '../../../shared/schemas/housing.ts'
import { ROLES_READING_PEOPLE, type Role } from '../../../shared/roles.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import { ApplicationFormModal } from './ApplicationFormModal.tsx'
import { GroupRentals } from './GroupRentals.tsx'
import { ImportExport } from './ImportExport.tsx'
import { NewArrivals } from './NewArrivals.tsx'
import { NoticeList } from './NoticeList.tsx'
import { OutboxList } from './OutboxList.tsx'
import { PropertyTable } from './PropertyTable.tsx'
import { WorkList } from './WorkList.tsx'
import './housing.css'

interface TabDef {
  key: string
  label: UiKey
  visible: (role: Role) => boolean
  render: () => ReactNode
}

/**
 * 安居码: each role lands on its own work. A landlord sees their properties and notices; the
 * three inspectors their work list; staff the area's properties, group rentals and bulk
 * import/export; admins also the SMS outbox.
 */
export function HousingPage() {
  const { t } = useI18n()
  const account = useAccount()
  const { selectedAreaId, areasById } = useSession()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const [version, setVersion] = useState(0)
  const [applying, setApplying] = useState(false)
  const landlord = account.role === 'landlord'
  const inspector = (INSPECTOR_ROLES as readonly Role[]).includes(account.role)

  const tabs: TabDef[] = [
    { key: 'worklist', label: 'housing.tab.worklist', visible: () => inspector, render: () => <WorkList /> },
    {
      key: 'arrivals',
      label: 'arrival.tab',
      visible: (role) => role !== 'landlord' && ROLES_READING_PEOPLE.includes(role),
      render: () => <NewArrivals />,
    },
    {
      key: 'properties',
      label: landlord ? 'housing.tab.mine' : 'housing.tab.properties',
      visible: () => true,
      render: () => <PropertyTable areaId={landlord ? undefined : selectedAreaId} refreshKey={version} />,
    },
    { key: 'notices', label: 'housing.tab.notices', visible: () => landlord, render: () => <NoticeList /> },
    {
      key: 'groups',
      label: 'housing.tab.groups',
      visible: (role) => role !== 'landlord',
      render: () => <GroupRentals areaId={selectedAreaId} />,
    },
    {
      key: 'import',
      label: 'housing.tab.import',
      visible: (role) => ROLES_MANAGING_HOUSING.includes(role),
      render: () => <ImportExport areaId={selectedAreaId} onImported={() => setVersion((v) => v + 1)} />,
    },
    { key: 'outbox', label: 'housing.tab.outbox', visible: (role) => role === 'admin', render: () => <OutboxList /> },
  ]
  const visible = tabs.filter((tab) => tab.visible(account.role))
  const active = visible.find((tab) => tab.key === params.get('tab'))?.key ?? visible[0]!.key
  const areaName = !landlord && selectedAreaId ? areasById.get(selectedAreaId)?.name : undefined

  return (
    <>
      <PageHeader
        title={t('housing.title')}
        after={areaName ? <span className="gl-page-sub">{areaName}</span> : null}
        extra={
          landlord ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="apply-house-code">
              {t('housing.apply')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: '4px 16px 16px' } }}>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={visible.map((tab) => ({
            key: tab.key,
            label: <span data-testid={`tab-${tab.key}`}>{t(tab.label)}</span>,
            children: tab.render(),
          }))}
          destroyOnHidden
        />
      </Card>
      <ApplicationFormModal
        open={applying}
        defaultAreaId={account.areaId}
        onClose={() => setApplying(false)}
        onSaved={(saved) => {
          setApplying(false)
          setVersion((v) => v + 1)
          void navigate(`/housing/properties/${saved.id}`)
        }}
      />
    </>
  )
}
