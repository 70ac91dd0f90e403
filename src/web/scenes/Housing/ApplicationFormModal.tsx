import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row } from 'antd'
import { useEffect, useState } from 'react'
import type { Area } from '../../../shared/schemas/area.ts'
import { propertyInputSchema, type Property, type PropertyInput } from '../../../shared/schemas/housing.ts'
import { api } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

const FIELDS = ['areaId', 'address', 'rooms', 'beds', 'capacity', 'landlordPersonId']

export interface ApplicationFormProps {
  open: boolean
  /** The application being changed (draft or returned); absent for a new one. */
  editing?: Property
  defaultAreaId?: string
  onClose(): void
  onSaved(property: Property): void
}

/**
 * A landlord's application for a house code: where the property is, its rooms, beds and the
 * capacity asked for. Saved as a draft; floor plans and photos are added on the property page.
 */
export function ApplicationFormModal({ open, editing, defaultAreaId, onClose, onSaved }: ApplicationFormProps) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<PropertyInput>()
  const problems = useFormProblems(form, FIELDS)
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const tree = useApiData<Area[]>(open ? '/api/areas/tree' : null, { maxLevel: 'grid' })

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(
      editing
        ? { areaId: editing.areaId, address: editing.address, rooms: editing.rooms, beds: editing.beds, capacity: editing.capacity }
        : { areaId: defaultAreaId },
    )
    setBanner(undefined)
    problems.reset()
    // Only when the modal opens: later prop changes must not wipe what the user typed.
  }, [open])

  const submit = async () => {
    setBanner(undefined)
    const parsed = propertyInputSchema.safeParse(blankToUndefined(form.getFieldsValue(true) as PropertyInput))
    if (!parsed.success) {
      problems.showIssues(parsed.error.issues)
      return
    }
    problems.clear()
    setSaving(true)
    try {
      const saved = editing
        ? await api<Property>(`/api/housing/properties/${editing.id}`, { method: 'PUT', body: parsed.data })
        : await api<Property>('/api/housing/properties', { method: 'POST', body: parsed.data })
      void message.success(t('housing.form.saved', { address: saved.address }))
      onSaved(saved)
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t(editing ? 'housing.form.editTitle' : 'housing.form.applyTitle')}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={submit} data-testid="application-save">
          {t('housing.form.saveDraft')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="application-form">
        <Form.Item name="areaId" label={t('col.area')} required>
          <AreaTreeSelect areas={tree.data ?? []} style={{ width: '100%' }} data-testid="application-area" />
        </Form.Item>
        <Form.Item name="address" label={t('housing.col.address')} required>
          <Input maxLength={200} placeholder={t('housing.form.addressPlaceholder')} data-testid="application-address" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={8}>
            <Form.Item name="rooms" label={t('housing.col.rooms')} required>
              <InputNumber min={1} max={500} style={{ width: '100%' }} data-testid="application-rooms" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="beds" label={t('housing.col.beds')} required>
              <InputNumber min={1} max={2000} style={{ width: '100%' }} data-testid="application-beds" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="capacity" label={t('housing.col.capacity')} required tooltip={t('housing.form.capacityHint')}>
              <InputNumber min={1} max={2000} style={{ width: '100%' }} data-testid="application-capacity" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
