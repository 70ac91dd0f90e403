import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons'
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
  // Set once the password was right and the account asks for its authenticator code.
  const [needsCode, setNeedsCode] = useState<Credentials>()
  const from = (location.state as { from?: string } | null)?.from ?? '/'

  if (account) return <Navigate to={from} replace />

  const submit = async ({ username, password }: Credentials, code?: string) => {
    setSubmitting(true)
    setFailure(undefined)
    try {
      await login(username.trim(), password, code)
      void navigate(from, { replace: true })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'AUTH_SECOND_FACTOR_REQUIRED') setNeedsCode({ username: username.trim(), password })
      else setFailure(error)
    } finally {
      setSubmitting(false)
    }
  }
  const onFinish = (credentials: Credentials) => submit(credentials)
  const onCode = ({ code }: { code: string }) => submit(needsCode!, code.trim())

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
          {failureText ? <Alert type="error" showIcon title={failureText} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          {needsCode ? (
            <Form<{ code: string }> layout="vertical" requiredMark={false} onFinish={onCode} size="large" data-testid="login-code-form">
              <Typography.Paragraph type="secondary">{t('login.codeHint', { username: needsCode.username })}</Typography.Paragraph>
              <Form.Item name="code" label={t('login.code')} rules={[{ required: true, whitespace: true, message: required }]}>
                <Input
                  prefix={<SafetyOutlined />}
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  maxLength={32}
                  autoFocus
                  data-testid="login-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-code-submit">
                {t('login.submit')}
              </Button>
              <Button
                type="link"
                block
                onClick={() => {
                  setNeedsCode(undefined)
                  setFailure(undefined)
                }}
              >
                {t('login.codeBack')}
              </Button>
            </Form>
          ) : null}
          <Form<Credentials>
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            size="large"
            data-testid="login-form"
            hidden={!!needsCode}
          >
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
            <Link
              to="/notices"
              style={{ color: '#fff', textDecoration: 'underline', lineHeight: '28px' }}
              data-testid="login-public-notices"
            >
              {t('login.publicNotices')}
            </Link>
          </div>
        </div>
      </div>
    </div>
  )
}
