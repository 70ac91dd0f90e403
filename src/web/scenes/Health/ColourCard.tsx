import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { setHealthStatusBodySchema, type HealthHistory, type SetHealthStatusBody } from '../../../shared/schemas/codes.ts'
import { HEALTH_COLOURS } from '../../../shared/schemas/gate.ts'
import type { Person } from '../../../shared/schemas/person.ts'
import { api } from '../../api/client.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { ColourTag } from './ColourTag.tsx'

const FIELDS = ['colour', 'reason'] as const

/** The person, their colour now, and the form that changes it (a reason is required). */
export function ColourCard({ person, history, onChanged }: { person: Person; history: HealthHistory | undefined; onChanged(): void }) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<SetHealthStatusBody>()
  const problems = useFormProblems(form, FIELDS)
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const current = history?.current ?? null

  useEffect(() => {
    form.resetFields()
    problems.reset()
    setBanner(undefined)
  }, [person.id])

  const submit = async () => {
    setBanner(undefined)
    problems.reset()
    const parsed = setHealthStatusBodySchema.safeParse(form.getFieldsValue(true))
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    if (current?.colour === parsed.data.colour) {
      void message.info(t('health.unchanged'))
      return
    }
    setSaving(true)
    try {
      await api(`/api/codes/health-status/${person.id}`, { method: 'PUT', body: parsed.data })
      void message.success(t('health.saved', { name: person.name, colour: d.health.colour[parsed.data.colour] }))
      form.resetFields()
      onChanged()
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card size="small" data-testid="health-person">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'name', label: t('col.name'), children: <Typography.Text strong>{person.name}</Typography.Text> },
          { key: 'id', label: d.idType[person.idType], children: <span className="gl-mono">{person.idNumberMasked}</span> },
          { key: 'area', label: t('col.area'), children: person.areaName },
          {
            key: 'colour',
            label: t('health.current'),
            children: current ? (
              <Space wrap size={4}>
                <ColourTag colour={current.colour} large />
                <Typography.Text type="secondary">
                  {t('health.setAt', { at: dayjs(current.setAt).format('YYYY-MM-DD HH:mm'), source: d.health.source[current.source] })}
                </Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('health.none')}</Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('health.setColour')}
      </Typography.Title>
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onValuesChange={(changed) => problems.fieldChanged(changed)} data-testid="health-colour-form">
        <Form.Item name="colour" label={t('health.colour')} required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={HEALTH_COLOURS.map((c) => ({ value: c, label: d.health.colour[c] }))}
            data-testid="health-colour"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('health.reason')} required>
          <Input maxLength={200} placeholder={t('health.reasonPlaceholder')} data-testid="health-reason" />
        </Form.Item>
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="health-save">
          {t('health.save')}
        </Button>
      </Form>
    </Card>
  )
}
