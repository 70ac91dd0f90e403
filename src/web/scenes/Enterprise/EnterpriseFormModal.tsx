import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd'
import { useEffect, useState } from 'react'
import type { z } from 'zod'
import type { Area } from '../../../shared/schemas/area.ts'
import {
  enterpriseInputSchema,
  INDUSTRIES,
  type Enterprise,
  type EnterpriseInput,
  type liaisonOptionSchema,
} from '../../../shared/schemas/enterprise.ts'
import { api } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

const FIELDS = [
  'name',
  'creditCode',
  'industry',
  'aboveScale',
  'staffLocal',
  'staffOtherProvince',
  'address',
  'contactName',
  'contactPhone',
  'areaId',
  'ownerAccountId',
]

interface Props {
  open: boolean
  defaultAreaId?: string
  onClose(): void
  onSaved(enterprise: Enterprise): void
}

/** Registers an enterprise: the shared schema checks the credit code's check character before it is sent. */
export function EnterpriseFormModal({ open, defaultAreaId, onClose, onSaved }: Props) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<EnterpriseInput>()
  const problems = useFormProblems(form, FIELDS)
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const areaId = Form.useWatch('areaId', form)
  const tree = useApiData<Area[]>(open ? '/api/areas/tree' : null, { maxLevel: 'village' })
  const liaisons = useApiData<z.infer<typeof liaisonOptionSchema>[]>(open && areaId ? '/api/enterprise/registry/liaisons' : null, {
    areaId,
  })

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({ areaId: defaultAreaId, aboveScale: false, staffLocal: 0, staffOtherProvince: 0, industry: 'footwear' })
    setBanner(undefined)
    problems.reset()
  }, [open])

  const submit = async () => {
    setBanner(undefined)
    const parsed = enterpriseInputSchema.safeParse(blankToUndefined(form.getFieldsValue(true) as EnterpriseInput))
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    setSaving(true)
    try {
      const saved = await api<Enterprise>('/api/enterprise/registry', { method: 'POST', body: parsed.data })
      void message.success(t('ent.form.saved', { name: saved.name }))
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
      title={t('ent.form.addTitle')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={submit} data-testid="enterprise-form-submit">
          {t('form.save')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="enterprise-form">
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('ent.form.name')} required>
              <Input maxLength={100} data-testid="enterprise-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="creditCode" label={t('ent.col.creditCode')} required>
              <Input
                className="gl-mono"
                maxLength={20}
                placeholder={t('ent.form.creditPlaceholder')}
                data-testid="enterprise-credit-code"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="industry" label={t('ent.col.industry')} required>
              <Select options={INDUSTRIES.map((i) => ({ value: i, label: d.enterprise.industry[i] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="aboveScale" label={t('ent.form.aboveScale')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="staffLocal" label={t('ent.form.staffLocal')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="staffOtherProvince" label={t('ent.form.staffOther')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="areaId" label={t('ent.form.area')} required>
              <AreaTreeSelect areas={tree.data ?? []} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ownerAccountId" label={t('ent.form.owner')}>
              <Select
                allowClear
                loading={liaisons.loading}
                options={(liaisons.data ?? []).map((l) => ({ value: l.id, label: `${l.displayName}（${l.areaName}）` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('ent.form.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('ent.form.contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactPhone" label={t('ent.form.contactPhone')}>
              <Input className="gl-mono" maxLength={14} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
