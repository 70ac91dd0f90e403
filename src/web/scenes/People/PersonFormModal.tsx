import { Alert, App, Button, Col, Divider, Form, Input, Modal, Radio, Row, Select, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { ID_DOCUMENT_TYPES } from '../../../shared/id-document.ts'
import type { Area } from '../../../shared/schemas/area.ts'
import { PERSON_KINDS, personInputSchema, personUpdateSchema, type Person, type PersonInput } from '../../../shared/schemas/person.ts'
import { api } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

const FIELDS = ['name', 'kind', 'idType', 'idNumber', 'phone', 'origin', 'employer', 'address', 'stayedOverHoliday', 'isLandlord', 'areaId']

export interface PersonFormProps {
  open: boolean
  /**
   * The person being edited; absent to register someone new. Roles that may not see the full
   * identity edit without it: the ID and phone fields start empty and, left empty, keep the
   * stored values.
   */
  editing?: { person: Person; idNumber?: string; phone?: string | null }
  defaultAreaId?: string
  onClose(): void
  onSaved(person: Person): void
}

function initialValues(props: PersonFormProps): Partial<PersonInput> {
  const { editing, defaultAreaId } = props
  if (!editing) {
    return { kind: 'new_resident', idType: 'resident_id', areaId: defaultAreaId, stayedOverHoliday: false, isLandlord: false }
  }
  const p = editing.person
  return {
    name: p.name,
    kind: p.kind,
    idType: p.idType,
    idNumber: editing.idNumber,
    phone: editing.phone ?? undefined,
    origin: p.origin ?? undefined,
    employer: p.employer ?? undefined,
    address: p.address ?? undefined,
    stayedOverHoliday: p.stayedOverHoliday,
    isLandlord: p.isLandlord,
    areaId: p.areaId,
  }
}

/**
 * Registers or edits a person. The shared personInputSchema checks the form before it is
 * sent (same rules and same wording as the server); the server's field errors land on the
 * same fields, e.g. a duplicate ID number under the ID field.
 */
export function PersonFormModal(props: PersonFormProps) {
  const { open, editing, onClose, onSaved } = props
  const keepsIdentity = Boolean(editing && editing.idNumber === undefined)
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<PersonInput>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const problems = useFormProblems(form, FIELDS)
  const tree = useApiData<Area[]>(open ? '/api/areas/tree' : null, { maxLevel: 'grid' })

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(initialValues(props))
    setBanner(undefined)
    problems.reset()
    // Only when the modal opens: later prop changes must not wipe what the user typed.
  }, [open])

  const submit = async () => {
    setBanner(undefined)
    problems.reset()
    const values = blankToUndefined(form.getFieldsValue(true) as PersonInput)
    // Editing without the full identity: an empty ID number keeps the stored one.
    const parsed = keepsIdentity ? personUpdateSchema.safeParse(values) : personInputSchema.safeParse(values)
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    setSaving(true)
    try {
      const saved = editing
        ? await api<Person>(`/api/people/${editing.person.id}`, { method: 'PUT', body: parsed.data })
        : await api<Person>('/api/people', { method: 'POST', body: parsed.data })
      void message.success(t(editing ? 'form.updated' : 'form.created', { name: saved.name }))
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
      title={t(editing ? 'form.editTitle' : 'form.registerTitle')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={submit} data-testid="person-form-submit">
          {t('form.save')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="person-form-error" /> : null}
      <Form form={form} layout="vertical" data-testid="person-form">
        <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
          {t('form.sectionIdentity')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('col.name')} required>
              <Input maxLength={50} autoComplete="off" data-testid="person-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('col.kind')} required>
              <Radio.Group optionType="button" buttonStyle="solid" options={PERSON_KINDS.map((k) => ({ value: k, label: d.kind[k] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="idType" label={t('person.idType')} required>
              <Select options={ID_DOCUMENT_TYPES.map((type) => ({ value: type, label: d.idType[type] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="idNumber" label={t('col.idNumber')} required={!keepsIdentity}>
              <Input
                className="gl-mono"
                maxLength={40}
                autoComplete="off"
                placeholder={keepsIdentity ? t('form.keepMasked', { value: editing!.person.idNumberMasked }) : t('form.idPlaceholder')}
                data-testid="person-id-number"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('col.phone')}>
              <Input
                className="gl-mono"
                maxLength={14}
                inputMode="tel"
                autoComplete="off"
                placeholder={
                  keepsIdentity && editing!.person.phoneMasked
                    ? t('form.keepMasked', { value: editing!.person.phoneMasked })
                    : t('form.phonePlaceholder')
                }
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="areaId" label={t('col.area')} required>
              <AreaTreeSelect areas={tree.data ?? []} style={{ width: '100%' }} data-testid="person-area" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('form.sectionResidence')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="origin" label={t('col.origin')}>
              <Input maxLength={100} placeholder={t('form.originPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="employer" label={t('col.employer')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label={t('col.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="stayedOverHoliday" label={t('person.stayedOverHoliday')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="isLandlord" label={t('person.isLandlord')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  )
}
