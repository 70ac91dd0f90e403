import { PlusOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import type { Area } from '../../../shared/schemas/area.ts'
import { DEVICE_KINDS, deviceInputSchema, type Device, type DeviceCredentials, type DeviceKind } from '../../../shared/schemas/devices.ts'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { api, errorText } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'

function Credentials({ credentials }: { credentials: DeviceCredentials }) {
  const { t } = useI18n()
  return (
    <Alert
      type="warning"
      showIcon
      title={t('devices.credentials')}
      description={
        <Descriptions size="small" column={1} className="gl-mono" data-testid="device-credentials">
          <Descriptions.Item label="MQTT username">{credentials.mqttUsername}</Descriptions.Item>
          <Descriptions.Item label="MQTT password">{credentials.mqttPassword}</Descriptions.Item>
          <Descriptions.Item label="signing key">{credentials.signingKey}</Descriptions.Item>
          <Descriptions.Item label="topics">{`${credentials.topicBase}/…`}</Descriptions.Item>
        </Descriptions>
      }
    />
  )
}

/** Registers a device; its credentials are shown once, right here. */
function RegisterDeviceModal({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(): void }) {
  const { t, d, locale } = useI18n()
  const { selectedAreaId } = useSession()
  const tree = useApiData<Area[]>(open ? '/api/areas/tree' : null, { maxLevel: 'grid' })
  const [values, setValues] = useState<{
    serial: string
    kind: DeviceKind
    label: string
    areaId?: string
    groupName: string
    streamUrl: string
    reportIntervalS: number
  }>()
  const [credentials, setCredentials] = useState<DeviceCredentials>()
  const [problem, setProblem] = useState<string>()
  useEffect(() => {
    if (!open) return
    setValues({ serial: '', kind: 'bracelet', label: '', areaId: selectedAreaId, groupName: '', streamUrl: '', reportIntervalS: 60 })
    setCredentials(undefined)
    setProblem(undefined)
  }, [open])
  if (!values) return null
  const set = (patch: Partial<typeof values>) => setValues({ ...values, ...patch })
  const submit = async () => {
    if (credentials) return onClose()
    const parsed = deviceInputSchema.safeParse({
      ...values,
      label: values.label || undefined,
      groupName: values.groupName || undefined,
      streamUrl: values.streamUrl || undefined,
    })
    if (!parsed.success)
      return setProblem(
        localizeIssues(parsed.error.issues, locale)
          .map((e) => `${e.field}: ${e.message}`)
          .join('；'),
      )
    try {
      setCredentials(await api<DeviceCredentials>('/api/devices', { method: 'POST', body: parsed.data }))
      onSaved()
    } catch (error) {
      setProblem(errorText(error))
    }
  }
  return (
    <Modal
      open={open}
      title={t('devices.register')}
      onCancel={onClose}
      onOk={submit}
      okText={credentials ? 'OK' : undefined}
      destroyOnHidden
      width={620}
    >
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
      {credentials ? (
        <Credentials credentials={credentials} />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('devices.kind')} required>
            <Select
              value={values.kind}
              onChange={(kind) => set({ kind })}
              options={DEVICE_KINDS.map((k) => ({ value: k, label: d.devices.deviceKind[k] }))}
            />
          </Form.Item>
          <Form.Item label={t('devices.serial')} required>
            <Input className="gl-mono" value={values.serial} onChange={(e) => set({ serial: e.target.value })} maxLength={64} />
          </Form.Item>
          <Form.Item label={t('devices.label')}>
            <Input value={values.label} onChange={(e) => set({ label: e.target.value })} maxLength={100} />
          </Form.Item>
          <Form.Item label={t('col.area')} required>
            <AreaTreeSelect
              areas={tree.data ?? []}
              value={values.areaId}
              onChange={(areaId) => set({ areaId })}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {values.kind === 'speaker' ? (
            <Form.Item label={t('devices.group')}>
              <Input value={values.groupName} onChange={(e) => set({ groupName: e.target.value })} maxLength={50} />
            </Form.Item>
          ) : null}
          {values.kind === 'public_camera' ? (
            <Form.Item label={t('devices.stream')}>
              <Input className="gl-mono" value={values.streamUrl} onChange={(e) => set({ streamUrl: e.target.value })} />
            </Form.Item>
          ) : null}
          <Form.Item label={t('devices.interval')}>
            <InputNumber min={1} max={86400} value={values.reportIntervalS} onChange={(v) => set({ reportIntervalS: v ?? 60 })} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  )
}

/** The device registry of the area: kind, binding, battery, last heard; new credentials, retire. */
export function DevicesTab() {
  const { t, d } = useI18n()
  const { message, modal } = App.useApp()
  const { selectedAreaId } = useSession()
  const [kind, setKind] = useState<DeviceKind>()
  const [version, setVersion] = useState(0)
  const [registering, setRegistering] = useState(false)
  const { data, error, loading, reload } = useApiData<Device[]>(
    selectedAreaId ? '/api/devices' : null,
    { kind, areaId: selectedAreaId },
    version,
  )

  const rotate = async (device: Device) => {
    try {
      const credentials = await api<DeviceCredentials>(`/api/devices/${device.id}/rotate-secret`, { method: 'POST' })
      modal.info({ title: device.serial, width: 620, content: <Credentials credentials={credentials} /> })
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }
  const retire = async (device: Device) => {
    try {
      await api(`/api/devices/${device.id}`, { method: 'DELETE' })
      setVersion((v) => v + 1)
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  const columns: TableColumnsType<Device> = [
    { title: t('devices.serial'), dataIndex: 'serial', render: (v: string) => <span className="gl-mono">{v}</span> },
    { title: t('devices.kind'), dataIndex: 'kind', render: (k: DeviceKind) => d.devices.deviceKind[k] },
    { title: t('devices.label'), dataIndex: 'label', render: (v: string | null, r) => v ?? r.groupName ?? '—', responsive: ['md'] },
    {
      title: t('isolation.tabOrders'),
      dataIndex: 'isolationOrderId',
      render: (v: string | null) => (v ? <Tag color="blue">{t('devices.bound')}</Tag> : <Tag>{t('devices.free')}</Tag>),
    },
    {
      title: t('devices.battery'),
      dataIndex: 'battery',
      align: 'right',
      render: (v: number | null) =>
        v === null ? (
          '—'
        ) : (
          <span className="gl-mono" style={{ color: v < 20 ? '#cf1322' : undefined }}>
            {v}%
          </span>
        ),
    },
    {
      title: t('devices.lastSeen'),
      dataIndex: 'lastSeenAt',
      render: (v: string | null) =>
        v ? <span className="gl-mono">{dayjs(v).format('MM-DD HH:mm')}</span> : <span className="gl-page-sub">{t('devices.never')}</span>,
    },
    { title: t('col.area'), dataIndex: 'areaName', responsive: ['lg'] },
    {
      key: 'actions',
      align: 'right',
      render: (_: unknown, device) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => rotate(device)}>
            {t('devices.rotate')}
          </Button>
          <Popconfirm title={t('devices.retire')} onConfirm={() => retire(device)}>
            <Button type="link" size="small" danger>
              {t('devices.retire')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar" style={{ justifyContent: 'space-between' }}>
        <Select<DeviceKind | undefined>
          allowClear
          placeholder={t('devices.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 180 }}
          options={DEVICE_KINDS.map((k) => ({ value: k, label: d.devices.deviceKind[k] }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
          {t('devices.register')}
        </Button>
      </div>
      <Table<Device>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={loading}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <RegisterDeviceModal open={registering} onClose={() => setRegistering(false)} onSaved={() => setVersion((v) => v + 1)} />
    </Card>
  )
}
