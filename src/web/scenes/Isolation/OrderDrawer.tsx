import { Alert, App, Button, Descriptions, Divider, Drawer, Input, List, Popconfirm, Space, Tag } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { Device, DeviceReading } from '../../../shared/schemas/devices.ts'
import type { IsolationOrder } from '../../../shared/schemas/isolation.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { usePublicLink } from '../../lib/public-url.ts'

function Readings({ device }: { device: Device }) {
  const { t } = useI18n()
  const { data } = useApiData<DeviceReading[]>(`/api/devices/${device.id}/readings`, { limit: 5 })
  const show = (r: DeviceReading) =>
    r.kind === 'temperature'
      ? `${r.value?.toFixed(1)} °C`
      : r.kind === 'door'
        ? r.value
          ? t('devices.doorOpen')
          : t('devices.doorClosed')
        : r.kind === 'motion'
          ? r.snapshotRef
          : '♥'
  if (!data?.length) return <span className="gl-page-sub">{t('devices.never')}</span>
  return <span className="gl-mono">{data.map((r) => `${dayjs(r.measuredAt).format('HH:mm')} ${show(r)}`).join(' · ')}</span>
}

/** One isolation order: who, where, until when; its devices (bind by serial, unbind, latest readings); release. */
export function OrderDrawer({ orderId, onClose, onChanged }: { orderId?: string; onClose(): void; onChanged(): void }) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [version, setVersion] = useState(0)
  const [serial, setSerial] = useState('')
  const [note, setNote] = useState('')
  const [link, setLink] = useState<string>()
  // PUBLIC_URL, not this browser's address: the person's phone must reach it.
  const publicSelfLink = usePublicLink(link ?? null)
  const { data, error, reload } = useApiData<IsolationOrder>(orderId ? `/api/isolation-orders/${orderId}` : null, undefined, version)

  const act = async (run: () => Promise<unknown>, done?: string) => {
    try {
      await run()
      if (done) void message.success(done)
      setVersion((v) => v + 1)
      onChanged()
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  return (
    <Drawer
      open={!!orderId}
      onClose={() => {
        setLink(undefined)
        onClose()
      }}
      size={620}
      title={data ? `${data.personName} · ${t(`isolation.kind.${data.kind}` as UiKey)}` : ' '}
      destroyOnHidden
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {link ? (
        <Alert
          type="success"
          showIcon
          title={t('returnees.selfLink')}
          description={<span className="gl-mono">{publicSelfLink}</span>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {data ? (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('isolation.period')} span={2}>
              <span className="gl-mono">
                {dayjs(data.startsAt).format('YYYY-MM-DD HH:mm')} → {dayjs(data.endsAt).format('YYYY-MM-DD HH:mm')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('isolation.address')} span={2}>
              {data.address ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('isolation.responsible')}>{data.responsibleName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.area')}>{data.areaName}</Descriptions.Item>
            {data.status === 'released' ? (
              <Descriptions.Item label={t('isolation.releaseNote')} span={2}>
                {data.releaseNote}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {data.status === 'open' ? (
            <>
              <Divider titlePlacement="start" plain>
                {t('isolation.devices')}
              </Divider>
              <List
                size="small"
                dataSource={data.devices}
                locale={{ emptyText: '—' }}
                renderItem={(device) => (
                  <List.Item
                    actions={[
                      <Button
                        key="unbind"
                        size="small"
                        type="link"
                        danger
                        onClick={() => act(() => api(`/api/isolation-orders/${data.id}/devices/${device.id}`, { method: 'DELETE' }))}
                      >
                        {t('isolation.unbind')}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          <Tag>{d.devices.deviceKind[device.kind]}</Tag>
                          <span className="gl-mono">{device.serial}</span>
                          {device.battery !== null ? <span className="gl-page-sub">{device.battery}%</span> : null}
                        </Space>
                      }
                      description={<Readings device={device} />}
                    />
                  </List.Item>
                )}
              />
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input
                  value={serial}
                  onChange={(e) => setSerial(e.target.value)}
                  placeholder={t('isolation.bindPlaceholder')}
                  className="gl-mono"
                />
                <Button
                  type="primary"
                  disabled={!serial.trim()}
                  onClick={() =>
                    act(() =>
                      api(`/api/isolation-orders/${data.id}/devices`, { method: 'POST', body: { serial: serial.trim() } }).then(() =>
                        setSerial(''),
                      ),
                    )
                  }
                >
                  {t('isolation.bind')}
                </Button>
              </Space.Compact>
              <Divider />
              <Space wrap>
                <Button
                  onClick={() =>
                    act(async () =>
                      setLink(
                        (await api<{ selfServicePath: string }>(`/api/isolation-orders/${data.id}/self-link`, { method: 'POST' }))
                          .selfServicePath,
                      ),
                    )
                  }
                >
                  {t('isolation.selfLink')}
                </Button>
                <Input
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('isolation.releaseNote')}
                  style={{ width: 220 }}
                  maxLength={500}
                />
                <Popconfirm
                  title={t('isolation.release')}
                  onConfirm={() =>
                    act(() => api(`/api/isolation-orders/${data.id}/release`, { method: 'POST', body: { note } }), t('isolation.released'))
                  }
                  disabled={!note.trim()}
                >
                  <Button danger disabled={!note.trim()}>
                    {t('isolation.release')}
                  </Button>
                </Popconfirm>
              </Space>
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}
