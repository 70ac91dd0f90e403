import { CheckOutlined, EnvironmentOutlined, SoundOutlined, MutedOutlined } from '@ant-design/icons'
import { App, Badge, Button, Card, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { ROLES_HANDLING_ALERTS, type AlertView } from '../../../shared/schemas/alerts.ts'
import { api, errorText } from '../../api/client.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { playAlertSound } from './alert-sound.ts'
import { HandleAlertModal } from './HandleAlertModal.tsx'
import { useAlertStream } from './useAlertStream.ts'
import './alerts.css'

const SEVERITY_COLOUR: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' }
const LEVEL_COLOUR = ['default', 'gold', 'volcano']
const SOUND_KEY = 'gridline.alertSound'

/**
 * 实时预警: the unhandled alerts of the account's area, pushed live (server-sent events) with a
 * sound and a notice for each new one. Acknowledging stops the escalation; handling closes the
 * alert with a note.
 */
export function AlertsPage() {
  const { t, d } = useI18n()
  const { message, notification } = App.useApp()
  const account = useAccount()
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off')
  const [handling, setHandling] = useState<AlertView | null>(null)
  const canHandle = (ROLES_HANDLING_ALERTS as readonly string[]).includes(account.role)
  const kindName = (kind: string) => (d.devices.alertKind as Record<string, string>)[kind] ?? kind
  const stream = useAlertStream((alert) => {
    if (sound) playAlertSound()
    const where = alert.placeName ? `${alert.placeName} ${dayjs(alert.lastSeenAt).format('HH:mm:ss')}` : null
    notification.warning({
      title: t('alerts.new', { kind: kindName(alert.kind), person: alert.personName ?? where ?? alert.areaName }),
      placement: 'bottomRight',
      duration: 6,
    })
  })

  const acknowledge = async (alert: AlertView) => {
    try {
      stream.apply(await api<AlertView>(`/api/alerts/${alert.id}/acknowledge`, { method: 'POST', body: {} }))
      void message.success(t('alerts.acknowledged'))
    } catch (error) {
      void message.error(errorText(error))
    }
  }

  const toggleSound = () => {
    localStorage.setItem(SOUND_KEY, sound ? 'off' : 'on')
    setSound(!sound)
    if (!sound) playAlertSound()
  }

  const columns: TableColumnsType<AlertView> = [
    {
      title: t('alerts.kind'),
      dataIndex: 'kind',
      render: (kind: string, alert) => (
        <Tag color={SEVERITY_COLOUR[alert.severity] ?? 'default'} className="gl-nowrap">
          {kindName(kind)}
        </Tag>
      ),
    },
    {
      title: t('alerts.person'),
      dataIndex: 'personName',
      // A forged code names nobody: the checkpoint where it was shown stands in.
      render: (name: string | null, alert) =>
        name ??
        (alert.placeName ? (
          <span data-testid="alert-place">
            <EnvironmentOutlined /> {alert.placeName}
          </span>
        ) : (
          '—'
        )),
    },
    { title: t('alerts.area'), dataIndex: 'areaName', responsive: ['md'] },
    {
      title: t('alerts.time'),
      dataIndex: 'createdAt',
      render: (at: string) => <span className="gl-mono gl-nowrap">{dayjs(at).format('MM-DD HH:mm:ss')}</span>,
      responsive: ['lg'],
    },
    {
      title: t('alerts.last'),
      dataIndex: 'lastSeenAt',
      render: (at: string) => <span className="gl-mono gl-nowrap">{dayjs(at).format('MM-DD HH:mm:ss')}</span>,
    },
    { title: t('alerts.count'), dataIndex: 'occurrences', align: 'right', render: (n: number) => <span className="gl-mono">{n}</span> },
    {
      title: t('alerts.level'),
      dataIndex: 'escalationLevel',
      render: (level: number) => <Tag color={LEVEL_COLOUR[level] ?? 'default'}>{t(`alerts.level.${Math.min(level, 2)}` as UiKey)}</Tag>,
    },
    {
      title: t('alerts.status'),
      dataIndex: 'status',
      render: (status: AlertView['status']) => (
        <Badge status={status === 'open' ? 'error' : 'processing'} text={t(`alerts.status.${status}` as UiKey)} className="gl-nowrap" />
      ),
    },
    {
      key: 'actions',
      align: 'right',
      render: (_: unknown, alert) =>
        canHandle ? (
          <Space size={4}>
            {alert.status === 'open' ? (
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => acknowledge(alert)}
                data-testid="alert-acknowledge"
              >
                {t('alerts.acknowledge')}
              </Button>
            ) : null}
            <Button size="small" autoInsertSpace={false} onClick={() => setHandling(alert)} data-testid="alert-handle">
              {t('alerts.handle')}
            </Button>
          </Space>
        ) : null,
    },
  ]

  return (
    <>
      <PageHeader
        title={t('alerts.title')}
        after={
          <Badge
            status={stream.live ? 'success' : 'warning'}
            text={t(stream.live ? 'alerts.live' : 'alerts.reconnecting')}
            data-testid={stream.live ? 'alerts-live' : 'alerts-offline'}
          />
        }
        extra={
          <Tooltip title={t(sound ? 'alerts.soundOn' : 'alerts.soundOff')}>
            <Button
              icon={sound ? <SoundOutlined /> : <MutedOutlined />}
              onClick={toggleSound}
              aria-label={t(sound ? 'alerts.soundOn' : 'alerts.soundOff')}
            />
          </Tooltip>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<AlertView>
          data-testid="alerts-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={stream.alerts}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('alerts.empty') }}
          scroll={{ x: 900 }}
          rowClassName={(alert) =>
            [
              stream.fresh.has(alert.id) ? 'gl-alert-fresh' : '',
              alert.status === 'open' && alert.severity === 'critical' ? 'gl-alert-critical' : '',
            ].join(' ')
          }
          onRow={(alert) =>
            ({ 'data-testid': 'alert-row', 'data-kind': alert.kind, 'data-status': alert.status }) as React.HTMLAttributes<HTMLElement>
          }
        />
      </Card>
      <HandleAlertModal
        alert={handling}
        onClose={() => setHandling(null)}
        onDone={(alert) => {
          stream.apply(alert)
          setHandling(null)
        }}
      />
    </>
  )
}
