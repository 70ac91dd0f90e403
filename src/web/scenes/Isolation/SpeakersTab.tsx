import { SoundOutlined } from '@ant-design/icons'
import { App, Badge, Button, Card, Col, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { announcementInputSchema, type Announcement, type SpeakerState, type SpeakerStatus } from '../../../shared/schemas/broadcast.ts'
import { api, errorText } from '../../api/client.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { usePolling } from '../../hooks/usePolling.ts'
import { useSession } from '../../hooks/useSession.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'

/** Speakers acknowledge within seconds, and go offline by silence: the screen looks again this often. */
const REFRESH_MS = 3000
const STATE_COLOUR: Record<SpeakerState, string> = { online: 'green', played: 'blue', offline: 'default' }

/**
 * 应急喇叭: a text announcement to a group of speakers; each speaker's state (在线, 已播放, 离线)
 * and, per announcement, which speakers played it. Both refresh every few seconds while the
 * page is visible (DECISIONS.md: polling, not the alert stream).
 */
export function SpeakersTab() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const { selectedAreaId } = useSession()
  const [body, setBody] = useState('')
  const [group, setGroup] = useState<string>()
  const [sending, setSending] = useState(false)
  const tick = usePolling(REFRESH_MS)
  const speakers = useApiData<SpeakerStatus[]>(selectedAreaId ? '/api/announcements/speakers' : null, { areaId: selectedAreaId }, tick)
  const history = useApiData<Announcement[]>('/api/announcements', undefined, tick)
  const groups = useMemo(() => [...new Set((speakers.data ?? []).map((s) => s.groupName).filter((g): g is string => !!g))], [speakers.data])
  const stateOf = useMemo(() => new Map((speakers.data ?? []).map((s) => [s.deviceId, s.state])), [speakers.data])
  const live = !speakers.error && !history.error

  const send = async () => {
    const parsed = announcementInputSchema.safeParse({ body, groupName: group, areaId: selectedAreaId })
    if (!parsed.success) return message.error(parsed.error.issues[0]?.message)
    setSending(true)
    try {
      const sent = await api<Announcement>('/api/announcements', { method: 'POST', body: parsed.data })
      void message.success(t('broadcast.sent', { n: sent.deliveries.length }))
      setBody('')
      history.reload()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setSending(false)
    }
  }

  /** A delivery's word: played once acknowledged; else offline or waiting, by the speaker's state now. */
  const deliveryState = (deviceId: string, ackedAt: string | null): { key: UiKey; colour: string } => {
    if (ackedAt) return { key: 'broadcast.state.played', colour: 'blue' }
    if (stateOf.get(deviceId) === 'offline') return { key: 'broadcast.state.offline', colour: 'default' }
    return { key: 'broadcast.state.waiting', colour: 'orange' }
  }

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('broadcast.send')} style={{ marginBottom: 16 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select
              placeholder={t('broadcast.group')}
              value={group}
              onChange={setGroup}
              options={groups.map((g) => ({ value: g, label: g }))}
              style={{ width: '100%' }}
            />
            <Input.TextArea
              rows={4}
              maxLength={500}
              showCount
              value={body}
              onChange={(e) => setBody(e.target.value)}
              placeholder={t('broadcast.body')}
            />
            <Button type="primary" icon={<SoundOutlined />} loading={sending} disabled={!body.trim() || !group} onClick={send}>
              {t('broadcast.send')}
            </Button>
          </Space>
        </Card>
        <Card
          title={t('broadcast.speakers')}
          extra={<Badge status={live ? 'processing' : 'warning'} text={t(live ? 'broadcast.live' : 'alerts.reconnecting')} />}
          style={{ marginBottom: 16 }}
          styles={{ body: { paddingTop: 8, paddingBottom: 8 } }}
        >
          {speakers.data?.length ? (
            <List
              data-testid="speaker-states"
              size="small"
              dataSource={speakers.data}
              renderItem={(s) => (
                <List.Item
                  data-testid={`speaker-${s.serial}`}
                  extra={
                    <Tag color={STATE_COLOUR[s.state]} data-testid={`speaker-state-${s.state}`}>
                      {t(`broadcast.state.${s.state}`)}
                    </Tag>
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space size={6} wrap>
                        <span>{s.label ?? s.serial}</span>
                        {s.groupName ? <Tag>{s.groupName}</Tag> : null}
                      </Space>
                    }
                    description={
                      <span className="gl-page-sub">
                        <span className="gl-mono">{s.serial}</span> ·{' '}
                        {s.lastSeenAt
                          ? t('broadcast.lastSeen', { time: dayjs(s.lastSeenAt).format('MM-DD HH:mm:ss') })
                          : t('broadcast.neverSeen')}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('broadcast.history')}>
          {history.data?.length ? (
            <List
              data-testid="announcement-history"
              dataSource={history.data}
              renderItem={(a) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span className="gl-mono gl-page-sub">{dayjs(a.createdAt).format('MM-DD HH:mm')}</span>
                        {a.groupName ? <Tag>{a.groupName}</Tag> : null}
                        <Typography.Text>{a.body}</Typography.Text>
                      </Space>
                    }
                    description={
                      <Space size={4} wrap>
                        {a.deliveries.map((delivery) => {
                          const state = deliveryState(delivery.deviceId, delivery.ackedAt)
                          return (
                            <Tag key={delivery.deviceId} color={state.colour}>
                              {delivery.label ?? delivery.serial} · {t(state.key)}
                            </Tag>
                          )
                        })}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
    </Row>
  )
}
