import { Alert, App, Form, Modal, type FormInstance } from 'antd'
import { useState, type ReactNode } from 'react'
import type { z } from 'zod'
import { api } from '../../api/client.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

interface Props<V> {
  title: string
  /** The form's field names: problems on other fields go to the banner. */
  fields: readonly string[]
  schema: z.ZodType
  /** Form values → the request body the schema checks. */
  toInput: (values: V) => unknown
  method: 'POST' | 'PUT'
  url: string
  initialValues?: Partial<V>
  onClose: () => void
  onSaved: (saved: unknown) => void
  children: (form: FormInstance<V>) => ReactNode
}

/**
 * A modal form checked by the shared Zod schema before it is sent; the server's problems land
 * under the fields, re-worded when the language changes. Every recruitment form uses it.
 */
export function SchemaFormModal<V extends Record<string, unknown>>({
  title,
  fields,
  schema,
  toInput,
  method,
  url,
  initialValues,
  onClose,
  onSaved,
  children,
}: Props<V>) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<V>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const problems = useFormProblems(form, fields)

  const save = async () => {
    setBanner(undefined)
    problems.reset()
    const parsed = schema.safeParse(toInput(blankToUndefined(form.getFieldsValue(true) as V)))
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => `${e.field}: ${e.message}`).join('；'))
      return
    }
    problems.clear()
    setSaving(true)
    try {
      const saved = await api(url, { method, body: parsed.data })
      void message.success(t('rec.saved'))
      onSaved(saved)
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} okText={t('rec.save')} destroyOnHidden>
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initialValues}>
        {children(form)}
      </Form>
    </Modal>
  )
}
