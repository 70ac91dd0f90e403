import { Alert, App, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { ID_DOCUMENT_TYPES } from '../../../shared/id-document.ts'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import type { Area } from '../../../shared/schemas/area.ts'
import { addDays, OBSERVATION_DAYS, returneeInputSchema, type ReturneeInput } from '../../../shared/schemas/returnees.ts'
import { api, ApiError, errorText } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

interface Values {
  name?: string
  idType: (typeof ID_DOCUMENT_TYPES)[number]
  idNumber?: string
  phone?: string
  areaId?: string
  address?: string
  cameFrom?: string
  arrivedOn?: Dayjs
  before: (number | null)[]
}

/**
 * 三返人员登记表: identity (found in the registry or registered with it), where from, arrival,
 * and the 14 days of temperatures before return. Checked with the shared schema before sending.
 */
export function RegisterReturneeModal({
  open,
  defaultAreaId,
  onClose,
  onSaved,
}: {
  open: boolean
  defaultAreaId?: string
  onClose(): void
  onSaved(created: { id: string; selfServicePath: string; personName: string }): void
}) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [problems, setProblems] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const tree = useApiData<Area[]>(open ? '/api/areas/tree' : null, { maxLevel: 'grid' })
  const arrivedOn = Form.useWatch('arrivedOn', form)

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({ idType: 'resident_id', areaId: defaultAreaId, arrivedOn: dayjs(), before: Array(OBSERVATION_DAYS).fill(null) })
    setProblems([])
  }, [open])

  const beforeDays = (day: string) => Array.from({ length: OBSERVATION_DAYS }, (_, i) => addDays(day, i - OBSERVATION_DAYS))

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values
    const day = v.arrivedOn?.format('YYYY-MM-DD') ?? ''
    const body: ReturneeInput = {
      person: { name: v.name ?? '', idType: v.idType, idNumber: v.idNumber ?? '', phone: v.phone || undefined },
      areaId: v.areaId ?? '',
      address: v.address || undefined,
      cameFrom: v.cameFrom ?? '',
      arrivedOn: day,
      beforeReturn: day
        ? beforeDays(day).flatMap((d, i) => (typeof v.before[i] === 'number' ? [{ day: d, temperature: v.before[i]! }] : []))
        : [],
    }
    const parsed = returneeInputSchema.safeParse(body)
    if (!parsed.success) return setProblems(localizeIssues(parsed.error.issues, locale).map((e) => `${e.field}: ${e.message}`))
    setProblems([])
    setSaving(true)
    try {
      const created = await api<{ id: string; selfServicePath: string; personName: string }>('/api/returnees', {
        method: 'POST',
        body: parsed.data,
      })
      void message.success(t('returnees.created', { name: created.personName }))
      onSaved(created)
    } catch (error) {
      setProblems([errorText(error), ...(error instanceof ApiError ? (error.problem.errors ?? []).map((e) => e.message) : [])])
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('returnees.register')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      width={760}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'returnee-submit' } as Record<string, string>}
    >
      {problems.length ? <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
          {t('returnees.identity')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="name" label={t('col.name')} required>
              <Input maxLength={50} autoComplete="off" data-testid="returnee-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item name="idType" label={t('person.idType')} required>
              <Select options={ID_DOCUMENT_TYPES.map((type) => ({ value: type, label: d.idType[type] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="idNumber" label={t('col.idNumber')} required>
              <Input
                className="gl-mono"
                maxLength={40}
                autoComplete="off"
                placeholder={t('form.idPlaceholder')}
                data-testid="returnee-id-number"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="phone" label={t('col.phone')}>
              <Input className="gl-mono" maxLength={14} inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="cameFrom" label={t('returnees.cameFrom')} required>
              <Input maxLength={100} placeholder={t('form.originPlaceholder')} data-testid="returnee-came-from" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="arrivedOn" label={t('returnees.arrivedOn')} required>
              <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="areaId" label={t('col.area')} required>
              <AreaTreeSelect areas={tree.data ?? []} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="address" label={t('col.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('returnees.before')} <span className="gl-page-sub">· {t('returnees.beforeHint')}</span>
        </Divider>
        <Row gutter={[8, 0]}>
          {(arrivedOn ? beforeDays(arrivedOn.format('YYYY-MM-DD')) : Array<string>(OBSERVATION_DAYS).fill('')).map((day, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the i-th field is form value before[i]; its place is its identity (the days are blank until an arrival date is chosen)
            <Col xs={8} sm={6} md={4} key={i}>
              <Form.Item name={['before', i]} label={<span className="gl-mono">{day.slice(5)}</span>} style={{ marginBottom: 8 }}>
                <InputNumber min={34} max={43} step={0.1} precision={1} style={{ width: '100%' }} placeholder="36.5" />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  )
}
