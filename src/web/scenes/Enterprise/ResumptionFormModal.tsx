import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Space } from 'antd'
import type { Dayjs } from 'dayjs'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import {
  CHECKLIST_PARTS,
  RESUMPTION_CHECKLIST,
  resumptionInputSchema,
  type Resumption,
} from '../../../shared/schemas/enterprise-resumption.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'

interface FormValues {
  checklist: Record<string, Record<string, boolean>>
  returningLocal: number
  returningOtherProvince: number
  firstDay?: Dayjs
  masks: number
  thermometers: number
  disinfectantLitres: number
  vehiclePasses: { plate?: string; route?: string }[]
  note?: string
}

/** The enterprise's application: the four-part prevention checklist, the return plan, PPE, vehicle passes. */
export function ResumptionFormModal({ open, onClose, onSubmitted }: { open: boolean; onClose(): void; onSubmitted(r: Resumption): void }) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormValues>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({
      returningLocal: 0,
      returningOtherProvince: 0,
      masks: 0,
      thermometers: 0,
      disinfectantLitres: 0,
      vehiclePasses: [],
      firstDay: dayjs().add(1, 'day'),
    })
    setBanner(undefined)
  }, [open])

  const submit = async () => {
    const v = form.getFieldsValue(true) as FormValues
    const body = {
      checklist: v.checklist ?? {},
      staffPlan: {
        returningLocal: v.returningLocal ?? 0,
        returningOtherProvince: v.returningOtherProvince ?? 0,
        firstDay: v.firstDay?.format('YYYY-MM-DD'),
      },
      ppe: { masks: v.masks ?? 0, thermometers: v.thermometers ?? 0, disinfectantLitres: v.disinfectantLitres ?? 0 },
      vehiclePasses: (v.vehiclePasses ?? []).filter((p) => p.plate || p.route),
      note: v.note?.trim() || undefined,
    }
    const parsed = resumptionInputSchema.safeParse(body)
    if (!parsed.success) {
      setBanner(
        localizeIssues(parsed.error.issues, locale)
          .map((i) => i.message)
          .join('；'),
      )
      return
    }
    setSaving(true)
    try {
      const saved = await api<Resumption>('/api/enterprise/resumption', { method: 'POST', body: parsed.data })
      void message.success(t('ent.res.submitted'))
      onSubmitted(saved)
    } catch (error) {
      setBanner(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('ent.res.formTitle')}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={submit} data-testid="resumption-submit">
          {t('ent.report.submit')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('ent.res.checklist')}
        </Divider>
        <div className="gl-ent-checklist">
          {CHECKLIST_PARTS.map((part) => (
            <Card key={part} size="small" title={d.enterprise.checklistPart[part]}>
              {RESUMPTION_CHECKLIST[part].map((item) => (
                <Form.Item key={item} name={['checklist', part, item]} valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox>{d.enterprise.checklistItem[item]}</Checkbox>
                </Form.Item>
              ))}
            </Card>
          ))}
        </div>
        <Divider titlePlacement="start" plain>
          {t('ent.res.staffPlan')}
        </Divider>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="returningLocal" label={t('ent.res.returningLocal')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="returningOtherProvince" label={t('ent.res.returningOther')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="firstDay" label={t('ent.res.firstDay')} required>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('ent.res.ppe')}
        </Divider>
        <Row gutter={16}>
          {(['masks', 'thermometers', 'disinfectantLitres'] as const).map((key) => (
            <Col xs={8} key={key}>
              <Form.Item
                name={key}
                label={t(key === 'masks' ? 'ent.res.masks' : key === 'thermometers' ? 'ent.res.thermometers' : 'ent.res.disinfectant')}
              >
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start" plain>
          {t('ent.res.passes')}
        </Divider>
        <Form.List name="vehiclePasses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'plate']} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('ent.res.plate')} maxLength={10} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'route']} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('ent.res.route')} maxLength={100} style={{ width: 320 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('ent.res.addPass')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('ent.res.note')} style={{ marginTop: 16 }}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
