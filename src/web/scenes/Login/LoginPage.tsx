import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom'
import { message } from '../../../shared/messages.ts'
import { ApiError, errorText } from '../../api/client.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import './login.css'

interface Credentials {
  username: string
  password: string
}

export function LoginPage() {
  const { t, locale } = useI18n()
  const { account, login } = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [submitting, setSubmitting] = useState(false)
  const [failure, setFailure] = useState<unknown>()
  const from = (location.state as { from?: string } | null)?.from ?? '/'

  if (account) return <Navigate to={from} replace />

  const onFinish = async ({ username, password }: Credentials) => {
    setSubmitting(true)
    setFailure(undefined)
    try {
      await login(username.trim(), password)
      void navigate(from, { replace: true })
    } catch (error) {
      setFailure(error)
    } finally {
      setSubmitting(false)
    }
  }

  // Known codes are re-worded when the language changes after the error appeared.
  const failureText =
    failure instanceof ApiError ? (message(failure.code, locale) ?? failure.problem.title) : failure ? errorText(failure) : undefined
  const required = message('required', locale)

  return (
    <div className="gl-login">
      <div className="gl-login-lang">
        <LanguageToggle ghost />
      </div>
      <div className="gl-login-panel">
        <div className="gl-login-brand">
          <BrandMark size={44} />
          <div>
            <Typography.Title level={2} style={{ margin: 0, color: '#fff' }}>
              {t('app.name')} <span className="gl-login-latin">{t('app.nameLatin')}</span>
            </Typography.Title>
            <div className="gl-login-subtitle">{t('app.subtitle')}</div>
          </div>
        </div>
        <Card className="gl-login-card" title={t('login.title')}>
          {failureText ? (
            <Alert type="error" showIcon title={failureText} style={{ marginBottom: 16 }} data-testid="login-error" />
          ) : null}
          <Form<Credentials> layout="vertical" requiredMark={false} onFinish={onFinish} size="large" data-testid="login-form">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: required }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: required }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <div className="gl-login-footer">
          {t('login.footer')}
          <div>
            <Link to="/notices" style={{ color: '#fff', textDecoration: 'underline', lineHeight: '28px' }} data-testid="login-public-notices">
              {t('login.publicNotices')}
            </Link>
          </div>
        </div>
      </div>
    </div>
  )
}
