import { App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import type { AccountTwoFactor } from '../../../shared/schemas/auth.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** The admin's view: which admin and policy accounts in their area use two-step verification. */
export function TwoFactorAccountsCard() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const accounts = useApiData<AccountTwoFactor[]>('/api/auth/two-factor/accounts')

  const reset = async (account: AccountTwoFactor) => {
    try {
      await api(`/api/auth/two-factor/accounts/${account.id}`, { method: 'DELETE' })
      void message.success(t('security.resetDone', { name: account.displayName }))
    } catch (failure) {
      void message.error(errorText(failure))
    }
    accounts.reload()
  }

  return (
    <Card title={t('security.accounts')}>
      <Typography.Paragraph type="secondary">{t('security.accountsHint')}</Typography.Paragraph>
      {accounts.error ? <LoadError error={accounts.error} onRetry={accounts.reload} /> : null}
      <Table<AccountTwoFactor>
        rowKey="id"
        size="middle"
        loading={accounts.loading}
        dataSource={accounts.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="two-factor-accounts"
        columns={[
          { title: t('security.account'), key: 'account', render: (_, a) => `${a.displayName} (${a.username})` },
          { title: t('security.role'), dataIndex: 'role', render: (role: AccountTwoFactor['role']) => d.role[role] },
          { title: t('security.area'), dataIndex: 'areaName' },
          {
            title: t('security.status'),
            dataIndex: 'enabledAt',
            render: (at: string | null) =>
              at ? (
                <Tag color="green">{t('security.twoFactorOn', { at: dayjs(at).format('YYYY-MM-DD') })}</Tag>
              ) : (
                <Tag>{t('security.twoFactorOff')}</Tag>
              ),
          },
          {
            key: 'actions',
            align: 'right',
            render: (_, a) =>
              a.enabledAt ? (
                <Popconfirm title={t('security.resetConfirm', { name: a.displayName })} onConfirm={() => reset(a)}>
                  <Button size="small" danger>
                    {t('security.reset')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  )
}
