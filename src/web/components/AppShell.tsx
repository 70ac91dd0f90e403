import { MenuOutlined } from '@ant-design/icons'
import { Button, Drawer, Grid, Layout, Spin } from 'antd'
import { Suspense, useState } from 'react'
import { Outlet } from 'react-router-dom'
import { useI18n } from '../hooks/useI18n.ts'
import { useAccount, useSession } from '../hooks/useSession.ts'
import { AccountMenu } from './AccountMenu.tsx'
import { AreaTreeSelect } from './AreaTreeSelect.tsx'
import { BrandMark } from './BrandMark.tsx'
import { LanguageToggle } from './LanguageToggle.tsx'
import { SideMenu } from './SideMenu.tsx'
import './shell.css'

function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useI18n()
  return (
    <div className="gl-brand">
      <BrandMark size={28} />
      {collapsed ? null : (
        <div className="gl-brand-text">
          <div className="gl-brand-name">
            {t('app.name')} <span className="gl-brand-latin">{t('app.nameLatin')}</span>
          </div>
          <div className="gl-brand-sub">{t('app.subtitle')}</div>
        </div>
      )}
    </div>
  )
}

/**
 * The signed-in frame. Desktop: a dark sider that collapses to icons. Phones (below md): the
 * menu moves into a drawer opened from the header, so the page keeps the full width at a gate.
 */
export function AppShell() {
  const { t } = useI18n()
  const account = useAccount()
  const { areas, selectedAreaId, selectArea } = useSession()
  const screens = Grid.useBreakpoint()
  const mobile = !screens.md
  const [collapsed, setCollapsed] = useState(false)
  const [drawerOpen, setDrawerOpen] = useState(false)

  return (
    <Layout className="gl-shell">
      {mobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand />
          <SideMenu role={account.role} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider className="gl-sider" width={224} collapsedWidth={64} collapsible collapsed={collapsed} onCollapse={setCollapsed}>
          <Brand collapsed={collapsed} />
          <SideMenu role={account.role} />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="gl-header">
          {mobile ? <Button type="text" icon={<MenuOutlined />} aria-label={t('header.menu')} onClick={() => setDrawerOpen(true)} /> : null}
          <div className="gl-header-area">
            {mobile ? null : <span className="gl-header-label">{t('header.area')}</span>}
            <AreaTreeSelect
              areas={areas}
              value={areas.length ? selectedAreaId : undefined}
              onChange={selectArea}
              style={{ width: '100%' }}
              data-testid="area-switcher"
            />
          </div>
          <div className="gl-header-spacer" />
          <LanguageToggle />
          <AccountMenu compact={mobile} />
        </Layout.Header>
        <Layout.Content className="gl-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
