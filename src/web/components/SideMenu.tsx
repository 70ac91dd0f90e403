import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  GiftOutlined,
  HomeOutlined,
  QrcodeOutlined,
  RollbackOutlined,
  ScanOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { Menu, Tag, type MenuProps } from 'antd'
import type { ReactNode } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import { ROLES_AT_GATE, ROLES_READING_AUDIT, ROLES_READING_PEOPLE, type Role } from '../../shared/roles.ts'
import { useI18n } from '../hooks/useI18n.ts'
import type { UiKey } from '../i18n/zh-CN.ts'

type Item = Required<MenuProps>['items'][number]

/** Modules from PRODUCT.md that are not built yet: listed so users know they are coming. */
const COMING: { key: string; label: UiKey; full?: UiKey; icon: ReactNode }[] = [
  { key: 'house-codes', label: 'nav.houseCodes', icon: <QrcodeOutlined /> },
  { key: 'returnees', label: 'nav.returnees', icon: <RollbackOutlined /> },
  { key: 'isolation', label: 'nav.isolation', full: 'nav.isolationFull', icon: <HomeOutlined /> },
  { key: 'enterprises', label: 'nav.enterprises', icon: <BankOutlined /> },
  { key: 'subsidies', label: 'nav.subsidies', icon: <GiftOutlined /> },
  { key: 'recruitment', label: 'nav.recruitment', icon: <SolutionOutlined /> },
]

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
  if (ROLES_AT_GATE.includes(role)) modules.push({ key: '/gate', icon: <ScanOutlined />, label: t('nav.gate') })
  for (const m of COMING) {
    modules.push({
      key: m.key,
      icon: m.icon,
      disabled: true,
      title: t(m.full ?? m.label),
      label: (
        <span className="gl-menu-coming">
          <span className="gl-menu-coming-name" title={t(m.full ?? m.label)}>
            {t(m.label)}
          </span>
          <Tag variant="filled" className="gl-menu-coming-tag">
            {t('nav.comingSoon')}
          </Tag>
        </span>
      ),
    })
  }
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
        navigate(key)
        onNavigate?.()
      }}
    />
  )
}
