import { DesktopOutlined } from '@ant-design/icons'
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import type { OwnSession } from '../../../shared/schemas/auth.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'

const when = (at: string) => <span className="gl-mono gl-nowrap">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>

/** The account's open sessions, each with a sign-out, and sign-out everywhere (else). */
export function SessionsCard() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const { logout } = useSession()
  const sessions = useApiData<OwnSession[]>('/api/auth/sessions')

  const run = async (action: () => Promise<void>) => {
    try {
      await action()
    } catch (failure) {
      void message.error(errorText(failure))
    }
    sessions.reload()
  }
  const signOut = (session: OwnSession) =>
    run(async () => {
      await api(`/api/auth/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' })
      if (session.current) return logout()
      void message.success(t('security.signedOut'))
    })
  const signOutOthers = () =>
    run(async () => {
      const { ended } = await api<{ ended: number }>('/api/auth/sessions/sign-out-others', { method: 'POST' })
      void message.success(t('security.signedOutOthers', { n: ended }))
    })
  const signOutAll = () =>
    run(async () => {
      await api('/api/auth/sessions/sign-out-all', { method: 'POST' })
      await logout()
    })

  const others = (sessions.data ?? []).filter((s) => !s.current).length
  return (
    <Card
      title={t('security.sessions')}
      extra={
        <Space wrap>
          <Popconfirm title={t('security.signOutOthersConfirm')} onConfirm={signOutOthers} disabled={others === 0}>
            <Button disabled={others === 0} data-testid="sessions-sign-out-others">
              {t('security.signOutOthers')}
            </Button>
          </Popconfirm>
          <Popconfirm title={t('security.signOutAllConfirm')} onConfirm={signOutAll}>
            <Button danger data-testid="sessions-sign-out-all">
              {t('security.signOutAll')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('security.sessionsHint')}</Typography.Paragraph>
      {sessions.error ? <LoadError error={sessions.error} onRetry={sessions.reload} /> : null}
      <Table<OwnSession>
        rowKey="id"
        size="middle"
        loading={sessions.loading}
        dataSource={sessions.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="sessions-table"
        columns={[
          {
            title: t('security.device'),
            key: 'device',
            render: (_, s) => (
              <Space>
                <DesktopOutlined />
                <span>{[s.browser, s.os].filter(Boolean).join(' · ') || t('security.unknownDevice')}</span>
                {s.current ? <Tag color="blue">{t('security.current')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('security.ip'), dataIndex: 'ip', render: (ip: string | null) => <span className="gl-mono">{ip ?? '—'}</span> },
          { title: t('security.createdAt'), dataIndex: 'createdAt', render: when },
          { title: t('security.lastSeenAt'), dataIndex: 'lastSeenAt', render: when },
          {
            key: 'actions',
            align: 'right',
            render: (_, s) => (
              <Popconfirm title={t('security.signOutConfirm')} onConfirm={() => signOut(s)}>
                <Button size="small" danger={s.current} data-testid="session-sign-out">
                  {t('security.signOut')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  )
}
