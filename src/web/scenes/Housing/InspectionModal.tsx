import { UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Form, Input, Modal, Radio, Upload, type UploadFile } from 'antd'
import { useEffect, useState } from 'react'
import {
  CHECKLISTS,
  inspectionInputSchema,
  ITEMS_FAILING_WITH_PHOTO,
  type InspectionInput,
  type InspectorRole,
  type PropertyDetail,
} from '../../../shared/schemas/housing.ts'
import { api, errorText } from '../../api/client.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { sendFile } from './housing-api.ts'

/** The form's values: flat names that match the server's field paths (items.0.passed …). */
type Values = Record<string, string | UploadFile<{ id: string }>[] | undefined>

const uploadedIds = (files: unknown) =>
  ((files as UploadFile<{ id: string }>[] | undefined) ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []))

/**
 * One inspector's on-site sign-off: their role's checklist, each item marked pass or fail (none
 * is marked beforehand), a failed item with the reason, a failed fire-safety item with a photo,
 * an overall remark and photos. The shared schema checks it here and the server again; errors
 * sit under their item, in the user's language. A failed item returns the application.
 */
export function InspectionModal({
  property,
  role,
  open,
  onClose,
  onSigned,
}: {
  property: PropertyDetail
  role: InspectorRole
  open: boolean
  onClose(): void
  onSigned(): void
}) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const items = CHECKLISTS[role]
  const [form] = Form.useForm<Values>()
  const fields = [...items.flatMap((_, i) => [`items.${i}.passed`, `items.${i}.note`, `items.${i}.photoIds`]), 'note', 'photoIds', 'items']
  const problems = useFormProblems(form, fields)
  const values = (Form.useWatch([], form) ?? {}) as Values
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const answered = items.filter((_, i) => values[`items.${i}.passed`]).length

  useEffect(() => {
    if (!open) return
    form.resetFields()
    problems.reset()
    setBanner(undefined)
  }, [open])

  const toBody = (v: Values): InspectionInput => ({
    items: items.map((item, i) => {
      const answer = v[`items.${i}.passed`]
      const note = typeof v[`items.${i}.note`] === 'string' ? (v[`items.${i}.note`] as string).trim() : ''
      return {
        item,
        passed: answer === undefined ? null : answer === 'pass',
        note: note || undefined,
        photoIds: answer === 'fail' ? uploadedIds(v[`items.${i}.photoIds`]) : [],
      }
    }),
    note: typeof v.note === 'string' && v.note.trim() ? v.note.trim() : undefined,
    photoIds: uploadedIds(v.photoIds),
  })

  const sign = async () => {
    setBanner(undefined)
    const body = toBody(form.getFieldsValue(true) as Values)
    const checked = inspectionInputSchema.safeParse(body)
    if (!checked.success) {
      const rest = problems.showIssues(checked.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    setSaving(true)
    try {
      await api(`/api/housing/properties/${property.id}/inspections`, { method: 'POST', body })
      void message.success(t('housing.inspect.signedOk'))
      onSigned()
    } catch (error) {
      setBanner(problems.showServer(error).banner)
    } finally {
      setSaving(false)
    }
  }

  const upload = (name: string, testId: string) => (
    <Upload<{ id: string }>
      accept="image/jpeg,image/png,image/webp"
      listType="picture"
      data-testid={testId}
      customRequest={({ file, onSuccess, onError }) => {
        const blob = file as File
        sendFile<{ id: string }>(
          `/api/housing/properties/${property.id}/files?kind=inspection&name=${encodeURIComponent(blob.name)}`,
          blob,
          locale,
        ).then(
          (saved) => onSuccess?.(saved),
          (error: unknown) => {
            void message.error(errorText(error))
            onError?.(error as Error)
          },
        )
      }}
      onChange={() => problems.fieldChanged({ [name]: true })}
    >
      <Button icon={<UploadOutlined />}>{t('housing.upload')}</Button>
    </Upload>
  )

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
        <Button key="sign" type="primary" loading={saving} onClick={sign} data-testid="inspection-sign">
          {t('housing.inspect.sign')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <p className="gl-page-sub" style={{ marginTop: 0 }}>
        {property.address}
      </p>
      <p className="gl-page-sub" data-testid="inspection-progress">
        {t('housing.inspect.progress', { done: answered, total: items.length })}
      </p>
      <Form
        form={form}
        layout="vertical"
        data-testid="inspection-form"
        onValuesChange={(changed: Record<string, unknown>) => problems.fieldChanged(changed)}
      >
        {items.map((item, i) => {
          const failed = values[`items.${i}.passed`] === 'fail'
          const photoNeeded = ITEMS_FAILING_WITH_PHOTO.includes(item)
          return (
            <div key={item} className="gl-inspection-item">
              <Form.Item name={`items.${i}.passed`} label={d.housing.item[item]} required style={{ marginBottom: failed ? 8 : 12 }}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    { value: 'pass', label: t('housing.inspect.pass') },
                    { value: 'fail', label: t('housing.inspect.fail') },
                  ]}
                  data-testid={`inspection-item-${item}`}
                />
              </Form.Item>
              {failed ? (
                <Form.Item name={`items.${i}.note`} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('housing.inspect.note')} maxLength={500} data-testid={`inspection-note-${item}`} />
                </Form.Item>
              ) : null}
              {failed ? (
                <Form.Item
                  name={`items.${i}.photoIds`}
                  label={t(photoNeeded ? 'housing.inspect.itemPhotosRequired' : 'housing.inspect.itemPhotos')}
                  valuePropName="fileList"
                  getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
                  style={{ marginBottom: 12 }}
                >
                  {upload(`items.${i}.photoIds`, `inspection-photos-${item}`)}
                </Form.Item>
              ) : null}
            </div>
          )
        })}
        <Form.Item name="note" label={t('housing.inspect.overall')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="photoIds"
          label={t('housing.inspect.photos')}
          extra={t('housing.uploadHint')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
        >
          {upload('photoIds', 'inspection-photos')}
        </Form.Item>
      </Form>
    </Modal>
  )
}
