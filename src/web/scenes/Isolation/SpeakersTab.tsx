import { SoundOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { announcementInputSchema, type Announcement } from '../../../shared/schemas/broadcast.ts'
import type { Device } from '../../../shared/schemas/devices.ts'
import { api, errorText } from '../../api/client.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'

/** 应急喇叭: a text announcement to a group of speakers, and per speaker whether it acknowledged. */
export function SpeakersTab() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const { selectedAreaId } = useSession()
  const [body, setBody] = useState('')
  const [group, setGroup] = useState<string>()
  const [version, setVersion] = useState(0)
  const [sending, setSending] = useState(false)
  const speakers = useApiData<Device[]>(selectedAreaId ? '/api/devices' : null, { kind: 'speaker', areaId: selectedAreaId })
  // Acknowledgements arrive within seconds: look again shortly after sending.
  const history = useApiData<Announcement[]>('/api/announcements', undefined, version)
  const groups = useMemo(() => [...new Set((speakers.data ?? []).map((s) => s.groupName).filter((g): g is string => !!g))], [speakers.data])

  const send = async () => {
    const parsed = announcementInputSchema.safeParse({ body, groupName: group, areaId: selectedAreaId })
    if (!parsed.success) return message.error(parsed.error.issues[0]?.message)
    setSending(true)
    try {
      const sent = await api<Announcement>('/api/announcements', { method: 'POST', body: parsed.data })
      message.success(t('broadcast.sent', { n: sent.deliveries.length }))
      setBody('')
      setVersion((v) => v + 1)
      setTimeout(() => setVersion((v) => v + 1), 2500)
    } catch (error) {
      message.error(errorText(error))
    } finally {
      setSending(false)
    }
  }

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('broadcast.send')} style={{ marginBottom: 16 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select placeholder={t('broadcast.group')} value={group} onChange={setGroup} options={groups.map((g) => ({ value: g, label: g }))} style={{ width: '100%' }} />
            <Input.TextArea rows={4} maxLength={500} showCount value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('broadcast.body')} />
            <Button type="primary" icon={<SoundOutlined />} loading={sending} disabled={!body.trim() || !group} onClick={send}>
              {t('broadcast.send')}
            </Button>
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('broadcast.history')} extra={<Button size="small" onClick={() => setVersion((v) => v + 1)}>{t('broadcast.refresh')}</Button>}>
          {history.data?.length ? (
            <List
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
                        {a.deliveries.map((delivery) => (
                          <Tag key={delivery.deviceId} color={delivery.ackedAt ? 'green' : 'orange'}>
                            {delivery.label ?? delivery.serial} · {t(delivery.ackedAt ? 'broadcast.acked' : 'broadcast.pending')}
                          </Tag>
                        ))}
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
