import { Tabs } from 'antd'
import { useNavigate, useParams } from 'react-router-dom'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import { ConsultationsPanel } from './ConsultationsPanel.tsx'
import { DevicesTab } from './DevicesTab.tsx'
import { OrdersTab } from './OrdersTab.tsx'
import { SpeakersTab } from './SpeakersTab.tsx'

const TABS = ['orders', 'devices', 'speakers', 'consultations'] as const

/** 居家隔离（三电一通）: isolation orders and their devices, the device registry, loudspeakers, remote care. */
export function IsolationPage() {
  const { t } = useI18n()
  const { selectedAreaId, areasById } = useSession()
  const navigate = useNavigate()
  const { tab } = useParams()
  const active = (TABS as readonly string[]).includes(tab ?? '') ? tab! : 'orders'
  const areaName = selectedAreaId ? areasById.get(selectedAreaId)?.name : undefined
  return (
    <>
      <PageHeader title={t('isolation.title')} after={areaName ? <span className="gl-page-sub">{areaName}</span> : null} />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(key === 'orders' ? '/isolation' : `/isolation/${key}`)}
        destroyOnHidden
        items={[
          { key: 'orders', label: t('isolation.tabOrders'), children: <OrdersTab /> },
          { key: 'devices', label: t('isolation.tabDevices'), children: <DevicesTab /> },
          { key: 'speakers', label: t('isolation.tabSpeakers'), children: <SpeakersTab /> },
          { key: 'consultations', label: t('isolation.tabConsultations'), children: <ConsultationsPanel /> },
        ]}
      />
    </>
  )
}
