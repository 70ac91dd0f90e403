import { Button, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import type { Role } from '../../shared/roles.ts'
import { useI18n } from '../hooks/useI18n.ts'
import { useSession } from '../hooks/useSession.ts'

/** Shows children only to a signed-in account; otherwise the login page, remembering where we were. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { account } = useSession()
  const location = useLocation()
  if (account === undefined) {
    return (
      <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    )
  }
  if (account === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  return children
}

/** The server enforces roles; this only spares users a page of errors. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { account } = useSession()
  if (account && roles.includes(account.role)) return children
  return <Forbidden />
}

export function Forbidden() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('common.forbidden')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
    />
  )
}

export function NotFound() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
    />
  )
}
