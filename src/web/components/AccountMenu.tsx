import { EnvironmentOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons'
import { Avatar, Dropdown, Space, Typography } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useI18n } from '../hooks/useI18n.ts'
import { useAccount, useSession } from '../hooks/useSession.ts'

/** Avatar, name and role; the dropdown shows the home area and signs out. */
export function AccountMenu({ compact }: { compact?: boolean }) {
  const { t, d } = useI18n()
  const account = useAccount()
  const { logout } = useSession()
  const navigate = useNavigate()
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'area', icon: <EnvironmentOutlined />, label: account.areaName, disabled: true },
          { key: 'security', icon: <SafetyOutlined />, label: t('security.title'), 'data-testid': 'account-menu-security' },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout()
          if (key === 'security') void navigate('/account/security')
        },
      }}
    >
      <button type="button" className="gl-account" data-testid="account-menu">
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1456d9' }} />
          {compact ? null : (
            <span className="gl-account-text">
              <Typography.Text strong>{account.displayName}</Typography.Text>
              <Typography.Text type="secondary" className="gl-account-role">
                {d.role[account.role]}
              </Typography.Text>
            </span>
          )}
        </Space>
      </button>
    </Dropdown>
  )
}
