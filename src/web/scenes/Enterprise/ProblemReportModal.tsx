import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { Enterprise } from '../../../shared/schemas/enterprise.ts'
import {
  EXPERT_FIELDS,
  PROBLEM_CATEGORIES,
  SLA_WORKING_DAYS,
  problemInputSchema,
  type Problem,
  type ProblemInput,
} from '../../../shared/schemas/enterprise-problem.ts'
import { api } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

const FIELDS = ['enterpriseId', 'category', 'title', 'description', 'expertField']

interface Props {
  open: boolean
  /** Staff choose the enterprise; an enterprise account reports for itself. */
  chooseEnterprise: boolean
  onClose(): void
  onReported(problem: Problem): void
}

/** 发现: the enterprise (or its liaison) describes a problem; the shared schema checks it before it goes. */
export function ProblemReportModal({ open, chooseEnterprise, onClose, onReported }: Props) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<ProblemInput>()
  const problems = useFormProblems(form, FIELDS)
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const category = Form.useWatch('category', form)
  const enterprises = useApiData<Page<Enterprise>>(open && chooseEnterprise ? '/api/enterprise/registry' : null, { pageSize: 200 })

  useEffect(() => {
    if (!open) return
    form.resetFields()
    setBanner(undefined)
    problems.reset()
  }, [open])

  const submit = async () => {
    setBanner(undefined)
    const values = blankToUndefined(form.getFieldsValue(true) as ProblemInput)
    const parsed = problemInputSchema.safeParse(values)
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    setSaving(true)
    try {
      const problem = await api<Problem>('/api/enterprise/problems', { method: 'POST', body: parsed.data })
      void message.success(t('ent.report.sent'))
      onReported(problem)
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
      title={t('ent.report.title')}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={submit} data-testid="problem-report-submit">
          {t('ent.report.submit')}
        </Button>,
      ]}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="problem-report-form">
        {chooseEnterprise ? (
          <Form.Item name="enterpriseId" label={t('ent.report.enterprise')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={enterprises.loading}
              options={(enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
              data-testid="problem-report-enterprise"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="category"
          label={t('ent.report.category')}
          required
          extra={category ? t('ent.report.sla', { n: SLA_WORKING_DAYS[category] }) : undefined}
        >
          <Select
            options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: d.enterprise.category[c] }))}
            data-testid="problem-report-category"
          />
        </Form.Item>
        <Form.Item name="title" label={t('ent.report.titleField')} required>
          <Input maxLength={100} data-testid="problem-report-title" />
        </Form.Item>
        <Form.Item name="description" label={t('ent.report.description')} required>
          <Input.TextArea rows={4} maxLength={2000} data-testid="problem-report-description" />
        </Form.Item>
        <Form.Item name="expertField" label={t('ent.report.expertField')}>
          <Select
            allowClear
            placeholder={t('ent.report.expertNone')}
            options={EXPERT_FIELDS.map((f) => ({ value: f, label: d.enterprise.field[f] }))}
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        {t('ent.loop')}
      </Typography.Paragraph>
    </Modal>
  )
}
