import { Space } from 'antd'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { SessionsCard } from './SessionsCard.tsx'
import { TwoFactorAccountsCard } from './TwoFactorAccountsCard.tsx'
import { TwoFactorCard } from './TwoFactorCard.tsx'

/** 账号安全: where you are signed in, your two-step verification, and (admins) everyone's. */
export function AccountSecurityPage() {
  const { t } = useI18n()
  const account = useAccount()
  return (
    <>
      <PageHeader title={t('security.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <SessionsCard />
        <TwoFactorCard />
        {account.role === 'admin' ? <TwoFactorAccountsCard /> : null}
      </Space>
    </>
  )
}
