import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import type { Person } from '../../../shared/schemas/person.ts'
import { ISOLATION_KINDS, isolationOrderInputSchema } from '../../../shared/schemas/isolation.ts'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import type { Page } from '../../api/types.ts'
import { api, errorText } from '../../api/client.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'

/** Opens an isolation order by hand for a registered person (the gate opens them on yellow/red codes). */
export function NewOrderModal({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(id: string): void }) {
  const { t, locale } = useI18n()
  const { message } = App.useApp()
  const [q, setQ] = useState('')
  const [personId, setPersonId] = useState<string>()
  const [kind, setKind] = useState<'home' | 'centralised'>('home')
  const [address, setAddress] = useState('')
  const [endsAt, setEndsAt] = useState<Dayjs | null>(dayjs().add(14, 'day'))
  const [responsible, setResponsible] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const [saving, setSaving] = useState(false)
  const people = useApiData<Page<Person>>(open && q ? '/api/people' : null, { q, pageSize: 20 })
  const workers = useApiData<{ id: string; displayName: string; areaName: string }[]>(
    open ? '/api/isolation-orders/responsible-options' : null,
  )

  useEffect(() => {
    if (!open) return
    setQ('')
    setPersonId(undefined)
    setKind('home')
    setAddress('')
    setEndsAt(dayjs().add(14, 'day'))
    setResponsible(undefined)
    setProblem(undefined)
  }, [open])

  const submit = async () => {
    const parsed = isolationOrderInputSchema.safeParse({
      personId,
      kind,
      address: address || undefined,
      endsAt: endsAt?.toISOString(),
      responsibleAccountId: responsible,
    })
    if (!parsed.success)
      return setProblem(
        localizeIssues(parsed.error.issues, locale)
          .map((e) => `${e.field}: ${e.message}`)
          .join('；'),
      )
    setSaving(true)
    try {
      const created = await api<{ id: string }>('/api/isolation-orders', { method: 'POST', body: parsed.data })
      void message.success(t('isolation.new'))
      onSaved(created.id)
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal open={open} title={t('isolation.new')} onCancel={onClose} onOk={submit} confirmLoading={saving} destroyOnHidden>
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical">
        <Form.Item label={t('isolation.person')} required>
          <Select
            showSearch={{ filterOption: false, onSearch: (value) => setQ(value.trim()) }}
            value={personId}
            onChange={(id) => {
              setPersonId(id)
              const person = people.data?.items.find((p) => p.id === id)
              if (person?.address) setAddress(person.address)
            }}
            placeholder={t('isolation.personSearch')}
            loading={people.loading}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.idNumberMasked} · ${p.areaName}` }))}
          />
        </Form.Item>
        <Form.Item label={t('devices.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={ISOLATION_KINDS.map((k) => ({ value: k, label: t(`isolation.kind.${k}` as UiKey) }))}
          />
        </Form.Item>
        <Form.Item label={t('isolation.address')}>
          <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
        </Form.Item>
        <Form.Item label={t('isolation.endsAt')}>
          <DatePicker showTime value={endsAt} onChange={setEndsAt} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('isolation.responsible')}>
          <Select
            allowClear
            value={responsible}
            onChange={setResponsible}
            options={(workers.data ?? []).map((w) => ({ value: w.id, label: `${w.displayName} · ${w.areaName}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
