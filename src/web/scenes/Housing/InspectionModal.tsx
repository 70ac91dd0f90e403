import { UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Form, Input, Modal, Radio, Upload } from 'antd'
import { useEffect, useState } from 'react'
import { CHECKLISTS, type ChecklistItem, type InspectorRole, type PropertyDetail } from '../../../shared/schemas/housing.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { sendFile } from './housing-api.ts'

interface Entry {
  passed: boolean
  note: string
}

/**
 * One inspector's on-site sign-off: their role's checklist, each item passed or failed with the
 * reason, an overall remark and photos. A failed item returns the application to the landlord.
 */
export function InspectionModal({ property, role, open, onClose, onSigned }: { property: PropertyDetail; role: InspectorRole; open: boolean; onClose(): void; onSigned(): void }) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const items = CHECKLISTS[role]
  const [entries, setEntries] = useState<Record<string, Entry>>({})
  const [note, setNote] = useState('')
  const [photoIds, setPhotoIds] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()

  useEffect(() => {
    if (!open) return
    setEntries(Object.fromEntries(items.map((item) => [item, { passed: true, note: '' }])))
    setNote('')
    setPhotoIds([])
    setBanner(undefined)
  }, [open])

  const set = (item: ChecklistItem, change: Partial<Entry>) => setEntries((current) => ({ ...current, [item]: { ...current[item]!, ...change } }))
  const missingNote = items.some((item) => entries[item] && !entries[item]!.passed && !entries[item]!.note.trim())

  const sign = async () => {
    setSaving(true)
    setBanner(undefined)
    try {
      await api(`/api/housing/properties/${property.id}/inspections`, {
        method: 'POST',
        body: { items: items.map((item) => ({ item, passed: entries[item]!.passed, note: entries[item]!.note.trim() || undefined })), note: note.trim() || undefined, photoIds },
      })
      message.success(t('housing.inspect.signedOk'))
      onSigned()
    } catch (error) {
      setBanner(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('housing.inspect.title', { role: d.housing.inspector[role] })}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="sign" type="primary" loading={saving} disabled={missingNote} onClick={sign} data-testid="inspection-sign">
          {t('housing.inspect.sign')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <p className="gl-page-sub" style={{ marginTop: 0 }}>
        {property.address}
      </p>
      <Form layout="vertical" data-testid="inspection-form">
        {items.map((item) => (
          <Form.Item key={item} label={d.housing.item[item]} style={{ marginBottom: 12 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={entries[item]?.passed ? 'pass' : 'fail'}
              onChange={(e) => set(item, { passed: e.target.value === 'pass' })}
              options={[
                { value: 'pass', label: t('housing.inspect.pass') },
                { value: 'fail', label: t('housing.inspect.fail') },
              ]}
              data-testid={`inspection-item-${item}`}
            />
            {entries[item] && !entries[item]!.passed ? (
              <Input
                style={{ marginTop: 8 }}
                status={entries[item]!.note.trim() ? undefined : 'error'}
                placeholder={t('housing.inspect.note')}
                value={entries[item]!.note}
                maxLength={500}
                onChange={(e) => set(item, { note: e.target.value })}
              />
            ) : null}
          </Form.Item>
        ))}
        <Form.Item label={t('housing.inspect.overall')}>
          <Input.TextArea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('housing.inspect.photos')} extra={t('housing.uploadHint')}>
          <Upload
            accept="image/jpeg,image/png,image/webp"
            listType="picture"
            customRequest={({ file, onSuccess, onError }) => {
              const blob = file as File
              sendFile<{ id: string }>(`/api/housing/properties/${property.id}/files?kind=inspection&name=${encodeURIComponent(blob.name)}`, blob, locale).then(
                (saved) => {
                  setPhotoIds((ids) => [...ids, saved.id])
                  onSuccess?.(saved)
                },
                (error: unknown) => {
                  message.error(errorText(error))
                  onError?.(error as Error)
                },
              )
            }}
          >
            <Button icon={<UploadOutlined />}>{t('housing.upload')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  )
}
