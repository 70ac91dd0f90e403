import {
  AlertOutlined,
  MedicineBoxOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  GiftOutlined,
  HomeOutlined,
  NotificationOutlined,
  QrcodeOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { Menu, type MenuProps } from 'antd'
import { useLocation, useNavigate } from 'react-router-dom'
import { ROLES_AT_GATE, ROLES_IN_ENTERPRISE_MODULE, ROLES_READING_AUDIT, ROLES_READING_PEOPLE, type Role } from '../../shared/roles.ts'
import { ROLES_READING_HOUSING } from '../../shared/schemas/housing.ts'
import { ROLES_READING_ALERTS } from '../../shared/schemas/alerts.ts'
import { ROLES_READING_DEVICES } from '../../shared/schemas/devices.ts'
import { ROLES_FOLLOWING_RETURNEES } from '../../shared/schemas/returnees.ts'
import { ROLES_READING_NOTICE_DESK } from '../../shared/schemas/notices.ts'
import { ROLES_IN_SUBSIDY_MODULE } from '../../shared/schemas/subsidies.ts'
import { ROLES_IN_RECRUITMENT_MODULE } from '../../shared/schemas/recruitment.ts'
import { ROLES_HEALTH_AUTHORITY } from '../../shared/schemas/codes.ts'
import { useI18n } from '../hooks/useI18n.ts'

const has = (roles: readonly Role[], role: Role) => roles.includes(role)

type Item = Required<MenuProps>['items'][number]

/** The selected menu key for a location: /people/123 belongs to /people. */
function selectedKey(pathname: string): string {
  const first = pathname.split('/')[1]
  return first ? `/${first}` : '/'
}

export function SideMenu({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const location = useLocation()

  const workbench: Item[] = [{ key: '/', icon: <DashboardOutlined />, label: t('nav.home') }]
  if (ROLES_READING_PEOPLE.includes(role)) {
    workbench.push({ key: '/people', icon: <TeamOutlined />, label: t('nav.people') })
  }
  const modules: Item[] = []
  if (ROLES_READING_HOUSING.includes(role)) modules.push({ key: '/housing', icon: <QrcodeOutlined />, label: t('nav.houseCodes') })
  if (has(ROLES_HEALTH_AUTHORITY, role)) modules.push({ key: '/health', icon: <SafetyCertificateOutlined />, label: t('nav.health') })
  if (ROLES_AT_GATE.includes(role)) modules.push({ key: '/gate', icon: <ScanOutlined />, label: t('nav.gate') })
  if (has(ROLES_READING_ALERTS, role)) workbench.push({ key: '/alerts', icon: <AlertOutlined />, label: t('nav.alerts') })
  if (has(ROLES_FOLLOWING_RETURNEES, role)) modules.push({ key: '/returnees', icon: <RollbackOutlined />, label: t('nav.returnees') })
  if (has(ROLES_READING_DEVICES, role))
    modules.push({ key: '/isolation', icon: <HomeOutlined />, label: <span title={t('nav.isolationFull')}>{t('nav.isolation')}</span> })
  if (role === 'doctor') modules.push({ key: '/consultations', icon: <MedicineBoxOutlined />, label: t('nav.consultations') })
  if (ROLES_IN_ENTERPRISE_MODULE.includes(role)) modules.push({ key: '/enterprise', icon: <BankOutlined />, label: t('nav.enterprises') })
  if (has(ROLES_IN_SUBSIDY_MODULE, role)) modules.push({ key: '/subsidies', icon: <GiftOutlined />, label: t('nav.subsidies') })
  if (has(ROLES_IN_RECRUITMENT_MODULE, role)) modules.push({ key: '/recruitment', icon: <SolutionOutlined />, label: t('nav.recruitment') })
  if (has(ROLES_READING_NOTICE_DESK, role)) modules.push({ key: '/notices-admin', icon: <NotificationOutlined />, label: t('nav.notices') })
  const items: Item[] = [
    { type: 'group', key: 'g-work', label: t('nav.workbench'), children: workbench },
    { type: 'group', key: 'g-modules', label: t('nav.modules'), children: modules },
  ]
  if (ROLES_READING_AUDIT.includes(role)) {
    items.push({
      type: 'group',
      key: 'g-system',
      label: t('nav.system'),
      children: [
        { key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') },
        {
          key: 'docs',
          icon: <ApiOutlined />,
          label: (
            <a href="/docs" target="_blank" rel="noreferrer">
              {t('nav.docs')}
            </a>
          ),
        },
      ],
    })
  }

  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={({ key }) => {
        if (!key.startsWith('/')) return
        void navigate(key)
        onNavigate?.()
      }}
    />
  )
}
